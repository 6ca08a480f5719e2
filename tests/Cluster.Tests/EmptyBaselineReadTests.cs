using System.Globalization;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// A table written since the last daily merge has tablets with empty baselines: its reads go MergeServer ->
// UpdateServer with no ChunkServer scan (TableScanner.Increments), answer what a full fuse answers and see
// a transaction's own writes; after a daily merge and the UPS's release of the merged increments they go
// through the ChunkServers again with the same answers.
[TestClass]
public sealed class EmptyBaselineReadTests
{
    private static readonly string[] Queries =
    [
        "SELECT COUNT(*), SUM(k), MAX(c) FROM t",
        "SELECT id, k, c FROM t WHERE id = 17",
        "SELECT id, c FROM t WHERE id IN (3, 11, 12, 250, 999) ORDER BY id",
        "SELECT id, k FROM t WHERE id BETWEEN 40 AND 60 AND k > 10 ORDER BY id",
        "SELECT id, c FROM t WHERE k = 7 ORDER BY id",
        "SELECT id FROM t WHERE c = 'upd' ORDER BY id LIMIT 5",
    ];

    [TestMethod]
    [Timeout(600_000)]
    public async Task ReadsOfEmptyBaselinesGoToTheUpdateServerAloneAndThroughTheChunkServersOnceTheMergedIncrementsAreReleased()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Settings = new Dictionary<string, string> { ["merge_release_grace"] = "1s", ["log_sync_type"] = "0" },
        });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE eb");
        await c.ChangeDatabaseAsync("eb");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(20), KEY k (k))");
        await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(0, 300).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"({i}, {i % 37}, 'c-{i}')"))));
        await c.ExecAsync("UPDATE t SET c = 'upd' WHERE id % 10 = 1");
        await c.ExecAsync("DELETE FROM t WHERE id % 10 = 2");

        var scans = await ChunkServerScansAsync(cluster);
        var before = await c.ResultsOfAsync(Queries);
        Assert.AreEqual("270|4809|upd", before[0]);
        Assert.AreEqual("17|17|c-17", before[1]);
        Assert.AreEqual("3|c-3;11|upd;250|c-250", before[2]);
        Assert.AreEqual(scans, await ChunkServerScansAsync(cluster), "no ChunkServer scanned while every baseline is empty");

        await c.ExecAsync("BEGIN");
        await c.ExecAsync("UPDATE t SET c = 'mine' WHERE id = 5");
        Assert.AreEqual("mine", await c.ScalarAsync("SELECT c FROM t WHERE id = 5"), "a transaction reads its own write");
        await c.ExecAsync("ROLLBACK");
        Assert.AreEqual("c-5", await c.ScalarAsync("SELECT c FROM t WHERE id = 5"));

        var frozen = await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
        await TestCluster.WaitUntilAsync(async () =>
            ulong.Parse((await cluster.StatusAsync(cluster.Roles.First(r => r.Role == "ups"))).Values["released_version"], CultureInfo.InvariantCulture) >= frozen,
            TimeSpan.FromSeconds(60), "the UPS released the merged increments");
        CollectionAssert.AreEqual(before, await c.ResultsOfAsync(Queries), "the same answers from the merged tablets");
        Assert.IsTrue(await ChunkServerScansAsync(cluster) > scans, "the merged tablets are read on the ChunkServers");
    }

    // Tablet scans the ChunkServers have served (their rpc_serve.300 timers: "<count> <total µs>").
    private static async Task<long> ChunkServerScansAsync(TestCluster cluster)
    {
        long total = 0;
        foreach (var cs in cluster.Roles.Where(r => r.Role == "cs"))
        {
            var values = (await cluster.StatusAsync(cs)).Values;
            if (values.TryGetValue("time.rpc_serve.300", out var timer))
                total += long.Parse(timer.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return total;
    }
}
