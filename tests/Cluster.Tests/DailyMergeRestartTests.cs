using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

[TestClass]
public sealed class DailyMergeRestartTests
{
    private static readonly string[] Queries =
    [
        "SELECT COUNT(*), SUM(a), MIN(id), MAX(id) FROM t",
        "SELECT id, a, s FROM t WHERE id IN (0, 7, 13, 777, 19999, 20001)",
        "SELECT COUNT(*), SUM(a) FROM t WHERE id BETWEEN 5000 AND 15000",
    ];

    [TestMethod]
    [Timeout(300_000)]
    public async Task AWholeClusterRestartedAfterAMergeServesTheSameDataFromTabletImagesAndMergesAgain()
    {
        var options = ClusterOptions.ForMerges();
        await using var cluster = await TestCluster.StartAsync(options);
        var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE r");
        await c.ChangeDatabaseAsync("r");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT NOT NULL, s VARCHAR(64))");
        for (var start = 0; start < 20_000; start += 1000)
            await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 1000).Select(i => $"({i},{i % 1000},'row-{i}-{new string('p', 30)}')")));
        await c.ExecAsync("DELETE FROM t WHERE id % 10 = 3");
        var f1 = await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
        // Changes after the merge live only in the UPS (its commit log) until the next freeze.
        await c.ExecAsync("UPDATE t SET a = a + 1000 WHERE id < 100");
        await c.ExecAsync("INSERT INTO t VALUES (20001, 1, 'after the merge')");
        await c.ExecAsync("DELETE FROM t WHERE id = 777");
        var before = await c.ResultsOfAsync(Queries);
        var tabletsBefore = await c.RowsAsync("SELECT start_key, end_key, version, replicas, row_count, checksum FROM __all_tablet WHERE table_name = 'r.t'");
        Assert.IsTrue(tabletsBefore.Count >= 2, $"the table split: {tabletsBefore.Count} tablets");
        await c.DisposeAsync();

        await cluster.RestartAsync(options);

        c = await Sql.OpenAsync(cluster, "r");
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                return (await c.ResultsOfAsync(Queries)).SequenceEqual(before);
            }
            catch (ObException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the restarted cluster to answer as before");
        CollectionAssert.AreEqual(tabletsBefore,
            await c.RowsAsync("SELECT start_key, end_key, version, replicas, row_count, checksum FROM __all_tablet WHERE table_name = 'r.t'"),
            "the root table survived");
        foreach (var cs in cluster.Roles.Where(r => r.Role == "cs"))
        {
            var s = await cluster.StatusAsync(cs);
            var expected = tabletsBefore.Count(t => t.Split('|')[3].Split(',').Contains(cs.Address));
            Assert.AreEqual(expected.ToString(CultureInfo.InvariantCulture), s.Values["tablet_count"], $"{cs.Address} loaded its tablet image");
            if (expected > 0)
                Assert.AreEqual(f1.ToString(CultureInfo.InvariantCulture), s.Values["merged_version"], $"{cs.Address} serves the merged version");
        }
        // EXPLAIN lists the tablets a full scan reads: the root table's, at the merged version.
        var explain = await c.RowsAsync("EXPLAIN SELECT a FROM t WHERE a > 5");
        CollectionAssert.AreEqual(tabletsBefore.Select(t => string.Join("|", t.Split('|')[..4])).ToList(),
            explain.Select(e => e.Split('|') is var f ? $"{f[1]}|{f[2]}|{f[3]}|{SortedReplicas(f[5])}" : "").ToList(), string.Join("\n", explain));
        Assert.IsTrue(explain.All(e => e.Split('|')[7].Contains('a', StringComparison.Ordinal) && e.Split('|')[7].Contains('5', StringComparison.Ordinal)), "the filter is shown");
        var rs = await cluster.StatusAsync(cluster.RootServer);
        Assert.AreEqual(f1.ToString(CultureInfo.InvariantCulture), rs.Values["frozen_version"], "the frozen version is durable");
        await TestCluster.WaitUntilAsync(async () =>
            (await cluster.StatusAsync(cluster.RootServer)).Values["released_version"] == f1.ToString(CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(30), "the RootServer to recompute the released version from the tablet reports");

        // Writes and a second merge after the restart.
        await c.ExecAsync("INSERT INTO t VALUES (20002, 2, 'after the restart')");
        await c.ExecAsync("DELETE FROM t WHERE id = 0");
        var before2 = await c.ResultsOfAsync(Queries);
        var f2 = await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
        Assert.IsTrue(f2 > f1, $"{f2} > {f1}");
        CollectionAssert.AreEqual(before2, await c.ResultsOfAsync(Queries), "results after the merge that followed the restart");
        Assert.AreEqual("", (await cluster.StatusAsync(cluster.RootServer)).Values["merge_alarms"], "replica checksums agree");
        await c.DisposeAsync();
    }

    // EXPLAIN lists replicas in read order, which depends on which ChunkServer reported first.
    private static string SortedReplicas(string replicas) => string.Join(",", replicas.Split(',').Order(StringComparer.Ordinal));
}
