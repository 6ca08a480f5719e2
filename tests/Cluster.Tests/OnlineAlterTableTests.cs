using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// Online ALTER TABLE the 0.4 way: a column added to a table whose rows live in merged tablets (baseline)
// and in the UpdateServer (increments) reads as its default in both, while another session keeps
// inserting; a dropped column is gone and its name, added again, starts from the new default (column
// ids are never reused); a type change casts the older cells. All of it holds after the next daily
// merge and after the whole cluster restarts.
[TestClass]
public sealed class OnlineAlterTableTests
{
    private static readonly string[] Queries =
    [
        "SELECT COUNT(*), SUM(b), MIN(c), MAX(c), SUM(a) FROM t WHERE id < 10000",
        "SELECT id, b, c, a, n FROM t WHERE id IN (0, 5, 1999, 2000, 2500, 2999)",
        "SELECT COUNT(*) FROM t WHERE b = 7 AND c = 'x' AND a = 99",
        "SELECT n, COUNT(*) FROM t WHERE id < 10000 GROUP BY n ORDER BY n",
    ];

    [TestMethod]
    [Timeout(600_000)]
    public async Task ColumnsAddedAndDroppedUnderWritesReadTheSameFromBaselineAndUpsThroughAMergeAndARestart()
    {
        var options = new ClusterOptions
        {
            Settings = new Dictionary<string, string> { ["enable_balance"] = "false", ["merge_release_grace"] = "1s" },
        };
        await using var cluster = await TestCluster.StartAsync(options);
        var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE ddl");
        await c.ChangeDatabaseAsync("ddl");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT NOT NULL DEFAULT 0, n INT)");
        for (var start = 0; start < 2000; start += 500)
            await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 500).Select(i => $"({i},{i},{i % 3})")));
        await DailyMergeWait.FreezeAndWaitAsync(cluster, c, TimeSpan.FromSeconds(180));
        // Rows 2000-2999 and an update of baseline rows live only in the UpdateServer.
        await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(2000, 1000).Select(i => $"({i},{i},{i % 3})")));
        await c.ExecAsync("UPDATE t SET a = -a WHERE id < 100");

        using var stop = new CancellationTokenSource();
        var writer = WriteAsync(cluster, stop.Token);

        Assert.AreEqual(0, await c.ExecAsync("ALTER TABLE t ADD COLUMN b INT DEFAULT 7"));
        Assert.AreEqual("3000", (await c.ScalarAsync("SELECT COUNT(*) FROM t WHERE id < 10000 AND b = 7"))?.ToString());
        Assert.AreEqual("7", (await c.ScalarAsync("SELECT b FROM t WHERE id = 5"))?.ToString(), "a baseline row, point read");
        Assert.AreEqual("7", (await c.ScalarAsync("SELECT b FROM t WHERE id = 2500"))?.ToString(), "a row only in the UPS");
        await c.ExecAsync("ALTER TABLE t ADD COLUMN c VARCHAR(10) NOT NULL DEFAULT 'x' AFTER id, DROP COLUMN a");
        CollectionAssert.AreEqual(new[] { "0|x|0|7" }, await c.RowsAsync("SELECT * FROM t WHERE id = 0"), "id, c, n, b: a is gone");
        Assert.AreEqual(1054, (await c.ErrorAsync("SELECT a FROM t")).ErrorCode);
        // The name comes back as a new column: the old cells (0..2999, some negative) are not read again.
        await c.ExecAsync("ALTER TABLE t ADD COLUMN a INT DEFAULT 99");
        Assert.AreEqual("3000", (await c.ScalarAsync("SELECT COUNT(*) FROM t WHERE id < 10000 AND a = 99"))?.ToString());
        // A type change casts what was written before it.
        await c.ExecAsync("ALTER TABLE t MODIFY n VARCHAR(5)");
        Assert.AreEqual("1", (await c.ScalarAsync("SELECT n FROM t WHERE id = 1"))?.ToString());
        Assert.AreEqual("1000", (await c.ScalarAsync("SELECT COUNT(*) FROM t WHERE id < 10000 AND n = '2'"))?.ToString());

        await stop.CancelAsync();
        var written = await writer;
        Assert.IsTrue(written > 0, "the writer kept inserting during the ALTERs");
        Assert.AreEqual(written.ToString(CultureInfo.InvariantCulture), (await c.ScalarAsync("SELECT COUNT(*) FROM t WHERE id >= 10000"))?.ToString(),
            "every acknowledged insert is there");
        Assert.AreEqual(written.ToString(CultureInfo.InvariantCulture), (await c.ScalarAsync("SELECT COUNT(*) FROM t WHERE id >= 10000 AND a = 99"))?.ToString(),
            "rows inserted before and after each ALTER read the defaults");

        var before = await c.ResultsOfAsync(Queries);
        await DailyMergeWait.FreezeAndWaitAsync(cluster, c, TimeSpan.FromSeconds(180));
        CollectionAssert.AreEqual(before, await c.ResultsOfAsync(Queries), "after the daily merge");
        await c.DisposeAsync();

        await cluster.RestartAsync(options);
        c = await Sql.OpenAsync(cluster, "ddl");
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
        }, TimeSpan.FromSeconds(90), "the restarted cluster to answer as before");
        StringAssert.Contains((await c.RowsAsync("SHOW CREATE TABLE t"))[0], "`a` int(11) DEFAULT 99");
        await c.DisposeAsync();
    }

    // Inserts rows 10000, 10001, ... (only the id: every other column takes its default) until stopped;
    // returns how many were acknowledged. Any failure fails the test: no ALTER may block or break writes.
    private static async Task<int> WriteAsync(TestCluster cluster, CancellationToken stop)
    {
        await using var w = await Sql.OpenAsync(cluster, "ddl");
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            await w.ExecAsync($"INSERT INTO t (id) VALUES ({10000 + n})");
            n++;
        }
        return n;
    }
}
