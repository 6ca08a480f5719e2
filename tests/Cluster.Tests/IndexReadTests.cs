using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;

namespace OceanClassic.Cluster.Tests;

// Reads through secondary indexes on a real cluster answer exactly what a full scan answers: each query
// runs in its index-using form (EXPLAIN must name the index) and in a form no index can serve (the
// column wrapped in `+ 0` or CONCAT), with the rows only in the UpdateServer's MemTable, after a daily
// merge moved them into the ChunkServers' baselines, and with new changes over those baselines.
[TestClass]
public sealed class IndexReadTests
{
    private const int Rows = 3000;

    // (index-using query, the same query no index can serve, the index EXPLAIN must name)
    private static readonly (string Indexed, string Scan, string Key)[] Queries =
    [
        ("SELECT id, k, c FROM t WHERE k = 17", "SELECT id, k, c FROM t WHERE k + 0 = 17", "k"),
        ("SELECT id, v FROM t WHERE k IN (3, 50, 96, 1000)", "SELECT id, v FROM t WHERE k + 0 IN (3, 50, 96, 1000)", "k"),
        // A repeated value, and values whose index prefixes meet: each index entry is read once.
        ("SELECT id, k FROM t WHERE k IN (17, 4, 17, 5, 4)", "SELECT id, k FROM t WHERE k + 0 IN (17, 4, 17, 5, 4)", "k"),
        ("SELECT id, v FROM t WHERE k IN (33, 33, 34)", "SELECT id, v FROM t WHERE k + 0 IN (33, 33, 34)", "k"),
        ("SELECT COUNT(*), SUM(v) FROM t WHERE k BETWEEN 10 AND 20", "SELECT COUNT(*), SUM(v) FROM t WHERE k + 0 BETWEEN 10 AND 20", "k"),
        ("SELECT id FROM t WHERE k > 90", "SELECT id FROM t WHERE k + 0 > 90", "k"),
        ("SELECT id, k FROM t WHERE k < 4", "SELECT id, k FROM t WHERE k + 0 < 4", "k"),
        ("SELECT id FROM t WHERE k IS NULL", "SELECT id FROM t WHERE k + 0 IS NULL", "k"),
        ("SELECT id, k FROM t WHERE k IS NOT NULL ORDER BY k, id LIMIT 25", "SELECT id, k FROM t WHERE k + 0 IS NOT NULL ORDER BY k + 0, id LIMIT 25", "k"),
        ("SELECT id, c FROM t WHERE c = 'NAME-7'", "SELECT id, c FROM t WHERE CONCAT(c, '') = 'NAME-7'", "c"),
        ("SELECT id, c FROM t WHERE c IN ('name-1 ', 'Name-2')", "SELECT id, c FROM t WHERE CONCAT(c, '') IN ('name-1 ', 'Name-2')", "c"),
        ("SELECT COUNT(*) FROM t WHERE c > 'name-5'", "SELECT COUNT(*) FROM t WHERE CONCAT(c, '') > 'name-5'", "c"),
        ("SELECT t.id, o.id FROM t JOIN o ON o.tid = t.id WHERE t.k = 33", "SELECT t.id, o.id FROM t JOIN o ON o.tid + 0 = t.id WHERE t.k + 0 = 33", "k"),
        ("SELECT COUNT(*), SUM(o.amount) FROM t JOIN o ON o.tid = t.id WHERE t.id < 40", "SELECT COUNT(*), SUM(o.amount) FROM t JOIN o ON o.tid + 0 = t.id WHERE t.id < 40", "PRIMARY"),
    ];

    [TestMethod]
    [Timeout(600_000)]
    public async Task ReadsThroughIndexesAnswerAsFullScansWithRowsInTheUpsAfterADailyMergeAndOverMergedBaselines()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Settings = new Dictionary<string, string> { ["merge_release_grace"] = "1s", ["log_sync_type"] = "0" },
        });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE ix");
        await c.ChangeDatabaseAsync("ix");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(20), v INT, KEY k (k), KEY c (c))");
        await c.ExecAsync("CREATE TABLE o (id INT PRIMARY KEY, tid INT, amount INT, KEY tid (tid))");
        for (var start = 0; start < Rows; start += 500)
        {
            await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 500).Select(i =>
                $"({i}, {(i % 41 == 0 ? "NULL" : (i % 97).ToString(CultureInfo.InvariantCulture))}, '{(i % 2 == 0 ? "name-" : "NAME-")}{i % 50}', {i})")));
            await c.ExecAsync("INSERT INTO o VALUES " + string.Join(",", Enumerable.Range(start, 500).Select(i => $"({i}, {(i * 7) % Rows}, {i % 13})")));
        }
        await c.ExecAsync("UPDATE t SET k = 17 WHERE id BETWEEN 100 AND 140");
        await c.ExecAsync("DELETE FROM t WHERE k = 50");
        await CompareAsync(c, "rows only in the UpdateServer");

        await MajorFreezeAndMergeAsync(cluster, c);
        await CompareAsync(c, "after the daily merge");

        await c.ExecAsync("UPDATE t SET k = NULL, c = 'Name-7' WHERE id % 10 = 3");
        await c.ExecAsync("DELETE FROM t WHERE k BETWEEN 12 AND 14");
        await c.ExecAsync("INSERT INTO t VALUES (5000, 17, 'name-7 ', 1), (5001, 3, NULL, 2)");
        await c.ExecAsync("UPDATE o SET tid = 5000 WHERE id < 30");
        await CompareAsync(c, "new changes over merged baselines");
    }

    private static async Task CompareAsync(ObConnection c, string when)
    {
        foreach (var (indexed, scan, key) in Queries)
        {
            var plan = await c.RowsAsync("EXPLAIN " + indexed);
            Assert.IsTrue(plan.Any(r => r.Split('|')[10] == key), $"{when}: EXPLAIN {indexed} names {key}:\n{string.Join("\n", plan)}");
            var expected = (await c.RowsAsync(scan)).Order(StringComparer.Ordinal).ToList();
            var actual = (await c.RowsAsync(indexed)).Order(StringComparer.Ordinal).ToList();
            Assert.IsTrue(expected.Count > 0 || indexed.Contains("1000", StringComparison.Ordinal), $"{when}: {scan} finds rows");
            CollectionAssert.AreEqual(expected, actual, $"{when}: {indexed}");
        }
    }

    private static async Task MajorFreezeAndMergeAsync(TestCluster cluster, ObConnection c)
    {
        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        var frozen = ulong.Parse((await cluster.StatusAsync(cluster.RootServer)).Values["frozen_version"], CultureInfo.InvariantCulture);
        await TestCluster.WaitUntilAsync(async () =>
            (await c.RowsAsync("SELECT merged_version, tablets_total, tablets_merged FROM __all_merge_stat")) is { Count: 3 } rows
            && rows.All(r => r.Split('|') is var f && ulong.Parse(f[0], CultureInfo.InvariantCulture) >= frozen && f[1] == f[2]),
            TimeSpan.FromSeconds(180), "every ChunkServer merged");
        var tablets = await c.RowsAsync("SELECT version FROM __all_tablet WHERE table_name = 'ix.t'");
        Assert.IsTrue(tablets.All(v => ulong.Parse(v, CultureInfo.InvariantCulture) >= frozen), "the base table's tablets hold the merged version");
    }
}
