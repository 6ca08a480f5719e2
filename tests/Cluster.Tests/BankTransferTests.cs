using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// Issue 25's bank test against real processes: 50 accounts of 1,000, 16 writers (half transfer with
// SELECT … FOR UPDATE and absolute updates, half with relative updates), 4 readers summing every
// balance in one statement. No sum may differ from the total and the final total is exact — without
// faults, and with kill -9 of the UpdateServer master, of a ChunkServer and of a MergeServer mid-run;
// each run lasts 120 s (OCEANCLASSIC_BANK_SECONDS shortens it locally).
[TestClass]
public sealed class BankTransferTests
{
    private const long Total = 50 * 1_000;

    // The run length; OCEANCLASSIC_BANK_SECONDS shortens it for a quick local run.
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("OCEANCLASSIC_BANK_SECONDS"), out var s) && s > 0 ? s : 120);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(420_000)]
    public async Task TransfersOfBothStylesKeepEverySumAndTheFinalTotalExact()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 2 });
        var load = await BankLoad.StartAsync(_ => cluster.ConnectionString(), "bank");
        try
        {
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Now > RunFor && load.Committed > 200),
                RunFor + TimeSpan.FromSeconds(120), $"{RunFor.TotalSeconds} s of transfers");
        }
        finally
        {
            await load.StopAsync();
        }
        await AssertBalancedAsync(cluster.ConnectionString(), load);
    }

    [TestMethod]
    [Timeout(720_000)]
    public async Task TransfersKeepEverySumExactThroughKillsOfTheUpsMasterAChunkServerAndAMergeServer()
    {
        var settings = new Dictionary<string, string> { ["ups_lease_time"] = "3s", ["cs_lease_duration_time"] = "3s" };
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 3, Ms = 2, Settings = settings });
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(60));
        var ms = new[] { cluster.Get("ms", 1), cluster.Get("ms", 2) };
        // Clients split over both MergeServers; each lists the other as its fallback.
        string ConnectionString(int client) =>
            $"Server=127.0.0.1:{ms[client % 2].SqlPort},127.0.0.1:{ms[(client + 1) % 2].SqlPort};User=root;Password=;ConnectTimeout=10;CommandTimeout=60";
        var load = await BankLoad.StartAsync(ConnectionString, "bank");
        try
        {
            await ProgressAsync(load, "before any fault");
            var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no UPS master");
            master.Kill();
            await ProgressAsync(load, $"after kill -9 of the UPS master {master.Address}");
            master.Start();

            var chunkServer = cluster.Get("cs", 1);
            chunkServer.Kill();
            await ProgressAsync(load, $"after kill -9 of ChunkServer {chunkServer.Address}");

            ms[0].Kill();
            await ProgressAsync(load, $"after kill -9 of MergeServer {ms[0].Address}");

            // The rest of the run on what is left (one MergeServer, two ChunkServers).
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Now > RunFor), RunFor + TimeSpan.FromSeconds(60),
                $"{RunFor.TotalSeconds} s of transfers");
        }
        finally
        {
            await load.StopAsync();
        }
        await AssertBalancedAsync(ConnectionString(1), load);
    }

    // Transfers commit again (100 more) within a minute.
    private async Task ProgressAsync(BankLoad load, string when)
    {
        var before = load.Committed;
        var at = load.Now;
        await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Committed >= before + 100), TimeSpan.FromSeconds(60),
            $"100 transfers {when} (last error: {load.LastError})");
        TestContext.WriteLine($"{when}: 100 transfers within {(load.Now - at).TotalSeconds:F1} s");
    }

    private async Task AssertBalancedAsync(string connectionString, BankLoad load)
    {
        TestContext.WriteLine($"{load.Committed} transfers committed, {load.Retried} retried after 1213/1205, {load.Failed} failed " +
                              $"(connection or cluster errors), {load.Sums} sums read; last error: {load.LastError}");
        Assert.AreEqual(0, load.Anomalies.Count, "anomalous sums: " + string.Join(", ", load.Anomalies.Take(10)));
        Assert.IsTrue(load.Sums > 0 && load.Committed > 0);
        await using var c = new OceanClassic.ObClient.ObConnection(connectionString);
        await c.OpenAsync();
        CollectionAssert.AreEqual(new[] { $"{Total}|50" }, await c.RowsAsync("SELECT SUM(bal), COUNT(*) FROM bank.acct"));
    }
}
