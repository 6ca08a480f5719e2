using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;
using static OceanClassic.Cluster.Tests.Support.MajorityDrill;

namespace OceanClassic.Cluster.Tests;

// Majority replication (ups_replication = majority) with three UpdateServers and 16 writers, real
// processes: kill -9 the master, kill -9 both followers, SIGSTOP the master past its lease; and the
// online switch between shipping and majority under write load.
[TestClass]
public sealed partial class UpsMajorityDrillTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(240_000)]
    public async Task KillingTheMajorityMasterUnderLoadLosesNoAcknowledgedWriteAndWritesResumeWithinFiveSeconds()
    {
        await using var cluster = await StartAsync(majority: true);
        var load = new InsertLoad(cluster, writers: 16);
        try
        {
            for (var round = 1; round <= 2; round++)
            {
                await load.WaitForMoreAsync(200, $"inserts before the kill (round {round})");
                await WaitForEveryUpsAsync(cluster, "majority");
                var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
                master.Kill();
                var killedAt = Stopwatch.StartNew();
                await TestCluster.WaitUntilAsync(() => Task.FromResult(load.AcknowledgedSince(killedAt) > 50), TimeSpan.FromSeconds(30),
                    $"writes acknowledged again after killing {master.Address} (round {round})");
                var recovery = load.FirstAcknowledgedAfter(killedAt);
                TestContext.WriteLine($"round {round}: killed master {master.Address}; writes resumed after {recovery.TotalSeconds:F1}s");
                Assert.IsTrue(recovery < TimeSpan.FromSeconds(5), $"writes resumed only after {recovery}\n{cluster.Logs()}");
                master.Start();
                await WaitForEveryUpsAsync(cluster, "majority");
            }
        }
        finally
        {
            await load.StopAsync();
        }
        await AssertNoneLostAsync(cluster, load, TestContext);
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task WithBothFollowersKilledNoWriteIsAcknowledgedClientsGetAnErrorAndWritesResumeWhenOneReturns()
    {
        await using var cluster = await StartAsync(majority: true);
        var load = new InsertLoad(cluster, writers: 16);
        try
        {
            await load.WaitForMoreAsync(200, "inserts before the kill");
            var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
            var followers = cluster.Roles.Where(r => r.Role == "ups" && r != master).ToList();
            foreach (var f in followers)
                f.Kill();
            var failedAtKill = load.Failed;
            // Writes in flight at the kill may have been on a follower already: give them a moment.
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Failed >= failedAtKill + 16), TimeSpan.FromSeconds(30),
                "the writers get errors while no majority is up");
            var acknowledgedWhileDown = load.Acknowledged.Count;
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Failed >= failedAtKill + 64), TimeSpan.FromSeconds(60), "more errors");
            Assert.AreEqual(acknowledgedWhileDown, load.Acknowledged.Count, "a write was acknowledged while both followers were down");
            StringAssert.Contains(load.LastError, "majority", "the error says why");

            followers[0].Start();
            var restartedAt = Stopwatch.StartNew();
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.AcknowledgedSince(restartedAt) > 50), TimeSpan.FromSeconds(60),
                "writes acknowledged again once one follower returned");
            TestContext.WriteLine($"writes resumed {load.FirstAcknowledgedAfter(restartedAt).TotalSeconds:F1}s after restarting {followers[0].Address}");
        }
        finally
        {
            await load.StopAsync();
        }
        await AssertNoneLostAsync(cluster, load, TestContext);
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task AMasterPausedPastItsLeaseCommitsNothingInItsOldTermAfterItResumes()
    {
        await using var cluster = await StartAsync(majority: true);
        var load = new InsertLoad(cluster, writers: 16);
        try
        {
            await load.WaitForMoreAsync(200, "inserts before the pause");
            var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
            var oldTerm = ulong.Parse(await cluster.StatusValueAsync(master, "term"), System.Globalization.CultureInfo.InvariantCulture);
            master.Pause();
            var pausedAt = Stopwatch.StartNew();
            ResumedMasterWatch resumed;
            try
            {
                await TestCluster.WaitUntilAsync(() => Task.FromResult(load.AcknowledgedSince(pausedAt) > 50), TimeSpan.FromSeconds(30),
                    "writes acknowledged by a new master while the old one is paused");
            }
            finally
            {
                resumed = await ResumedMasterWatch.ResumeAsync(cluster, master);
            }
            var steppedDown = await resumed.WaitForStepDownAsync(patience: TimeSpan.FromSeconds(30));
            TestContext.WriteLine($"the resumed old master stepped down: {steppedDown}");
            await WaitForEveryUpsAsync(cluster, "majority");
            var newTerm = ulong.Parse(await cluster.StatusValueAsync(master, "term"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(newTerm > oldTerm, $"the old master knows the new term ({oldTerm} -> {newTerm})");
            await load.WaitForMoreAsync(200, "inserts after the old master resumed");
            TestContext.WriteLine($"paused {master.Address} in term {oldTerm}; the group went on in term {newTerm}");
        }
        finally
        {
            await load.StopAsync();
        }
        await AssertNoneLostAsync(cluster, load, TestContext);
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task SwitchingUpsReplicationOnlineUnderWriteLoadFailsNoWriteAndLosesNone()
    {
        await using var cluster = await StartAsync(majority: false);
        var load = new InsertLoad(cluster, writers: 16);
        try
        {
            await load.WaitForMoreAsync(200, "inserts in shipping mode");
            await using (var c = await Sql.OpenAsync(cluster))
                await c.ExecAsync("ALTER SYSTEM SET ups_replication = 'majority'");
            await WaitForEveryUpsAsync(cluster, "majority");
            await load.WaitForMoreAsync(300, "inserts in majority mode");
            await using (var c = await Sql.OpenAsync(cluster))
            {
                var stat = await c.RowsAsync("SELECT replication, term > 0, commit_seq > 0 FROM __all_ups_stat WHERE role = 'master'");
                CollectionAssert.AreEqual(new[] { "majority|1|1" }, stat);
                await c.ExecAsync("ALTER SYSTEM SET ups_replication = 'shipping'");
            }
            await WaitForEveryUpsAsync(cluster, "shipping");
            await load.WaitForMoreAsync(300, "inserts in shipping mode again");
        }
        finally
        {
            await load.StopAsync();
        }
        Assert.AreEqual(0, load.Failed, $"failed writes across the switches: {load.LastError}");
        await AssertNoneLostAsync(cluster, load, TestContext);
    }
}
