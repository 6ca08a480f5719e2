using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Jepsen.Nemesis;
using OceanClassic.Jepsen.Runner;

namespace OceanClassic.Cluster.Tests;

// The row set (scripts/tools/Jepsen: RowSetWorkload, RowSetChecker) against a real cluster with no fault:
// sixteen clients of the benchmarks' write mix, fresh INSERTs racing UPDATE n = n + 1 / SET c of counter
// rows that the UpdateServer evaluates itself (the tablet has no baseline), DELETEs and transactions.
// Every acknowledged write must be there exactly once, the full scan in key order and
// equal to COUNT(*), the counters equal to their acknowledged increments, CHECK INDEX clean (3b704ec's
// MemTable corruption failed all of these).
[TestClass]
public sealed class RowSetLoadTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(300_000)]
    public async Task EvaluatedUpdatesRacingInsertsDeletesAndTransactionsLeaveEveryAcknowledgedWriteOnceInKeyOrder()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 1, Settings = new Dictionary<string, string> { ["log_sync_type"] = "0" } });
        var applies = await UpsAppliesAsync(cluster);
        var report = await RunAsync(cluster, TimeSpan.FromSeconds(40), freezeAt: null);

        Assert.IsTrue(report.Rows.WritesOk >= 1000, report.Rows.ToString());
        Assert.IsTrue(await UpsAppliesAsync(cluster) - applies >= report.Rows.WritesOk, "the writes reached the UpdateServer");
        Assert.IsTrue(report.Rows.Valid, report.Rows.ToString() + "\n" + string.Join("\n", report.Rows.Errors));
    }

    private async Task<RunReport> RunAsync(TestCluster cluster, TimeSpan duration, TimeSpan? freezeAt)
    {
        var log = new StringWriter();
        var options = new RunOptions
        {
            MySqlEndpoints = [$"127.0.0.1:{cluster.MergeServer.SqlPort}"],
            OutputDirectory = Path.Combine(cluster.Directory, "jepsen"),
            Duration = duration,
            Nemesis = NemesisKind.None,
            RegisterClients = 0,
            BankClients = 0,
            ListAppendClients = 0,
            RowSetClients = 16,
            MajorFreezeAt = freezeAt,
            Seed = 22,
        };
        var report = await JepsenRun.RunAsync(options, null, TextWriter.Synchronized(log), CancellationToken.None);
        TestContext.WriteLine(log.ToString());
        TestContext.WriteLine(report.Describe());
        Assert.IsTrue(report.FinalReadsCompleted, "the final scan, COUNT(*) and CHECK INDEX");
        return report;
    }

    // Apply requests the UPS master has served (rpc_serve.200: "<count> <µs>").
    private static async Task<long> UpsAppliesAsync(TestCluster cluster)
    {
        var values = (await cluster.StatusAsync(cluster.Roles.First(r => r.Role == "ups"))).Values;
        return values.TryGetValue("time.rpc_serve.200", out var timer) ? long.Parse(timer.Split(' ')[0], CultureInfo.InvariantCulture) : 0;
    }
}
