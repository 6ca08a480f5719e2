using System.Diagnostics;
using System.Globalization;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// A statement queued behind another transaction's row lock gets MariaDB's 1205 "Lock wait timeout exceeded",
// never 1105 "UpdateServer unavailable", also when the UPS's lock wait (6 s here) is longer than the
// MergeServer's RPC timeout (3 s here): the apply carries a lock wait limit below the RPC timeout
// (RpcClusterGateway, UpdateServer LockWaitBudget), so the UPS answers before the MergeServer gives up.
// Before, the MergeServer timed out first (1105) while the UPS still queued the statement. Evaluated
// updates, ordinary updates and deletes, in autocommit and inside a transaction (which goes on after the
// statement's 1205, as in MariaDB); the cluster keeps serving and the waits end in the UPS's own timeouts.
[TestClass]
public sealed class LockWaitTimeoutTests
{
    [TestMethod]
    [Timeout(300_000)]
    public async Task AStatementWaitingOnARowLockLongerThanTheRpcTimeoutGets1205AndTheClusterKeepsServing()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Cs = 1,
            Settings = new Dictionary<string, string> { ["lock_wait_timeout"] = "6s", ["rpc_timeout"] = "3s", ["log_sync_type"] = "0" },
        });
        await using var holder = await Sql.OpenAsync(cluster);
        await holder.ExecAsync("CREATE DATABASE lw");
        await holder.ChangeDatabaseAsync("lw");
        await holder.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT NOT NULL, c VARCHAR(20) NOT NULL, KEY kv (v))");
        await holder.ExecAsync("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b')");
        await using var waiter = await Sql.OpenAsync(cluster, "lw");
        var timeoutsBefore = await LockWaitTimeoutsAsync(cluster);

        await holder.ExecAsync("BEGIN");
        Assert.AreEqual(1, await holder.ExecAsync("UPDATE t SET v = v + 1 WHERE id = 1"));
        string[] blocked =
        [
            "UPDATE t SET v = v + 1 WHERE id = 1",          // evaluated at the UPS
            "UPDATE t SET c = CONCAT(c, 'x') WHERE id = 1", // the ordinary locked write
            "DELETE FROM t WHERE id = 1",
        ];
        foreach (var sql in blocked)
            await AssertLockWaitTimeoutAsync(waiter, sql);

        await waiter.ExecAsync("BEGIN");
        Assert.AreEqual(1, await waiter.ExecAsync("UPDATE t SET v = 21 WHERE id = 2"));
        await AssertLockWaitTimeoutAsync(waiter, "UPDATE t SET v = 5 WHERE id = 1");
        Assert.AreEqual(1, await waiter.ExecAsync("UPDATE t SET c = 'w' WHERE id = 2"), "the transaction goes on after a statement's 1205");
        await waiter.ExecAsync("COMMIT");

        await holder.ExecAsync("COMMIT");
        Assert.AreEqual(1, await waiter.ExecAsync("UPDATE t SET v = v + 1 WHERE id = 1"), "the lock is free once the holder commits");
        CollectionAssert.AreEqual(new[] { "1|12|a", "2|21|w" }, await waiter.RowsAsync("SELECT id, v, c FROM t ORDER BY id"));
        await IndexTests.AssertIndexesMatchAsync(waiter, "t", "after the lock wait timeouts");
        Assert.IsTrue(await LockWaitTimeoutsAsync(cluster) - timeoutsBefore >= blocked.Length + 1, "the UPS's own lock wait timed out each statement");
    }

    private static async Task AssertLockWaitTimeoutAsync(OceanClassic.ObClient.ObConnection c, string sql)
    {
        var clock = Stopwatch.StartNew();
        var error = await c.ErrorAsync(sql);
        Assert.AreEqual(1205, error.ErrorCode, $"{sql}: {error.Message} after {clock.Elapsed.TotalSeconds:F1} s");
        StringAssert.Contains(error.Message, "Lock wait timeout exceeded");
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromSeconds(2), $"{sql}: waited {clock.Elapsed.TotalSeconds:F1} s for the lock (the limit is the RPC timeout less a fifth, 2.4 s)");
    }

    private static async Task<long> LockWaitTimeoutsAsync(TestCluster cluster) =>
        long.Parse(await cluster.StatusValueAsync(cluster.Get("ups"), "lock_wait_timeouts"), CultureInfo.InvariantCulture);
}
