namespace OceanClassic.MergeServer.Tests.Engine;

// SELECT … FOR UPDATE / LOCK IN SHARE MODE / FOR SHARE, with NOWAIT and SKIP LOCKED, over the in-memory
// UPS: the rows read are locked in the transaction (or for the statement under autocommit), waits,
// 1205 and 1213 behave as for UPDATE, and the read after the wait sees the newest committed value.
[TestClass]
public sealed class LockingReadTests
{
    [TestMethod]
    public async Task AnUpdateOfARowAnotherTransactionReadForUpdateWaitsUntilThatTransactionCommits()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        CollectionAssert.AreEqual(new[] { "1" }, (await a.RowsAsync("SELECT k FROM sbtest1 WHERE id=1 FOR UPDATE")).Select(r => r[0]).ToArray());
        var before = a.Cluster.Locks.Waits;
        var update = b.OkAsync("UPDATE sbtest1 SET k = k + 1 WHERE id = 1");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > before, "the update waits for the FOR UPDATE lock");
        Assert.IsFalse(update.IsCompleted);
        await a.OkAsync("UPDATE sbtest1 SET k = 10 WHERE id = 1");
        await a.OkAsync("COMMIT");
        await update;
        Assert.AreEqual("11", await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=1"));
    }

    [TestMethod]
    public async Task TwoTransactionsThatReadForUpdateAndWriteBackTheValuePlusOneBothCount()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await b.OkAsync("BEGIN");
        var read = await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=3 FOR UPDATE");
        var before = a.Cluster.Locks.Waits;
        var bRead = b.ScalarAsync("SELECT k FROM sbtest1 WHERE id=3 FOR UPDATE");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > before, "b's locking read waits for a");
        await a.OkAsync($"UPDATE sbtest1 SET k = {long.Parse(read!) + 1} WHERE id = 3");
        await a.OkAsync("COMMIT");
        var bValue = await bRead;
        Assert.AreEqual("4", bValue, "the read after the wait sees a's committed value");
        await b.OkAsync($"UPDATE sbtest1 SET k = {long.Parse(bValue!) + 1} WHERE id = 3");
        await b.OkAsync("COMMIT");
        Assert.AreEqual("5", await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=3"));
    }

    [TestMethod]
    public async Task SharedReadsShareARowAndMakeAWriterWaitUntilBothEnd()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        var c = await a.ConnectAsync(9);
        await a.OkAsync("BEGIN");
        await b.OkAsync("BEGIN");
        Assert.AreEqual("2", await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=2 LOCK IN SHARE MODE"));
        Assert.AreEqual("2", await b.ScalarAsync("SELECT k FROM sbtest1 WHERE id=2 FOR SHARE"));
        Assert.AreEqual(1, a.Cluster.Locks.LockedRows);
        await c.OkAsync("SET innodb_lock_wait_timeout = 0.1");
        await c.OkAsync("BEGIN");
        Assert.AreEqual(1205, await c.ErrorCodeAsync("UPDATE sbtest1 SET k = 0 WHERE id = 2"));
        await c.OkAsync("SET innodb_lock_wait_timeout = 50");
        await a.OkAsync("COMMIT");
        var before = a.Cluster.Locks.Waits;
        var update = c.OkAsync("UPDATE sbtest1 SET k = 0 WHERE id = 2");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > before, "c still waits for b's shared lock");
        await b.OkAsync("COMMIT");
        await update;
        await c.OkAsync("COMMIT");
        Assert.AreEqual("0", await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=2"));
    }

    [TestMethod]
    public async Task NowaitFailsAtOnceWith1205AndTheTransactionGoesOn()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.RowsAsync("SELECT k FROM sbtest1 WHERE id=1 FOR UPDATE");
        await b.OkAsync("BEGIN");
        await b.OkAsync("UPDATE sbtest1 SET k = 40 WHERE id = 4");
        var before = a.Cluster.Locks.Waits;
        Assert.AreEqual(1205, await b.ErrorCodeAsync("SELECT k FROM sbtest1 WHERE id=1 FOR UPDATE NOWAIT"));
        Assert.AreEqual(1205, await b.ErrorCodeAsync("SELECT k FROM sbtest1 WHERE id=1 LOCK IN SHARE MODE NOWAIT"));
        Assert.AreEqual(before, a.Cluster.Locks.Waits, "NOWAIT never queues");
        Assert.IsTrue(b.Session.InTransaction);
        await b.OkAsync("COMMIT");
        Assert.AreEqual("40", await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=4"));
        Assert.AreEqual("3", await b.ScalarAsync("SELECT k FROM sbtest1 WHERE id=3 FOR UPDATE NOWAIT"), "a free row locks at once");
    }

    [TestMethod]
    public async Task SkipLockedLeavesOutTheRowsAnotherTransactionHolds()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.RowsAsync("SELECT k FROM sbtest1 WHERE id IN (2, 4) FOR UPDATE");
        await b.OkAsync("BEGIN");
        CollectionAssert.AreEqual(new[] { "1", "3", "5" }, (await b.RowsAsync("SELECT id FROM sbtest1 FOR UPDATE SKIP LOCKED")).Select(r => r[0]).ToArray());
        Assert.AreEqual(0, (await b.RowsAsync("SELECT id FROM sbtest1 WHERE id = 2 FOR SHARE SKIP LOCKED")).Length);
        Assert.AreEqual(5, a.Cluster.Locks.LockedRows, "b locked the three rows it returned");
        await a.OkAsync("ROLLBACK");
        await b.OkAsync("ROLLBACK");
        Assert.AreEqual(0, a.Cluster.Locks.LockedRows);
    }

    [TestMethod]
    public async Task AnAutocommitLockingReadWaitsForTheLockAndHoldsNothingAfterwards()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.OkAsync("UPDATE sbtest1 SET k = 50 WHERE id = 5");
        var before = a.Cluster.Locks.Waits;
        var read = b.ScalarAsync("SELECT k FROM sbtest1 WHERE k >= 5 FOR UPDATE");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > before, "the autocommit locking read waits");
        await a.OkAsync("COMMIT");
        Assert.AreEqual("50", await read);
        Assert.AreEqual(0, a.Cluster.Locks.LockedRows);
        Assert.AreEqual(0, a.Cluster.OpenTransactions);
        Assert.IsFalse(b.Session.InTransaction);
    }

    [TestMethod]
    public async Task ALockingReadOfAMissingKeyLocksThatKeySoAnInsertOfItWaits()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        Assert.AreEqual(0, (await a.RowsAsync("SELECT k FROM sbtest1 WHERE id = 99 FOR UPDATE")).Length);
        await b.OkAsync("SET innodb_lock_wait_timeout = 0.1");
        await b.OkAsync("BEGIN");
        Assert.AreEqual(1205, await b.ErrorCodeAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (99, 1, '', '')"));
        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (99, 9, '', '')");
        await a.OkAsync("COMMIT");
        Assert.AreEqual(1062, await b.ErrorCodeAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (99, 1, '', '')"));
    }

    [TestMethod]
    public async Task TwoLockingReadsInOppositeOrderDeadlockAndTheVictimsTransactionIsRolledBack()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await b.OkAsync("BEGIN");
        await a.RowsAsync("SELECT k FROM sbtest1 WHERE id = 1 FOR UPDATE");
        await b.OkAsync("UPDATE sbtest1 SET k = 20 WHERE id = 2");
        await b.RowsAsync("SELECT k FROM sbtest1 WHERE id = 2 FOR UPDATE");
        var before = a.Cluster.Locks.Waits;
        var aRead = a.ScalarAsync("SELECT k FROM sbtest1 WHERE id = 2 FOR SHARE");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > before, "a waits for b");
        Assert.AreEqual(1213, await b.ErrorCodeAsync("SELECT k FROM sbtest1 WHERE id = 1 FOR UPDATE"));
        Assert.IsFalse(b.Session.InTransaction, "1213 rolls the victim's whole transaction back");
        Assert.AreEqual("2", await aRead, "b's update was rolled back");
        await a.OkAsync("COMMIT");
    }

    [TestMethod]
    public async Task ALockingReadOverAJoinFailsRatherThanReadingWithoutLocks()
    {
        var h = await EngineHarness.SeededAsync();
        await h.OkAsync("BEGIN");
        Assert.AreEqual(1235, await h.ErrorCodeAsync("SELECT a.k FROM sbtest1 a JOIN sbtest1 b ON a.id = b.id WHERE a.id = 1 FOR UPDATE"));
        Assert.AreEqual(0, h.Cluster.Locks.LockedRows);
    }
}
