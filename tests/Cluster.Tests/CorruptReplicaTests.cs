using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;

namespace OceanClassic.Cluster.Tests;

// A flipped byte in one replica's baseline SSTable: reads go to the other replicas, the ChunkServer
// quarantines its copy, the RootServer drops the replica from the root table and raises an alarm
// (__all_tablet and __all_server) until a healthy copy replaces it, and daily merges keep completing
// on every ChunkServer.
[TestClass]
public sealed class CorruptReplicaTests
{
    private const int Rows = 2000;
    private const string All = "2000|2001000";

    [TestMethod]
    [Timeout(300_000)]
    public async Task AReplicaWithAFlippedByteIsReadAroundReplacedWithinAMinuteAndTheNextDailyMergeCompletes()
    {
        await using var cluster = await StartAsync();
        await using var c = await Sql.OpenAsync(cluster);
        var victim = await MergedTableWithOneCorruptReplicaAsync(cluster, c);

        // __all_server's alarm for the victim, watched from another session until the replica is replaced.
        using var watching = new CancellationTokenSource();
        var alarmSeen = WatchServerAlarmAsync(cluster, victim.Address, watching.Token);

        // Each statement tries the replicas round robin: within a few rounds every kind of read has
        // met the corrupt one, and every one answers correctly, also while the replica is replaced.
        for (var i = 0; i < 9; i++)
            await AssertEveryReadAnswersAsync(c);
        await victim.WaitForLogAsync("ALARM corrupt tablet replica: table 1000", "the ChunkServer found its replica corrupt");
        await cluster.RootServer.WaitForLogAsync($"ALARM corrupt tablet replica: {victim.Address} table 1000", "the RootServer raised the alarm");
        await cluster.RootServer.WaitForLogAsync("dropped from the root table", "the RootServer dropped the corrupt replica");

        await victim.WaitForLogAsync("copied tablet of table 1000 at version", "the replica copied again from a healthy one", TimeSpan.FromSeconds(60));
        await WaitForThreeGoodReplicasAsync(c);
        await AssertEveryReadAnswersAsync(c);
        await cluster.RootServer.WaitForLogAsync("is replaced", "the RootServer cleared the alarm");
        await watching.CancelAsync();
        Assert.IsTrue(await alarmSeen, "__all_server showed the victim's corrupt_replicas alarm while it lasted");
        CollectionAssert.AreEqual(new[] { "0" }, await c.RowsAsync($"SELECT corrupt_replicas FROM __all_server WHERE address = '{victim.Address}'"),
            "the alarm is cleared once the replica is replaced");
        Assert.IsTrue(Directory.GetFiles(CorruptDir(cluster, victim), "*.sst").Length == 1, "the corrupt file is quarantined");

        await c.ExecAsync("INSERT INTO r.t VALUES (5000, 5000)");
        await FreezeAndWaitAsync(c, 2);
        Assert.AreEqual("2001|2006000", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM r.t")).Single());
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task ADailyMergeWhoseLocalBaselineIsCorruptCopiesTheTabletFromAHealthyReplicaAndCompletes()
    {
        await using var cluster = await StartAsync();
        await using var c = await Sql.OpenAsync(cluster);
        var victim = await MergedTableWithOneCorruptReplicaAsync(cluster, c);

        // No read touches the corrupt replica first: the merge is the one that finds it.
        await c.ExecAsync("INSERT INTO r.t VALUES (5000, 5000)");
        await FreezeAndWaitAsync(c, 2);
        await victim.WaitForLogAsync("ALARM corrupt tablet replica: table 1000", "the merge found the replica corrupt");
        await victim.WaitForLogAsync("copied tablet of table 1000 at version", "the replica copied again from a healthy one");
        await WaitForThreeGoodReplicasAsync(c);
        for (var i = 0; i < 3; i++)
            Assert.AreEqual("2001|2006000", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM r.t")).Single());
    }

    private static async Task AssertEveryReadAnswersAsync(ObConnection c)
    {
        Assert.AreEqual(All, (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM r.t")).Single(), "full scan");
        Assert.AreEqual("100|5050", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM r.t WHERE id <= 100")).Single(), "open-start scan");
        Assert.AreEqual("7", (await c.RowsAsync("SELECT v FROM r.t WHERE id = 7")).Single(), "point get");
    }

    // Polls __all_server until canceled; true once it showed the ChunkServer's corrupt_replicas alarm.
    private static async Task<bool> WatchServerAlarmAsync(TestCluster cluster, string address, CancellationToken ct)
    {
        await using var watcher = await Sql.OpenAsync(cluster);
        while (!ct.IsCancellationRequested)
        {
            var rows = await watcher.RowsAsync($"SELECT corrupt_replicas FROM __all_server WHERE address = '{address}'");
            if (rows.Count == 1 && rows[0] != "0")
                return true;
            await Task.Delay(20, CancellationToken.None);
        }
        return false;
    }

    private static Task<TestCluster> StartAsync() => TestCluster.StartAsync(new ClusterOptions
    {
        Cs = 3,
        Settings = new Dictionary<string, string> { ["cs_lease_duration_time"] = "2s", ["tablet_replicas_num"] = "3" },
    });

    // r.t merged into baselines on all three ChunkServers; one of them is restarted (so no cached
    // block hides it) with a byte of its SSTable's first data block flipped.
    private static async Task<RoleProcess> MergedTableWithOneCorruptReplicaAsync(TestCluster cluster, ObConnection c)
    {
        await c.ExecAsync("CREATE DATABASE r");
        await c.ExecAsync("CREATE TABLE r.t (id INT PRIMARY KEY, v INT)");
        await c.ExecAsync("INSERT INTO r.t VALUES " + string.Join(",", Enumerable.Range(1, Rows).Select(i => $"({i},{i})")));
        await FreezeAndWaitAsync(c, 1);
        var tablet = (await cluster.Rpc.CallAsync(cluster.RootServer.Address, Common.Protos.PacketCodes.RsGetTablets,
            new Common.Protos.TabletLocationRequest { TableId = 1000 }, Common.Protos.TabletLocationResponse.Parser)).Tablets.Single();
        Assert.AreEqual(3, tablet.Replicas.Count);
        var victim = cluster.Roles.Single(r => r.Role == "cs" && r.Address == tablet.Replicas[0]);
        victim.Kill();
        var sstable = Directory.GetFiles(Path.Combine(cluster.Directory, $"cs{victim.Instance}", "data", "tablets"), "*.sst").Single();
        await using (var file = new FileStream(sstable, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 16;
            var b = file.ReadByte();
            file.Position = 16;
            file.WriteByte((byte)(b ^ 0xFF));
        }
        victim.Start();
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                return (await cluster.StatusAsync(victim)).Values["tablet_count"] == "1";
            }
            catch (Exception e) when (e is Common.Rpc.RpcException or KeyNotFoundException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "the restarted ChunkServer serves its (corrupt) replica");
        return victim;
    }

    // Waits until every ChunkServer merged to a frozen version newer than any before the freeze.
    private static async Task FreezeAndWaitAsync(ObConnection c, int merges)
    {
        var before = (await c.RowsAsync("SELECT frozen_version FROM __all_merge_stat")).Select(ulong.Parse).DefaultIfEmpty(0UL).Max();
        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        await TestCluster.WaitUntilAsync(async () =>
        {
            var rows = await c.RowsAsync("SELECT merged_version, frozen_version, tablets_total, tablets_merged FROM __all_merge_stat");
            return rows.Count == 3 && rows.All(r => r.Split('|') is var f && f[0] == f[1] && ulong.Parse(f[1]) > before && f[2] == "1" && f[3] == "1");
        }, TimeSpan.FromSeconds(120), $"every ChunkServer completed daily merge {merges}");
    }

    private static async Task WaitForThreeGoodReplicasAsync(ObConnection c) =>
        await TestCluster.WaitUntilAsync(async () =>
        {
            var row = (await c.RowsAsync("SELECT replicas, corrupt_replicas FROM __all_tablet WHERE table_name = 'r.t'")).Single().Split('|');
            return row[0].Split(',').Length == 3 && row[1].Length == 0;
        }, TimeSpan.FromSeconds(60), "__all_tablet shows three good replicas");

    private static string CorruptDir(TestCluster cluster, RoleProcess cs) => Path.Combine(cluster.Directory, $"cs{cs.Instance}", "data", "corrupt");
}
