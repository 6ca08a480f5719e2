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

    // sbtest1 (ids 1..5) joined with acct (ids 1..3, v = 10 * id).
    private static async Task<EngineHarness> JoinedAsync()
    {
        var h = await EngineHarness.SeededAsync();
        await h.OkAsync("CREATE TABLE acct (id INT PRIMARY KEY, v INT)");
        await h.OkAsync("INSERT INTO acct VALUES (1, 10), (2, 20), (3, 30)");
        return h;
    }

    [TestMethod]
    public async Task AJoinReadForUpdateLocksTheRowsItReadsFromEveryJoinedTable()
    {
        var a = await JoinedAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        var rows = await a.RowsAsync("SELECT s.k, t.v FROM sbtest1 s JOIN acct t ON t.id = s.id WHERE s.id IN (1, 2) FOR UPDATE");
        CollectionAssert.AreEqual(new[] { "1|10", "2|20" }, rows.Select(r => string.Join('|', r)).Order().ToArray());
        Assert.AreEqual(4, a.Cluster.Locks.LockedRows, "sbtest1 rows 1, 2 and the acct rows the index lookup read");
        Assert.AreEqual(1205, await b.ErrorCodeAsync("SELECT v FROM acct WHERE id = 2 FOR UPDATE NOWAIT"));
        Assert.AreEqual(1205, await b.ErrorCodeAsync("SELECT k FROM sbtest1 WHERE id = 1 FOR SHARE NOWAIT"));
        Assert.AreEqual("30", await b.ScalarAsync("SELECT v FROM acct WHERE id = 3 FOR UPDATE NOWAIT"), "a row the join did not read is free");
        await a.OkAsync("COMMIT");
        Assert.AreEqual(0, a.Cluster.Locks.LockedRows);
    }

    [TestMethod]
    public async Task AJoinReadForUpdateWaitsForAJoinedRowAndReturnsItsNewestCommittedValue()
    {
        var a = await JoinedAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.OkAsync("UPDATE acct SET v = 11 WHERE id = 1");
        await b.OkAsync("BEGIN");
        var before = a.Cluster.Locks.Waits;
        var read = b.RowsAsync("SELECT s.k, t.v FROM sbtest1 s JOIN acct t ON t.id = s.id AND t.v > 5 ORDER BY s.id FOR UPDATE");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > before, "the join's read of acct waits for a's lock");
        Assert.IsFalse(read.IsCompleted);
        await a.OkAsync("UPDATE acct SET v = 12 WHERE id = 1");
        await a.OkAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "1|12", "2|20", "3|30" }, (await read).Select(r => string.Join('|', r)).ToArray(),
            "read again after the lock: a's committed value");
        await b.OkAsync("COMMIT");
    }

    [TestMethod]
    public async Task JoinReadsForUpdateInOppositeOrderDeadlockWith1213()
    {
        var a = await JoinedAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await b.OkAsync("BEGIN");
        await a.OkAsync("UPDATE acct SET v = 100 WHERE id = 1");
        await b.OkAsync("UPDATE sbtest1 SET k = 200 WHERE id = 2");
        var before = a.Cluster.Locks.Waits;
        var aRead = a.RowsAsync("SELECT s.k, t.v FROM sbtest1 s JOIN acct t ON t.id = s.id WHERE s.id = 2 FOR UPDATE");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > before, "a waits for b's sbtest1 row 2");
        Assert.AreEqual(1213, await b.ErrorCodeAsync("SELECT s.k, t.v FROM sbtest1 s JOIN acct t ON t.id = s.id WHERE s.id = 1 FOR UPDATE"));
        CollectionAssert.AreEqual(new[] { "2|20" }, (await aRead).Select(r => string.Join('|', r)).ToArray(), "b was rolled back");
        await a.OkAsync("COMMIT");
    }

    [TestMethod]
    public async Task LockingReadsWithACorrelatedSubqueryOrADerivedTableLockTheRowsOfTheirOwnFrom()
    {
        var a = await JoinedAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        CollectionAssert.AreEqual(new[] { "2" }, (await a.RowsAsync(
            "SELECT s.id FROM sbtest1 s WHERE s.id = 2 AND EXISTS (SELECT 1 FROM acct t WHERE t.id = s.id) FOR UPDATE")).Select(r => r[0]).ToArray());
        Assert.AreEqual(1, a.Cluster.Locks.LockedRows, "the subquery's table is not locked (as in MariaDB)");
        CollectionAssert.AreEqual(new[] { "3|30" }, (await a.RowsAsync(
            "SELECT d.id, t.v FROM (SELECT id FROM sbtest1 WHERE id = 3) d JOIN acct t ON t.id = d.id FOR UPDATE")).Select(r => string.Join('|', r)).ToArray());
        Assert.AreEqual(1205, await b.ErrorCodeAsync("SELECT v FROM acct WHERE id = 3 FOR UPDATE NOWAIT"), "the joined base table's row is locked");
        Assert.AreEqual("3", await b.ScalarAsync("SELECT k FROM sbtest1 WHERE id = 3 FOR UPDATE NOWAIT"), "the derived table's rows are not");
        await a.OkAsync("COMMIT");
    }

    [TestMethod]
    public async Task AJoinReadForUpdateSkipLockedLeavesOutTheRowsAnotherTransactionHolds()
    {
        var a = await JoinedAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.OkAsync("UPDATE acct SET v = 0 WHERE id = 2");
        CollectionAssert.AreEqual(new[] { "1|10", "3|30" }, (await b.RowsAsync(
            "SELECT s.id, t.v FROM sbtest1 s JOIN acct t ON t.id = s.id ORDER BY s.id FOR UPDATE SKIP LOCKED")).Select(r => string.Join('|', r)).ToArray());
        await a.OkAsync("COMMIT");
    }
}
