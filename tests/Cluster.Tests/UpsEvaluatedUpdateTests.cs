using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;

namespace OceanClassic.Cluster.Tests;

// An UPDATE by primary key of a table whose rows are all in the UpdateServer is one request
// from the MergeServer to the UpdateServer, which evaluates it (MergeServer UpsEvaluatedUpdate, UpdateServer
// UpdateEngine.EvaluatedUpdate), in autocommit and in a transaction: no increment scan, MySQL's matched /
// changed counts, index rows right,
// errors and UNIQUE collisions applying nothing; after a daily merge the same statements read the merged
// rows and give the same answers.
[TestClass]
public sealed class UpsEvaluatedUpdateTests
{
    private const string Table = "CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, u INT, t TINYINT, c VARCHAR(10), KEY kk (k), UNIQUE KEY uu (u))";
    private const string Rows = "INSERT INTO t VALUES (1, 10, 1, 120, 'a'), (2, 20, 2, 127, 'b'), (3, 30, NULL, 0, NULL)";

    [TestMethod]
    [Timeout(300_000)]
    public async Task AnUpdateByPrimaryKeyIsOneApplyRequestWithMySqlCountsAndRightIndexRows()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Settings = new Dictionary<string, string> { ["log_sync_type"] = "0" } });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE ev");
        await c.ChangeDatabaseAsync("ev");
        await c.ExecAsync(Table);
        await c.ExecAsync(Rows);
        await c.RowsAsync("SELECT * FROM t WHERE id = 1");

        var (scans, applies) = await UpsServedAsync(cluster);
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 1"));
        Assert.AreEqual(0, await c.ExecAsync("UPDATE t SET k = k + 0 WHERE id = 1"), "an unchanged value is no changed row");
        Assert.AreEqual(0, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 99"), "no row matched");
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET c = 'x', k = k + 5, u = 7 WHERE id = 3"));
        var (scansAfter, appliesAfter) = await UpsServedAsync(cluster);
        Assert.AreEqual(scans, scansAfter, "no increment scan: the UPS read the rows itself");
        Assert.AreEqual(applies + 4, appliesAfter, "one apply request per statement");
        CollectionAssert.AreEqual(new[] { "1|11|1|120|a", "2|20|2|127|b", "3|35|7|0|x" }, await c.RowsAsync("SELECT * FROM t ORDER BY id"));

        Assert.AreEqual(1264, (await c.ErrorAsync("UPDATE t SET k = k + 1, t = t + 1 WHERE id = 2")).ErrorCode, "out of range");
        var duplicate = await c.ErrorAsync("UPDATE t SET k = k + 1, u = u + 5 WHERE id = 2");
        Assert.AreEqual(1062, duplicate.ErrorCode);
        StringAssert.Contains(duplicate.Message, "for key 'uu'");
        Assert.AreEqual("2|20|2|127|b", await c.ScalarAsync("SELECT CONCAT_WS('|', id, k, u, t, c) FROM t WHERE id = 2"), "nothing of either statement applied");
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET u = NULL WHERE id = 2"));
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET u = NULL WHERE id = 1"), "NULLs do not collide");

        CollectionAssert.AreEqual(new[] { "1", "2" }, await c.RowsAsync("SELECT id FROM t WHERE u IS NULL ORDER BY id"));
        CollectionAssert.AreEqual(new[] { "3" }, await c.RowsAsync("SELECT id FROM t WHERE k = 35"));
        Assert.IsEmpty(await c.RowsAsync("SELECT id FROM t WHERE k = 30"));
        await IndexTests.AssertIndexesMatchAsync(c, "t", "after evaluated updates");

        await c.ExecAsync("BEGIN");
        await c.ExecAsync("UPDATE t SET c = 'y' WHERE id = 2");
        (scans, applies) = await UpsServedAsync(cluster);
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 2"));
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 2"));
        (scansAfter, appliesAfter) = await UpsServedAsync(cluster);
        Assert.AreEqual((scans, applies + 2), (scansAfter, appliesAfter), "in a transaction too: one apply request, no scan");
        Assert.AreEqual("22|y", await c.ScalarAsync("SELECT CONCAT_WS('|', k, c) FROM t WHERE id = 2"), "the transaction's own writes were read");
        await c.ExecAsync("ROLLBACK");
        Assert.AreEqual("20|b", await c.ScalarAsync("SELECT CONCAT_WS('|', k, c) FROM t WHERE id = 2"), "a rollback takes it back");
        await IndexTests.AssertIndexesMatchAsync(c, "t", "after a rolled back transaction");
    }

    [TestMethod]
    [Timeout(600_000)]
    public async Task AfterADailyMergeAnUpdateByPrimaryKeyReadsTheMergedRowAndGivesTheSameAnswers()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Settings = new Dictionary<string, string> { ["merge_release_grace"] = "1s", ["log_sync_type"] = "0" },
        });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE ev");
        await c.ChangeDatabaseAsync("ev");
        await c.ExecAsync(Table);
        await c.ExecAsync(Rows);
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 1"));

        var frozen = await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
        await TestCluster.WaitUntilAsync(async () =>
            ulong.Parse((await cluster.StatusAsync(cluster.Roles.First(r => r.Role == "ups"))).Values["released_version"], CultureInfo.InvariantCulture) >= frozen,
            TimeSpan.FromSeconds(60), "the UPS released the merged increments");

        // The merged rows are no longer all in the UPS: it refuses (or the MergeServer does not ask) and
        // the ordinary read-then-write runs.
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 1"));
        Assert.AreEqual(0, await c.ExecAsync("UPDATE t SET k = 12 WHERE id = 1"));
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 2"));
        Assert.AreEqual(1264, (await c.ErrorAsync("UPDATE t SET t = t + 1 WHERE id = 2")).ErrorCode);
        Assert.AreEqual(1062, (await c.ErrorAsync("UPDATE t SET u = 1 WHERE id = 2")).ErrorCode);
        CollectionAssert.AreEqual(new[] { "1|12|1|120|a", "2|21|2|127|b", "3|30|NULL|0|NULL" }, await c.RowsAsync("SELECT * FROM t ORDER BY id"));
        await IndexTests.AssertIndexesMatchAsync(c, "t", "after the merge");
    }

    // Increment scans and apply requests the UPS master has served (rpc_serve.201 / .200: "<count> <µs>").
    private static async Task<(long Scans, long Applies)> UpsServedAsync(TestCluster cluster)
    {
        var values = (await cluster.StatusAsync(cluster.Roles.First(r => r.Role == "ups"))).Values;
        static long Count(IReadOnlyDictionary<string, string> values, string key) =>
            values.TryGetValue(key, out var timer) ? long.Parse(timer.Split(' ')[0], CultureInfo.InvariantCulture) : 0;
        return (Count(values, "time.rpc_serve.201"), Count(values, "time.rpc_serve.200"));
    }
}
