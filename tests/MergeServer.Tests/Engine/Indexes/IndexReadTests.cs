using System.Globalization;
using OceanClassic.MergeServer.Tests.Engine.Queries;

namespace OceanClassic.MergeServer.Tests.Engine.Indexes;

// Reads through secondary indexes answer what a full scan answers: each query runs in its index-using
// form (EXPLAIN must name the index) and in a form no index can serve (the column inside `+ 0` or
// CONCAT), over enough rows that lookups span several batches, before and after writes that move rows
// between index values, and inside a transaction that has not committed them.
[TestClass]
public sealed class IndexReadTests
{
    private const int Rows = 1500;

    private static readonly (string Indexed, string Scan, string Key)[] Queries =
    [
        ("SELECT * FROM t WHERE k = 17", "SELECT * FROM t WHERE k + 0 = 17", "k"),
        ("SELECT id, v FROM t WHERE k IN (3, 50, 96, 1000)", "SELECT id, v FROM t WHERE k + 0 IN (3, 50, 96, 1000)", "k"),
        ("SELECT * FROM t WHERE k BETWEEN 10 AND 60", "SELECT * FROM t WHERE k + 0 BETWEEN 10 AND 60", "k"),
        ("SELECT COUNT(*), SUM(v) FROM t WHERE k >= 90", "SELECT COUNT(*), SUM(v) FROM t WHERE k + 0 >= 90", "k"),
        ("SELECT id FROM t WHERE k < 4 AND v % 2 = 0", "SELECT id FROM t WHERE k + 0 < 4 AND v % 2 = 0", "k"),
        ("SELECT id, c FROM t WHERE k IS NULL", "SELECT id, c FROM t WHERE k + 0 IS NULL", "k"),
        ("SELECT id, k, v FROM t WHERE k IS NOT NULL ORDER BY k, id LIMIT 30", "SELECT id, k, v FROM t WHERE k + 0 IS NOT NULL ORDER BY k + 0, id LIMIT 30", "k"),
        ("SELECT id, k FROM t WHERE k = 5 ORDER BY id LIMIT 4", "SELECT id, k FROM t WHERE k + 0 = 5 ORDER BY id LIMIT 4", "k"),
        ("SELECT COUNT(k) FROM t WHERE k BETWEEN 3 AND 8 OR k BETWEEN 50 AND 52 OR k BETWEEN 6 AND 10", "SELECT COUNT(k) FROM t WHERE k + 0 BETWEEN 3 AND 8 OR k + 0 BETWEEN 50 AND 52 OR k + 0 BETWEEN 6 AND 10", "k"),
        ("SELECT id, k, v FROM t WHERE (k = 3 OR k IN (50, 96) OR k IS NULL) AND v > 100", "SELECT id, k, v FROM t WHERE (k + 0 = 3 OR k + 0 IN (50, 96) OR k + 0 IS NULL) AND v > 100", "k"),
        ("SELECT id, v FROM t WHERE id = 3 OR id BETWEEN 700 AND 705 OR id IN (9, 1400)", "SELECT id, v FROM t WHERE id + 0 = 3 OR id + 0 BETWEEN 700 AND 705 OR id + 0 IN (9, 1400)", "PRIMARY"),
        ("SELECT id, c FROM t WHERE c = 'NAME-7'", "SELECT id, c FROM t WHERE CONCAT(c, '') = 'NAME-7'", "c"),
        ("SELECT id FROM t WHERE c IN ('name-1 ', 'Name-2')", "SELECT id FROM t WHERE CONCAT(c, '') IN ('name-1 ', 'Name-2')", "c"),
        ("SELECT c, COUNT(*) FROM t WHERE c >= 'name-45' GROUP BY c", "SELECT c, COUNT(*) FROM t WHERE CONCAT(c, '') >= 'name-45' GROUP BY c", "c"),
        ("SELECT g, k, id FROM t WHERE g = 2 AND k > 40", "SELECT g, k, id FROM t WHERE g + 0 = 2 AND k + 0 > 40", "g_k"),
        ("SELECT t.id, o.id FROM t JOIN o ON o.tid = t.id WHERE t.k = 33", "SELECT t.id, o.id FROM t JOIN o ON o.tid + 0 = t.id WHERE t.k + 0 = 33", "tid"),
        ("SELECT t.id, o.amount FROM t LEFT JOIN o ON o.tid = t.id WHERE t.k IN (1, 2)", "SELECT t.id, o.amount FROM t LEFT JOIN o ON o.tid + 0 = t.id WHERE t.k + 0 IN (1, 2)", "tid"),
        ("SELECT COUNT(*), SUM(o.amount) FROM t JOIN o ON o.tid = t.id WHERE t.id < 700", "SELECT COUNT(*), SUM(o.amount) FROM t JOIN o ON o.tid + 0 = t.id WHERE t.id < 700", "PRIMARY"),
        ("SELECT o.id, t.v FROM o JOIN t ON t.id = o.tid WHERE o.tid BETWEEN 5 AND 9", "SELECT o.id, t.v FROM o JOIN t ON t.id = o.tid WHERE o.tid + 0 BETWEEN 5 AND 9", "tid"),
    ];

    private static async Task<EngineHarness> LoadedAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT, c VARCHAR(20), g INT, v INT, KEY k (k), KEY c (c), KEY g_k (g, k))");
        await h.OkAsync("CREATE TABLE o (id INT PRIMARY KEY, tid INT, amount INT, KEY tid (tid))");
        for (var start = 0; start < Rows; start += 500)
        {
            await h.OkAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 500).Select(i =>
                $"({i}, {(i % 41 == 0 ? "NULL" : (i % 97).ToString(CultureInfo.InvariantCulture))}, '{(i % 2 == 0 ? "name-" : "NAME-")}{i % 50}', {i % 5}, {i})")));
            await h.OkAsync("INSERT INTO o VALUES " + string.Join(",", Enumerable.Range(start, 500).Select(i => $"({i}, {(i * 7) % Rows}, {i % 13})")));
        }
        return h;
    }

    private static async Task CompareAsync(EngineHarness h, string when)
    {
        foreach (var (indexed, scan, key) in Queries)
        {
            var plan = await h.RowsAsync("EXPLAIN " + indexed);
            Assert.IsTrue(plan.Any(r => r[10] == key), $"{when}: EXPLAIN {indexed} names {key}");
            var expected = (await h.SortedLinesAsync(scan)).ToList();
            var actual = (await h.SortedLinesAsync(indexed)).ToList();
            Assert.IsTrue(expected.Count > 0, $"{when}: {scan} finds rows");
            CollectionAssert.AreEqual(expected, actual, $"{when}: {indexed}");
        }
    }

    [TestMethod]
    public async Task AnswersThroughIndexesEqualFullScansBeforeAndAfterWritesThatMoveRowsBetweenIndexValues()
    {
        var h = await LoadedAsync();
        await CompareAsync(h, "loaded");
        Assert.AreEqual("300", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE g = 4"), "a lookup of more rows than one batch");

        await h.OkAsync("UPDATE t SET k = 17 WHERE id BETWEEN 100 AND 140");
        await h.OkAsync("UPDATE t SET k = NULL, c = 'Name-7' WHERE id % 10 = 3");
        await h.OkAsync("DELETE FROM t WHERE k BETWEEN 12 AND 14");
        await h.OkAsync("INSERT INTO t VALUES (5000, 17, 'name-7 ', 2, 1), (5001, 3, NULL, 2, 2)");
        await h.OkAsync("UPDATE o SET tid = 5000 WHERE id < 30");
        await CompareAsync(h, "after writes");
    }

    [TestMethod]
    public async Task ATransactionReadsItsOwnIndexChangesThroughTheIndex()
    {
        var h = await LoadedAsync();
        await h.OkAsync("BEGIN");
        await h.OkAsync("UPDATE t SET k = 1000 WHERE id IN (1, 2, 3)");
        await h.OkAsync("DELETE FROM t WHERE k = 96");
        CollectionAssert.AreEqual(new[] { "1", "2", "3" }, await h.LinesAsync("SELECT id FROM t WHERE k = 1000 ORDER BY id"));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k = 96"));
        await CompareAsync(h, "inside the transaction");
        await h.OkAsync("ROLLBACK");
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k = 1000"));
        await CompareAsync(h, "after the rollback");
    }

    [TestMethod]
    public async Task ALimitedReadInIndexOrderStopsEarly()
    {
        var h = await LoadedAsync();
        var scans = h.Cluster.ScanCount;
        CollectionAssert.AreEqual(new[] { "97|0", "194|0", "291|0" }, await h.LinesAsync("SELECT id, k FROM t WHERE k IS NOT NULL ORDER BY k, id LIMIT 3"));
        Assert.IsTrue(h.Cluster.ScanCount - scans <= 4, $"{h.Cluster.ScanCount - scans} scan requests");
    }
}
