namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class TransactionTests
{
    [TestMethod]
    public async Task WritesInATransactionAreVisibleToOthersOnlyAfterCommit()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        Assert.IsTrue(a.Session.InTransaction);
        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (10, 10, 'ten', '')");
        await a.OkAsync("UPDATE sbtest1 SET c='changed' WHERE id=1");
        Assert.AreEqual("5", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        Assert.AreEqual("c1", await b.ScalarAsync("SELECT c FROM sbtest1 WHERE id=1"));

        await a.OkAsync("COMMIT");
        Assert.IsFalse(a.Session.InTransaction);
        Assert.AreEqual("6", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        Assert.AreEqual("changed", await b.ScalarAsync("SELECT c FROM sbtest1 WHERE id=1"));
        Assert.AreEqual(0, a.Cluster.OpenTransactions);
        Assert.AreEqual(0, a.Cluster.Locks.LockedRows, "commit releases the row locks");
    }

    [TestMethod]
    public async Task RollbackDiscardsInsertsUpdatesAndDeletes()
    {
        var h = await EngineHarness.SeededAsync();
        await h.OkAsync("START TRANSACTION");
        await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (10, 10, 'ten', '')");
        await h.OkAsync("UPDATE sbtest1 SET k=k+100 WHERE id BETWEEN 1 AND 2");
        await h.OkAsync("DELETE FROM sbtest1 WHERE id=3");
        Assert.AreEqual("5", await h.ScalarAsync("SELECT COUNT(*) FROM sbtest1"), "own writes: +1 -1");
        await h.OkAsync("ROLLBACK");

        CollectionAssert.AreEqual(new[] { "1", "2", "3", "4", "5" }, (await h.RowsAsync("SELECT k FROM sbtest1")).Select(r => r[0]).ToArray());
        Assert.AreEqual(0, h.Cluster.Locks.LockedRows);
    }

    [TestMethod]
    public async Task ATransactionReadsItsOwnWritesInPointRangeAndAggregateReads()
    {
        var h = await EngineHarness.SeededAsync();
        await h.OkAsync("BEGIN");
        var update = await h.OkAsync("UPDATE sbtest1 SET k=k+1 WHERE id=2");
        Assert.AreEqual(1UL, update.AffectedRows);
        await h.OkAsync("DELETE FROM sbtest1 WHERE id=3");
        await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (3, 30, 'again', '')");
        Assert.AreEqual("3", await h.ScalarAsync("SELECT k FROM sbtest1 WHERE id=2"));
        Assert.AreEqual("again", await h.ScalarAsync("SELECT c FROM sbtest1 WHERE id=3"));
        Assert.AreEqual("34", await h.ScalarAsync("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 1 AND 3"));
        Assert.AreEqual(1UL, (await h.OkAsync("UPDATE sbtest1 SET k=k+1 WHERE id=2")).AffectedRows, "the second update sees the first");
        await h.OkAsync("COMMIT");
        Assert.AreEqual("4", await h.ScalarAsync("SELECT k FROM sbtest1 WHERE id=2"));
    }

    [TestMethod]
    public async Task AReadOnlyTransactionNeverStartsAUpsTransaction()
    {
        var h = await EngineHarness.SeededAsync();
        await h.OkAsync("BEGIN");
        await h.RowsAsync("SELECT c FROM sbtest1 WHERE id BETWEEN 1 AND 3");
        await h.OkAsync("COMMIT");
        Assert.AreEqual(0, h.Cluster.BeginCount);
        Assert.AreEqual(0, h.Cluster.TxScanCount);
    }

    [TestMethod]
    public async Task AutocommitOffRunsStatementsInAnImplicitTransactionUntilCommit()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("SET autocommit=0");
        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (10, 10, 'ten', '')");
        Assert.IsTrue(a.Session.InTransaction);
        Assert.AreEqual("5", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        await a.OkAsync("COMMIT");
        Assert.AreEqual("6", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));

        // The next statement opens a new transaction; SET autocommit=1 commits it.
        await a.OkAsync("DELETE FROM sbtest1 WHERE id=10");
        Assert.IsTrue(a.Session.InTransaction);
        Assert.AreEqual("6", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        await a.OkAsync("SET autocommit=1");
        Assert.IsFalse(a.Session.InTransaction);
        Assert.AreEqual("5", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        Assert.AreEqual(2, a.Cluster.BeginCount);
    }

    [TestMethod]
    public async Task BeginAndDdlCommitAnOpenTransactionImplicitly()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (10, 10, 'ten', '')");
        await a.OkAsync("BEGIN");
        Assert.AreEqual("6", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (11, 11, 'eleven', '')");
        await a.OkAsync("CREATE TABLE other (id INT PRIMARY KEY)");
        Assert.IsFalse(a.Session.InTransaction);
        Assert.AreEqual("7", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
    }

    [TestMethod]
    public async Task ClosingTheConnectionRollsTheOpenTransactionBackAndFreesItsLocks()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (10, 10, 'ten', '')");
        await a.OkAsync("UPDATE sbtest1 SET k=0 WHERE id=1");
        Assert.AreEqual(2, a.Cluster.Locks.LockedRows);
        await a.Session.DisposeAsync();

        Assert.AreEqual(0, a.Cluster.OpenTransactions);
        Assert.AreEqual(0, a.Cluster.Locks.LockedRows);
        Assert.AreEqual("5", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        Assert.AreEqual(1UL, (await b.OkAsync("UPDATE sbtest1 SET k=7 WHERE id=1")).AffectedRows, "the row is free again");
    }

    [TestMethod]
    public async Task SysbenchDeleteAndInsertOfOneIdFromTwoTransactionsSerializeAndBothSucceed()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await b.OkAsync("BEGIN");
        Assert.AreEqual(1UL, (await a.OkAsync("DELETE FROM sbtest1 WHERE id=5")).AffectedRows);
        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (5, 100, 'from-a', '')");

        var waitsBefore = a.Cluster.Locks.Waits;
        var bDelete = b.OkAsync("DELETE FROM sbtest1 WHERE id=5");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > waitsBefore, "b's delete waits on a's row lock");
        Assert.IsFalse(bDelete.IsCompleted);
        await a.OkAsync("COMMIT");

        Assert.AreEqual(1UL, (await bDelete).AffectedRows, "b deletes the row a committed");
        await b.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (5, 200, 'from-b', '')");
        await b.OkAsync("COMMIT");
        var rows = await a.RowsAsync("SELECT k, c FROM sbtest1 WHERE id=5");
        Assert.AreEqual(1, rows.Length);
        CollectionAssert.AreEqual(new[] { "200", "from-b" }, rows[0]);
    }

    [TestMethod]
    public async Task AnIncrementThatWaitedForARowLockReadsTheCommittedValueAfterTheWait()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await b.OkAsync("BEGIN");
        await a.OkAsync("UPDATE sbtest1 SET k=k+1 WHERE id=1");
        var waitsBefore = a.Cluster.Locks.Waits;
        var bUpdate = b.OkAsync("UPDATE sbtest1 SET k=k+1 WHERE id=1");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > waitsBefore, "b waits for a's lock");
        await a.OkAsync("COMMIT");
        await bUpdate;
        await b.OkAsync("COMMIT");
        Assert.AreEqual("3", await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=1"), "no lost update");
    }

    [TestMethod]
    public async Task ADeadlockRollsTheWholeTransactionBackAndTheOtherOneProceeds()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await b.OkAsync("BEGIN");
        await a.OkAsync("UPDATE sbtest1 SET k=10 WHERE id=1");
        await b.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (20, 20, 'b', '')");
        await b.OkAsync("UPDATE sbtest1 SET k=20 WHERE id=2");
        var waitsBefore = a.Cluster.Locks.Waits;
        var aWaits = a.OkAsync("UPDATE sbtest1 SET k=10 WHERE id=2");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > waitsBefore, "a waits for b's lock on id 2");

        Assert.AreEqual(1213, await b.ErrorCodeAsync("UPDATE sbtest1 SET k=20 WHERE id=1"));
        Assert.IsFalse(b.Session.InTransaction, "1213 ends the transaction");
        await aWaits;
        await a.OkAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "10", "10" }, (await a.RowsAsync("SELECT k FROM sbtest1 WHERE id IN (1, 2)")).Select(r => r[0]).ToArray());
        Assert.AreEqual(0, await a.RowsAsync("SELECT k FROM sbtest1 WHERE id=20") is { Length: var n } ? n : -1, "b's insert was rolled back");
        Assert.AreEqual(0, a.Cluster.OpenTransactions);
    }

    [TestMethod]
    public async Task ALockWaitTimeoutFailsOnlyTheStatementAndTheTransactionGoesOn()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.OkAsync("UPDATE sbtest1 SET k=10 WHERE id=1");
        await b.OkAsync("SET innodb_lock_wait_timeout = 0.1");
        await b.OkAsync("BEGIN");
        await b.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (20, 20, 'b', '')");
        Assert.AreEqual(1205, await b.ErrorCodeAsync("UPDATE sbtest1 SET k=20 WHERE id=1"));
        Assert.IsTrue(b.Session.InTransaction);
        await b.OkAsync("COMMIT");
        await a.OkAsync("COMMIT");
        Assert.AreEqual("20", await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=20"));
        Assert.AreEqual("10", await a.ScalarAsync("SELECT k FROM sbtest1 WHERE id=1"));
    }

    [TestMethod]
    public async Task ATransactionTheUpsForgotIsReportedAndLeft()
    {
        var h = await EngineHarness.SeededAsync();
        await h.OkAsync("BEGIN");
        await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (10, 10, 'ten', '')");
        h.Cluster.ExpireTransactions();
        Assert.AreEqual(6010, await h.ErrorCodeAsync("UPDATE sbtest1 SET k=0 WHERE id=1"));
        Assert.IsFalse(h.Session.InTransaction);
        Assert.AreEqual("5", await h.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
    }

    [TestMethod]
    public async Task ARangeUpdateRechecksRowsItHadToWaitFor()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.OkAsync("UPDATE sbtest1 SET k=0 WHERE id=3");
        await b.OkAsync("BEGIN");
        var waitsBefore = a.Cluster.Locks.Waits;
        var bUpdate = b.OkAsync("UPDATE sbtest1 SET c='big' WHERE k >= 3");
        await EngineHarness.WaitUntilAsync(() => a.Cluster.Locks.Waits > waitsBefore, "b waits for id 3");
        await a.OkAsync("COMMIT");
        Assert.AreEqual(2UL, (await bUpdate).AffectedRows, "id 3 no longer matches k >= 3");
        await b.OkAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "c1", "c2", "c3", "big", "big" }, (await a.RowsAsync("SELECT c FROM sbtest1")).Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task ConcurrentIncrementsInExplicitTransactionsAllCount()
    {
        var h = await EngineHarness.SeededAsync();
        var sessions = new List<EngineHarness>();
        for (var i = 0; i < 8; i++)
            sessions.Add(await h.ConnectAsync(20 + (uint)i));
        await Task.WhenAll(sessions.Select(s => Task.Run(async () =>
        {
            for (var n = 0; n < 25; n++)
            {
                while (true)
                {
                    var sink = await s.RunAsync("BEGIN; UPDATE sbtest1 SET k=k+1 WHERE id=1; UPDATE sbtest1 SET k=k+1 WHERE id=2; COMMIT");
                    if (sink.Failure is null)
                        break;
                    Assert.IsTrue(sink.Failure.Code is 1213 or 1205, sink.Failure.ToString());
                    await s.RunAsync("ROLLBACK");
                }
            }
        })));
        CollectionAssert.AreEqual(new[] { "201", "202" }, (await h.RowsAsync("SELECT k FROM sbtest1 WHERE id IN (1, 2)")).Select(r => r[0]).ToArray());
    }
}
