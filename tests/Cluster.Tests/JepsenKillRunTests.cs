using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Jepsen.Checker;
using OceanClassic.Jepsen.Nemesis;
using OceanClassic.Jepsen.Runner;

namespace OceanClassic.Cluster.Tests;

// The Jepsen-style checker (scripts/tools/Jepsen) against a real cluster, as `scripts/bench.sh jepsen
// --nemesis kill` runs it: a master and a backup UpdateServer (shipping mode, wait_slave_sync_type 2),
// registers, bank transfers, list appends and the row set (inserts, evaluated updates, deletes, transactions)
// for a minute while the UPS master is killed with -9 and restarted on a schedule. The history must be
// linearizable, the bank's sum unchanged and every acknowledged row-set write there once, in key order.
[TestClass]
public sealed class JepsenKillRunTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000)]
    public async Task AMinuteOfKillingTheUpsMasterLeavesALinearizableHistoryAndTheBankSumUnchanged()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = UpsCluster.FastFailover() });
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(60));
        var log = new StringWriter();
        var options = new RunOptions
        {
            MySqlEndpoints = [$"127.0.0.1:{cluster.MergeServer.SqlPort}"],
            OutputDirectory = Path.Combine(cluster.Directory, "jepsen"),
            Duration = TimeSpan.FromSeconds(60),
            Nemesis = NemesisKind.Kill,
            NemesisInterval = TimeSpan.FromSeconds(12),
            NemesisHold = TimeSpan.FromSeconds(4),
            KillAnyRole = false,
            RegisterClients = 6,
            Seed = 23,
        };

        var report = await JepsenRun.RunAsync(options, new TestClusterControl(cluster), TextWriter.Synchronized(log), CancellationToken.None);

        TestContext.WriteLine(log.ToString());
        TestContext.WriteLine(report.Describe());
        Assert.IsTrue(report.Faults >= 2, $"{report.Faults} kills in the minute\n{log}");
        Assert.IsTrue(report.Register.Operations >= 200, $"{report.Register.Operations} register operations");
        Assert.AreEqual(CheckOutcome.Valid, report.Register.Outcome, report.Describe() + "\n" + cluster.Logs());
        Assert.IsTrue(report.Bank.Valid && report.Bank.TransfersOk > 0, report.Bank.ToString());
        Assert.IsTrue(report.Lists.Valid, report.Lists.ToString());
        Assert.IsTrue(report.Rows.Valid && report.Rows.WritesOk > 0, report.Rows.ToString());
        Assert.IsTrue(report.FinalReadsCompleted, "the final reads after the last restart");
    }
}
