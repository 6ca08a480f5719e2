using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using static OceanClassic.Cluster.Tests.Support.MajorityDrill;

namespace OceanClassic.Cluster.Tests;

// Majority replication with three UpdateServers and 16 writers, real processes (issue 23): followers
// apply the log only up to the master's commit point, and ALTER SYSTEM SWITCH UPS MASTER hands the
// role over in a new term with no failed and no lost write.
[TestClass]
public sealed class UpsMajoritySwitchTests
{
    public TestContext TestContext { get; set; } = null!;

    private static async Task<ulong> StatusNumberAsync(TestCluster cluster, RoleProcess role, string key) =>
        ulong.Parse(await cluster.StatusValueAsync(role, key), CultureInfo.InvariantCulture);

    [TestMethod]
    [Timeout(240_000)]
    public async Task FollowersApplyOnlyUpToTheMastersCommitPointAndCatchUpOnceWritesStop()
    {
        await using var cluster = await StartAsync(majority: true);
        var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
        var followers = cluster.Roles.Where(r => r.Role == "ups" && r != master).ToList();
        var load = new InsertLoad(cluster, writers: 16);
        try
        {
            await load.WaitForMoreAsync(200, "inserts");
            for (var sample = 0; sample < 20; sample++)
            {
                foreach (var f in followers)
                {
                    // The follower's applied end first: the master's commit point only grows after it.
                    var applied = await StatusNumberAsync(cluster, f, "applied_seq");
                    var committed = await StatusNumberAsync(cluster, master, "commit_seq");
                    Assert.IsTrue(applied <= committed, $"{f.Address} applied log seq {applied}, above the master's commit point {committed}");
                }
            }
        }
        finally
        {
            await load.StopAsync();
        }
        foreach (var f in followers)
        {
            await TestCluster.WaitUntilAsync(async () =>
                    await StatusNumberAsync(cluster, f, "applied_seq") is var applied
                    && applied == await StatusNumberAsync(cluster, f, "log_seq")
                    && applied == await StatusNumberAsync(cluster, master, "log_seq")
                    && await cluster.StatusValueAsync(f, "memtable_rows") == await cluster.StatusValueAsync(master, "memtable_rows"),
                TimeSpan.FromSeconds(30), $"{f.Address} applied the master's whole log once its commit point reached it");
        }
        await AssertNoneLostAsync(cluster, load, TestContext);
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task PlannedSwitchesOfTheMajorityMasterUnderWriteLoadStartANewTermEachAndFailOrLoseNoWrite()
    {
        await using var cluster = await StartAsync(majority: true);
        var load = new InsertLoad(cluster, writers: 16);
        try
        {
            await load.WaitForMoreAsync(200, "inserts before the first switch");
            for (var round = 1; round <= 3; round++)
            {
                var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
                var target = cluster.Roles.Where(r => r.Role == "ups" && r != master).ElementAt(round % 2);
                var oldTerm = await StatusNumberAsync(cluster, master, "term");
                await using (var c = await Sql.OpenAsync(cluster))
                    await c.ExecAsync($"ALTER SYSTEM SWITCH UPS MASTER TO '{target.Address}'");
                Assert.AreEqual("master", await cluster.StatusValueAsync(target, "role"), $"round {round}: {target.Address} is the master");
                var newTerm = await StatusNumberAsync(cluster, target, "term");
                Assert.IsTrue(newTerm > oldTerm, $"round {round}: the new master writes in a new term ({oldTerm} -> {newTerm})");
                await WaitForEveryUpsAsync(cluster, "majority");
                await TestCluster.WaitUntilAsync(async () => await StatusNumberAsync(cluster, target, "last_term") == newTerm,
                    TimeSpan.FromSeconds(30), $"round {round}: the new master logged an entry of term {newTerm}");
                await load.WaitForMoreAsync(200, $"inserts on {target.Address} (round {round})");
                TestContext.WriteLine($"round {round}: {master.Address} -> {target.Address}, term {oldTerm} -> {newTerm}; {load.Acknowledged.Count} acknowledged so far");
            }
        }
        finally
        {
            await load.StopAsync();
        }
        Assert.AreEqual(0, load.Failed, $"failed writes across the switches: {load.LastError}");
        await AssertNoneLostAsync(cluster, load, TestContext);
    }
}
