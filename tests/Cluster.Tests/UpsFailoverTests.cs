using System.Collections.Concurrent;
using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;

namespace OceanClassic.Cluster.Tests;

// Durability drills with a master and a backup UpdateServer in mode 2 (real processes, SIGKILL).
[TestClass]
public sealed class UpsFailoverTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000)]
    public async Task KillingTheMasterUnderLoadLosesNoAcknowledgedWriteAndTheOldMasterRejoinsAsABackup()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = UpsCluster.FastFailover() });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE drill");
            await c.ExecAsync("CREATE TABLE drill.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        var load = new InsertLoad(cluster, writers: 16);
        try
        {
            for (var round = 1; round <= 2; round++)
            {
                var before = load.Acknowledged.Count;
                await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Acknowledged.Count > before + 200), TimeSpan.FromSeconds(60), "inserts before the kill");
                await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
                await Task.Delay(Random.Shared.Next(0, 400));
                var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
                master.Kill();
                var killedAt = Stopwatch.StartNew();
                var atKill = load.Acknowledged.Count;

                await TestCluster.WaitUntilAsync(() => Task.FromResult(load.AcknowledgedSince(killedAt) > 50), TimeSpan.FromSeconds(15),
                    $"writes acknowledged again after killing {master.Address} (round {round})");
                var recovery = load.FirstAcknowledgedAfter(killedAt);
                TestContext.WriteLine($"round {round}: killed {master.Address} with {atKill} writes acknowledged; writes resumed after {recovery.TotalSeconds:F1}s");
                Assert.IsTrue(recovery < TimeSpan.FromSeconds(15), $"writes resumed only after {recovery}");
                var stat = Array.Empty<string>();
                await TestCluster.WaitUntilAsync(async () =>
                {
                    await using var view = await Sql.OpenAsync(cluster);
                    stat = [.. await view.RowsAsync($"SELECT role, status FROM __all_ups_stat WHERE address = '{master.Address}'")];
                    return stat.SequenceEqual(["backup|dead"]);
                }, TimeSpan.FromSeconds(15), $"__all_ups_stat shows the killed {master.Address} as a dead backup (round {round})");

                // The old master comes back: a backup, never serving, and it catches up.
                master.Start();
                var newMaster = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no new master");
                Assert.AreNotEqual(master.Address, newMaster.Address);
                await TestCluster.WaitUntilAsync(async () => await cluster.StatusValueAsync(master, "role") == "backup"
                    && await cluster.StatusValueAsync(master, "following") == newMaster.Address, TimeSpan.FromSeconds(30), "the old master follows as a backup");
                var target = ulong.Parse(await cluster.StatusValueAsync(newMaster, "log_seq"), System.Globalization.CultureInfo.InvariantCulture);
                await TestCluster.WaitUntilAsync(async () =>
                    ulong.TryParse(await cluster.StatusValueAsync(master, "log_seq"), System.Globalization.CultureInfo.InvariantCulture, out var seq) && seq >= target,
                    TimeSpan.FromSeconds(30), "the old master's log catches up");
                Assert.AreEqual("backup", await cluster.StatusValueAsync(master, "role"));
                var truncation = master.ReadLog().Split('\n').LastOrDefault(l => l.Contains("truncating", StringComparison.Ordinal) && l.Contains("nobody acknowledged", StringComparison.Ordinal));
                TestContext.WriteLine($"round {round}: old master rejoined at log seq >= {target}; {truncation?.Trim() ?? "no tail to truncate"}");
            }
        }
        finally
        {
            await load.StopAsync();
        }

        await using var check = await Sql.OpenAsync(cluster, "drill");
        var present = (await check.RowsAsync("SELECT id FROM t")).Select(int.Parse).ToHashSet();
        var lost = load.Acknowledged.Keys.Where(id => !present.Contains(id)).ToList();
        TestContext.WriteLine($"{load.Acknowledged.Count} acknowledged inserts, {present.Count} rows present, {load.Failed} failed statements");
        Assert.AreEqual(0, lost.Count, $"acknowledged but lost: {string.Join(",", lost.Take(20))}\n{cluster.Logs()}");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task AllUpsStatShowsMasterAndBackupAndAPlannedSwitchFailsNoWrite()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = UpsCluster.FastFailover() });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE sw");
        await c.ExecAsync("CREATE TABLE sw.t (id INT PRIMARY KEY, v VARCHAR(40))");
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        var master = (await cluster.UpsMasterAsync())!;
        var backup = cluster.Roles.Single(r => r.Role == "ups" && r != master);

        var load = new InsertLoad(cluster, writers: 4, database: "sw");
        await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Acknowledged.Count > 100), TimeSpan.FromSeconds(30), "inserts");
        var stat = await c.RowsAsync("SELECT address, role, log_seq IS NOT NULL, lease_expires IS NOT NULL, commit_batches > 0, fsyncs > 0 FROM __all_ups_stat ORDER BY role DESC");
        CollectionAssert.AreEqual(new[] { $"{master.Address}|master|1|1|1|1", $"{backup.Address}|backup|1|0|1|1" }, stat, string.Join("\n", stat));

        await c.ExecAsync($"ALTER SYSTEM SWITCH UPS MASTER TO '{backup.Address}'");
        // The statement returns once both UPSes took their new roles: no waiting here.
        var roles = await c.RowsAsync("SELECT address, role FROM __all_ups_stat ORDER BY role DESC");
        CollectionAssert.AreEqual(new[] { $"{backup.Address}|master", $"{master.Address}|backup" }, roles, string.Join("\n", roles));
        var atSwitch = load.Acknowledged.Count;
        await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Acknowledged.Count > atSwitch + 100), TimeSpan.FromSeconds(30), "inserts on the new master");
        await load.StopAsync();
        Assert.AreEqual(0, load.Failed, "a write failed during the planned switch: " + load.LastError);
        var present = (await c.RowsAsync("SELECT id FROM sw.t")).Select(int.Parse).ToHashSet();
        Assert.IsTrue(load.Acknowledged.Keys.All(present.Contains));
        Assert.AreEqual(load.Acknowledged.Count, present.Count);
    }

    // N connections inserting distinct ids; records every acknowledged id and when it was acknowledged.
}
