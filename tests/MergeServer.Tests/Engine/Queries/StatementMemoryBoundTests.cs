using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Tests.Engine.Queries;

// Every result a statement holds in memory is charged to one of its budgets and fails with MySQL's
// "table is full" (1114) past it instead of growing the MergeServer (issue 26): the state of GROUP_CONCAT
// and COUNT / SUM(DISTINCT …) against ms_sort_memory_limit; subquery results, derived tables, set
// operations, INSERT / CREATE … SELECT and the rows a locking read holds against ms_join_memory_limit.
// After each failure the same session goes on answering.
[TestClass]
public sealed class StatementMemoryBoundTests
{
    private const int Rows = 300;
    private const long SmallLimit = 32768;

    [TestMethod]
    public async Task GroupConcatAndDistinctAggregatesPastTheSortMemoryLimitFailWith1114()
    {
        var h = await TableAsync(new EngineOptions { SortMemoryLimit = SmallLimit });

        foreach (var sql in new[]
        {
            "SELECT GROUP_CONCAT(v) FROM t", "SELECT GROUP_CONCAT(v ORDER BY id DESC) FROM t", "SELECT id % 2, GROUP_CONCAT(DISTINCT v) FROM t GROUP BY id % 2",
            "SELECT COUNT(DISTINCT v) FROM t", "SELECT SUM(DISTINCT v) FROM t", "SELECT COUNT(DISTINCT id, v) FROM t",
            "SELECT id % 3, COUNT(DISTINCT v) FROM t GROUP BY id % 3 WITH ROLLUP",
        })
        {
            var failure = (await h.RunAsync(sql)).Failure;
            Assert.AreEqual(ErrorCodes.RecordFileFull, failure?.Code, sql);
            StringAssert.Contains(failure!.Message, "ms_sort_memory_limit", sql);
        }

        Assert.AreEqual(Rows.ToString(), await h.ScalarAsync("SELECT COUNT(*) FROM t"));
        Assert.AreEqual("3", await h.ScalarAsync("SELECT COUNT(DISTINCT id % 3) FROM t"));
        Assert.AreEqual("0,1", await h.ScalarAsync("SELECT GROUP_CONCAT(DISTINCT id % 2 ORDER BY id % 2) FROM t"));
    }

    [TestMethod]
    public async Task GroupConcatWithoutOrderByKeepsOnlyWhatGroupConcatMaxLenLetsThrough()
    {
        var h = await TableAsync(new EngineOptions { SortMemoryLimit = SmallLimit });
        await h.OkAsync("SET SESSION group_concat_max_len = 30");

        Assert.AreEqual("value 00001 " + new string('x', 18), await h.ScalarAsync("SELECT GROUP_CONCAT(v) FROM t"));
        Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync("SELECT GROUP_CONCAT(v ORDER BY id DESC) FROM t"), "with ORDER BY every item is kept");
    }

    [TestMethod]
    public async Task SubqueryResultsAndDerivedTablesPastTheJoinMemoryLimitFailWith1114()
    {
        var h = await TableAsync(new EngineOptions { JoinMemoryLimit = SmallLimit });

        foreach (var sql in new[]
        {
            "SELECT COUNT(*) FROM t WHERE v IN (SELECT v FROM t)",
            "SELECT COUNT(*) FROM t WHERE v NOT IN (SELECT v FROM t ORDER BY id)",
            "SELECT COUNT(*) FROM (SELECT id, v FROM t LIMIT 1000) d",
            "SELECT COUNT(*) FROM t a WHERE a.v = (SELECT b.v FROM t b WHERE b.id = a.id)",
        })
        {
            var failure = (await h.RunAsync(sql)).Failure;
            Assert.AreEqual(ErrorCodes.RecordFileFull, failure?.Code, sql);
            StringAssert.Contains(failure!.Message, "ms_join_memory_limit", sql);
        }

        Assert.AreEqual("2", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE id IN (SELECT id FROM t WHERE id < 3)"));
        Assert.AreEqual("3", await h.ScalarAsync("SELECT COUNT(*) FROM (SELECT id FROM t WHERE id <= 3) d"));
    }

    [TestMethod]
    public async Task SetOperationsPastTheJoinMemoryLimitFailWith1114()
    {
        var h = await TableAsync(new EngineOptions { JoinMemoryLimit = SmallLimit });

        foreach (var sql in new[]
        {
            "SELECT v FROM t UNION SELECT v FROM t", "SELECT v FROM t INTERSECT SELECT v FROM t", "SELECT v FROM t EXCEPT SELECT v FROM t WHERE id < 5",
        })
        {
            Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync(sql), sql);
        }

        CollectionAssert.AreEqual(new[] { "1", "2" }, (await h.RowsAsync("SELECT id FROM t WHERE id = 1 UNION SELECT id FROM t WHERE id = 2 ORDER BY 1")).Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task InsertOrCreateFromASelectPastTheJoinMemoryLimitFailsWith1114AndWritesNothing()
    {
        var h = await TableAsync(new EngineOptions { JoinMemoryLimit = SmallLimit });
        await h.OkAsync("CREATE TABLE t2 (id INT PRIMARY KEY, v VARCHAR(100))");

        Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync("INSERT INTO t2 SELECT id, v FROM t"));
        Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync("CREATE TABLE t3 AS SELECT id, v FROM t"));

        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM t2"));
        Assert.AreEqual(ErrorCodes.NoSuchTable, await h.ErrorCodeAsync("SELECT * FROM t3"));
        await h.OkAsync("INSERT INTO t2 SELECT id, v FROM t WHERE id <= 5");
        Assert.AreEqual("5", await h.ScalarAsync("SELECT COUNT(*) FROM t2"));
    }

    [TestMethod]
    public async Task ALockingReadPastTheJoinMemoryLimitFailsWith1114AndLocksNothing()
    {
        var h = await TableAsync(new EngineOptions { JoinMemoryLimit = SmallLimit });

        Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync("SELECT id, v FROM t WHERE v LIKE 'value%' FOR UPDATE"));
        Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync("SELECT id, v FROM t LOCK IN SHARE MODE"));

        var other = await h.ConnectAsync(30);
        await other.OkAsync("UPDATE t SET v = 'changed' WHERE id = 7");
        CollectionAssert.AreEqual(new[] { "3" }, (await h.RowsAsync("SELECT id FROM t WHERE id = 3 FOR UPDATE")).Select(r => r[0]).ToArray());
    }

    private static Task<EngineHarness> TableAsync(EngineOptions options) => EngineHarness.WithRowsAsync(options, Rows);
}
