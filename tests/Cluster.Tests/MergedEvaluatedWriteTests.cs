using System.Collections.Concurrent;
using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// UPDATE and DELETE by primary key of rows merged into ChunkServer tablets: the MergeServer reads the row's
// baseline from a replica without increments (no ChunkServer -> UpdateServer call) and the UpdateServer folds
// its increments over it and evaluates the statement in one request (MergeServer UpsEvaluatedUpdate,
// UpdateServer EvaluatedRow), in autocommit and in transactions: MySQL's counts and errors, index rows right,
// and no acknowledged write lost while a daily merge and a kill of the UpdateServer master happen under them.
[TestClass]
public sealed class MergedEvaluatedWriteTests
{
    public TestContext TestContext { get; set; } = null!;

    private const string Table = "CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, u INT, t TINYINT, c VARCHAR(10), KEY kk (k), UNIQUE KEY uu (u))";

    [TestMethod]
    [Timeout(600_000)]
    public async Task AnUpdateOrDeleteByKeyOfAMergedRowIsOneUpsRequestWithMySqlCountsErrorsAndIndexRows()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Settings = new Dictionary<string, string> { ["merge_release_grace"] = "1s", ["log_sync_type"] = "0" },
        });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE mev");
        await c.ChangeDatabaseAsync("mev");
        await c.ExecAsync(Table);
        await c.ExecAsync("INSERT INTO t VALUES (1, 10, 1, 120, 'a'), (2, 20, 2, 127, 'b'), (3, 30, NULL, 0, NULL), (4, 40, 4, 4, 'd'), (5, 50, 5, 5, 'e')");
        await MergedAsync(cluster, c);
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 5"), "an increment above the baseline");

        var before = await ServedAsync(cluster);
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 1"));
        Assert.AreEqual(0, await c.ExecAsync("UPDATE t SET k = k + 0 WHERE id = 1"), "an unchanged value is no changed row");
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET c = 'x', k = k + 5, u = 7 WHERE id = 3"));
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 5"), "over the baseline and the increment above it");
        Assert.AreEqual(1, await c.ExecAsync("DELETE FROM t WHERE id = 4"));
        Assert.AreEqual(0, await c.ExecAsync("DELETE FROM t WHERE id = 4"), "deleted already");
        Assert.AreEqual(0, await c.ExecAsync("DELETE FROM t WHERE id = 99"), "no such row");
        Assert.AreEqual(0, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 99"), "no such row");
        var after = await ServedAsync(cluster);
        Assert.AreEqual(before.UpsScans, after.UpsScans, "no increment scan: the UPS folded the rows itself");
        Assert.AreEqual(before.UpsApplies + 8, after.UpsApplies, "one apply request per statement");
        Assert.AreEqual(before.CsScans + 8, after.CsScans, "one baseline read per statement");
        CollectionAssert.AreEqual(new[] { "1|11|1|120|a", "2|20|2|127|b", "3|35|7|0|x", "5|52|5|5|e" }, await c.RowsAsync("SELECT * FROM t ORDER BY id"));

        Assert.AreEqual(1264, (await c.ErrorAsync("UPDATE t SET k = k + 1, t = t + 1 WHERE id = 2")).ErrorCode, "out of range");
        Assert.AreEqual(1048, (await c.ErrorAsync("UPDATE t SET k = NULL WHERE id = 2")).ErrorCode, "NULL into NOT NULL");
        var duplicate = await c.ErrorAsync("UPDATE t SET k = k + 1, u = u + 5 WHERE id = 2");
        Assert.AreEqual(1062, duplicate.ErrorCode);
        StringAssert.Contains(duplicate.Message, "for key 'uu'");
        Assert.AreEqual("2|20|2|127|b", await c.ScalarAsync("SELECT CONCAT_WS('|', id, k, u, t, c) FROM t WHERE id = 2"), "nothing of the refused statements applied");
        CollectionAssert.AreEqual(new[] { "3" }, await c.RowsAsync("SELECT id FROM t WHERE k = 35"));
        Assert.IsEmpty(await c.RowsAsync("SELECT id FROM t WHERE k = 40 OR u = 4"), "the deleted row's index rows are gone");
        await IndexTests.AssertIndexesMatchAsync(c, "t", "after evaluated writes over the merged rows");

        await c.ExecAsync("BEGIN");
        before = await ServedAsync(cluster);
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 2"));
        Assert.AreEqual(1, await c.ExecAsync("DELETE FROM t WHERE id = 1"));
        Assert.AreEqual(0, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 1"), "the transaction's own delete");
        Assert.AreEqual(0, await c.ExecAsync("DELETE FROM t WHERE id = 1"), "the transaction's own delete");
        after = await ServedAsync(cluster);
        Assert.AreEqual((before.UpsScans, before.UpsApplies + 4), (after.UpsScans, after.UpsApplies), "in a transaction too: one apply request, no scan");
        CollectionAssert.AreEqual(new[] { "2|21", "3|35", "5|52" }, await c.RowsAsync("SELECT id, k FROM t ORDER BY id"), "the transaction reads its own writes");
        await using (var other = await Sql.OpenAsync(cluster, "mev"))
        {
            CollectionAssert.AreEqual(new[] { "1|11", "2|20", "3|35", "5|52" }, await other.RowsAsync("SELECT id, k FROM t ORDER BY id"), "others do not see them");
            await other.ExecAsync("SET SESSION innodb_lock_wait_timeout = 1");
            Assert.AreEqual(1205, (await other.ErrorAsync("DELETE FROM t WHERE id = 2")).ErrorCode, "the row stays locked by the transaction");
        }
        await c.ExecAsync("ROLLBACK");
        CollectionAssert.AreEqual(new[] { "1|11", "2|20", "3|35", "5|52" }, await c.RowsAsync("SELECT id, k FROM t ORDER BY id"), "a rollback takes them back");

        await c.ExecAsync("BEGIN");
        Assert.AreEqual(1, await c.ExecAsync("DELETE FROM t WHERE id = 1"));
        Assert.AreEqual(1, await c.ExecAsync("UPDATE t SET k = k + 1 WHERE id = 2"));
        Assert.AreEqual(1, await c.ExecAsync("INSERT INTO t VALUES (1, 100, 100, 1, 'n')"), "the key a delete freed");
        await c.ExecAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "1|100|100|1|n", "2|21|2|127|b", "3|35|7|0|x", "5|52|5|5|e" }, await c.RowsAsync("SELECT * FROM t ORDER BY id"));
        await IndexTests.AssertIndexesMatchAsync(c, "t", "after a committed transaction");
    }

    // Writers each add 1 to their own row by key (autocommit, and every third time in a transaction) and
    // delete rows of their own by key, while a daily merge runs and then the UpdateServer master is killed:
    // every acknowledged increment and delete is there at the end (an unacknowledged one may be or not).
    [TestMethod]
    [Timeout(600_000)]
    public async Task UpdatesAndDeletesByKeyOfMergedRowsLoseNoAcknowledgedWriteThroughADailyMergeAndAMasterKill()
    {
        var settings = UpsCluster.FastFailover();
        settings["merge_release_grace"] = "1s";
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = settings });
        const int writers = 4, deletable = 400;
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE mev");
        await c.ChangeDatabaseAsync("mev");
        await c.ExecAsync(Table);
        await c.ExecAsync("INSERT INTO t (id, k) VALUES " + string.Join(", ", Enumerable.Range(1, writers).Select(w => $"({w}, 1000)")));
        for (var from = 100; from < 100 + deletable; from += 100)
            await c.ExecAsync("INSERT INTO t (id, k, u) VALUES " + string.Join(", ", Enumerable.Range(from, 100).Select(id => $"({id}, {id}, {id})")));
        await MergedAsync(cluster, c);
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));

        var acknowledged = new int[writers + 1];
        var failed = new int[writers + 1];
        var deleted = new ConcurrentBag<int>();
        var errors = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(1, writers).Select(w => Task.Run(async () =>
        {
            var nextDelete = 100 + w - 1;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await using var s = await Sql.OpenAsync(cluster, "mev");
                    while (!stop.IsCancellationRequested)
                    {
                        if (++i % 3 == 0)
                        {
                            await s.ExecAsync("BEGIN");
                            Assert.AreEqual(1, await s.ExecAsync($"UPDATE t SET k = k + 1 WHERE id = {w}"));
                            await s.ExecAsync("COMMIT");
                        }
                        else
                        {
                            Assert.AreEqual(1, await s.ExecAsync($"UPDATE t SET k = k + 1 WHERE id = {w}"));
                        }
                        Interlocked.Increment(ref acknowledged[w]);
                        if (nextDelete < 100 + deletable && i % 2 == 0)
                        {
                            var id = nextDelete;
                            nextDelete += writers;
                            Assert.AreEqual(1, await s.ExecAsync($"DELETE FROM t WHERE id = {id}"), $"row {id} is deleted once");
                            deleted.Add(id);
                        }
                    }
                }
                catch (ObException e)
                {
                    // The statement's outcome is unknown (the master died under it): counted, not acknowledged.
                    Interlocked.Increment(ref failed[w]);
                    errors.Enqueue(e.Message);
                    nextDelete += writers;
                    await Task.Delay(50);
                }
            }
        })).ToArray();
        try
        {
            await TestCluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Sum() > 200), TimeSpan.FromSeconds(60), "updates before the merge");
            await MergedAsync(cluster, c);
            var atMerge = acknowledged.Sum();
            await TestCluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Sum() > atMerge + 200), TimeSpan.FromSeconds(60), "updates after the merge");
            await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
            var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
            master.Kill();
            var atKill = acknowledged.Sum();
            await TestCluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Sum() > atKill + 200), TimeSpan.FromSeconds(60), "updates on the new master");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        await using var check = await Sql.OpenAsync(cluster, "mev");
        TestContext.WriteLine($"acknowledged {string.Join(",", acknowledged)}, failed {string.Join(",", failed)}, deleted {deleted.Count}; errors: {string.Join(" / ", errors.Take(5))}");
        for (var w = 1; w <= writers; w++)
        {
            var k = Convert.ToInt64(await check.ScalarAsync($"SELECT k FROM t WHERE id = {w}"), CultureInfo.InvariantCulture);
            Assert.IsTrue(k >= 1000 + acknowledged[w] && k <= 1000 + acknowledged[w] + failed[w],
                $"row {w}: k = {k}, {acknowledged[w]} increments acknowledged, {failed[w]} unknown");
        }
        var present = (await check.RowsAsync($"SELECT id FROM t WHERE id >= 100")).Select(int.Parse).ToHashSet();
        Assert.IsFalse(deleted.Any(present.Contains), "an acknowledged delete came back");
        Assert.IsTrue(deleted.Count > 20, $"deletes ran: {deleted.Count}");
        await IndexTests.AssertIndexesMatchAsync(check, "t", "after the merge and the kill");
    }

    // A major freeze merged by every ChunkServer and released by the UpdateServer master.
    private static async Task MergedAsync(TestCluster cluster, ObConnection c)
    {
        var frozen = await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
        await TestCluster.WaitUntilAsync(async () => await cluster.UpsMasterAsync() is { } master
                && ulong.Parse((await cluster.StatusAsync(master)).Values["released_version"], CultureInfo.InvariantCulture) >= frozen,
            TimeSpan.FromSeconds(60), "the UPS released the merged increments");
    }

    // Increment scans and apply requests the UPS master served (rpc_serve.201 / .200: "<count> <µs>"), and
    // tablet scans the ChunkServers served (rpc_serve.300).
    private static async Task<(long UpsScans, long UpsApplies, long CsScans)> ServedAsync(TestCluster cluster)
    {
        static long Count(IReadOnlyDictionary<string, string> values, string key) =>
            values.TryGetValue(key, out var timer) ? long.Parse(timer.Split(' ')[0], CultureInfo.InvariantCulture) : 0;
        var ups = (await cluster.StatusAsync(await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master"))).Values;
        long cs = 0;
        foreach (var role in cluster.Roles.Where(r => r.Role == "cs"))
            cs += Count((await cluster.StatusAsync(role)).Values, "time.rpc_serve.300");
        return (Count(ups, "time.rpc_serve.201"), Count(ups, "time.rpc_serve.200"), cs);
    }
}
