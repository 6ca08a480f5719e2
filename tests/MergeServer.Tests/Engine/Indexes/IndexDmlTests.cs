using System.Globalization;

namespace OceanClassic.MergeServer.Tests.Engine.Indexes;

// UPDATE and DELETE find their rows the way a SELECT with the same WHERE does (DmlRowReader through
// AccessPathChooser): through a secondary index the WHERE narrows, or an OR of primary-key ranges,
// instead of scanning the table — autocommit and inside a transaction (rows read under their locks).
// The test cluster pages 3 rows per scan request, so a full scan of the table costs hundreds of requests.
[TestClass]
public sealed class IndexDmlTests
{
    private const int Rows = 900;

    private static async Task<EngineHarness> LoadedAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT, v INT, KEY k (k))");
        for (var start = 0; start < Rows; start += 300)
        {
            await h.OkAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 300).Select(i =>
                $"({i}, {(i % 37 == 0 ? "NULL" : (i % 90).ToString(CultureInfo.InvariantCulture))}, {i})")));
        }
        return h;
    }

    private static async Task<int> ScansOfAsync(EngineHarness h, string sql)
    {
        var before = h.Cluster.ScanCount;
        await h.OkAsync(sql);
        return h.Cluster.ScanCount - before;
    }

    [TestMethod]
    public async Task AnUpdateWhereOnAnIndexedColumnReadsThroughTheIndexAndKeepsTheIndexRight()
    {
        var h = await LoadedAsync();
        var scans = await ScansOfAsync(h, "UPDATE t SET k = k + 1000, v = -v WHERE k = 17");
        Assert.IsTrue(scans < 20, $"{scans} scan requests");
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k = 17"));
        Assert.AreEqual("10", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k = 1017"));
        Assert.AreEqual("10", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k + 0 = 1017 AND v < 0"));
        var ranges = await ScansOfAsync(h, "UPDATE t SET v = 0 WHERE k BETWEEN 3 AND 4 OR k BETWEEN 60 AND 61 OR k IS NULL");
        Assert.IsTrue(ranges < 100, $"{ranges} scan requests (about 65 rows; a full scan takes 300)");
        Assert.AreEqual(await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k + 0 BETWEEN 3 AND 4 OR k + 0 BETWEEN 60 AND 61 OR k + 0 IS NULL"),
            await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE v = 0"));
    }

    [TestMethod]
    public async Task ADeleteWhereOnAnIndexedColumnOrAnOrOfKeyRangesDeletesJustThoseRowsWithoutAFullScan()
    {
        var h = await LoadedAsync();
        var scans = await ScansOfAsync(h, "DELETE FROM t WHERE k IN (5, 6) OR k = 88");
        Assert.IsTrue(scans < 20, $"{scans} scan requests");
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k + 0 IN (5, 6, 88)"));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k IN (5, 6, 88)"), "no index entry left behind");
        var byKey = await ScansOfAsync(h, "DELETE FROM t WHERE id = 7 OR id BETWEEN 100 AND 104");
        Assert.IsTrue(byKey < 10, $"{byKey} scan requests");
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE id + 0 = 7 OR id + 0 BETWEEN 100 AND 104"));
        Assert.AreEqual(await h.ScalarAsync("SELECT COUNT(k) FROM t WHERE k + 0 >= 0"), await h.ScalarAsync("SELECT COUNT(k) FROM t WHERE k >= 0"), "the index holds the rows left");
    }

    [TestMethod]
    public async Task AnAutocommitUpdateOfAnIndexedColumnByPrimaryKeyIsOneReadAndOneApply()
    {
        var h = await LoadedAsync();
        var (scans, applies) = (h.Cluster.ScanCount, h.Cluster.ApplyCount);
        await h.OkAsync("UPDATE t SET k = k + 1 WHERE id = 17");
        Assert.AreEqual(1, h.Cluster.ScanCount - scans, "one point read of the row");
        Assert.AreEqual(1, h.Cluster.ApplyCount - applies, "the row and its index entries in one request");
        Assert.AreEqual("17", await h.ScalarAsync("SELECT id FROM t WHERE k = 18 AND id = 17"));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k = 17 AND id = 17"));
    }

    [TestMethod]
    public async Task InATransactionAnUpdateThroughAnIndexLocksAndChangesTheRowsItFound()
    {
        var h = await LoadedAsync();
        await h.OkAsync("BEGIN");
        var scans = await ScansOfAsync(h, "UPDATE t SET k = 2000 WHERE k = 40");
        Assert.IsTrue(scans < 20, $"{scans} scan requests");
        var deleted = await h.OkAsync("DELETE FROM t WHERE k = 2000 AND v > 500");
        Assert.AreEqual("6", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k = 2000"));
        await h.OkAsync("COMMIT");
        Assert.AreEqual(4UL, deleted.AffectedRows);
        Assert.AreEqual("6", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k + 0 = 2000"));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE k = 40"));
    }
}
