using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Transactions;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class TransactionTests
{
    [TestMethod]
    public async Task UncommittedWritesAreSeenOnlyByTheirOwnTransaction()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1), C(2, 7)));
        var tx = ups.Begin();
        var other = ups.Begin();
        await ups.TxApplyAsync(tx, Update(1, C(1, 2)), Insert(2, C(1, 20)));

        Assert.AreEqual(1L, await ups.ValueAsync(1));
        Assert.IsNull(await ups.ValueAsync(2));
        Assert.AreEqual(1L, await ups.ValueAsync(1, other));
        Assert.IsNull(await ups.ValueAsync(2, other));

        var own = await ups.ScanAsync(txId: tx);
        CollectionAssert.AreEqual(new long[] { 1, 2 }, own.Select(IdOf).ToArray());
        Assert.AreEqual(2L, Cell(own[0], 1)!.Value.Int);
        Assert.AreEqual(7L, Cell(own[0], 2)!.Value.Int, "the update folds over the committed row");
        Assert.AreEqual(20L, Cell(own[1], 1)!.Value.Int);
        Assert.AreEqual(1UL, ups.Engine.LogSequence, "nothing of the open transaction is logged");
    }

    [TestMethod]
    public async Task RollingBackToASavepointRestoresTheWriteSetAsItWasAndCommitKeepsTheRest()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, Update(1, C(1, 2)));
        Assert.IsTrue((await ups.Engine.SavepointAsync(new SavepointRequest { TxId = tx, Name = "a", Op = SavepointOp.SavepointSet }, default)).Found);
        await ups.TxApplyAsync(tx, Update(1, C(1, 3)), Insert(2, C(1, 20)));
        Assert.IsTrue((await ups.Engine.SavepointAsync(new SavepointRequest { TxId = tx, Name = "b", Op = SavepointOp.SavepointSet }, default)).Found);

        Assert.IsTrue((await ups.Engine.SavepointAsync(new SavepointRequest { TxId = tx, Name = "A", Op = SavepointOp.SavepointRollbackTo }, default)).Found);
        Assert.AreEqual(2L, await ups.ValueAsync(1, tx));
        Assert.IsNull(await ups.ValueAsync(2, tx));
        Assert.IsFalse((await ups.Engine.SavepointAsync(new SavepointRequest { TxId = tx, Name = "b", Op = SavepointOp.SavepointRelease }, default)).Found);
        await ups.EndAsync(tx);

        Assert.AreEqual(2L, await ups.ValueAsync(1));
        Assert.IsNull(await ups.ValueAsync(2));
    }

    [TestMethod]
    public async Task CommitMakesEveryWriteVisibleAtOneVersion()
    {
        using var ups = new UpsHarness();
        var before = await ups.ApplyAsync(0, Insert(1, C(1, 1)), Insert(3, C(1, 3)));
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, Update(1, C(1, 10)));
        await ups.TxApplyAsync(tx, Insert(2, C(1, 20)), Delete(3));
        var version = await ups.EndAsync(tx);

        Assert.AreEqual(before.CommitVersion + 1, version);
        Assert.AreEqual(version, ups.Engine.CommittedVersion);
        var old = await ups.ScanAsync(before.CommitVersion);
        CollectionAssert.AreEqual(new long[] { 1, 3 }, old.Select(IdOf).ToArray());
        Assert.AreEqual(1L, Cell(old[0], 1)!.Value.Int);
        Assert.AreEqual(10L, await ups.ValueAsync(1));
        Assert.AreEqual(20L, await ups.ValueAsync(2));
        Assert.IsNull(await ups.ValueAsync(3));
        Assert.AreEqual(0, ups.Engine.OpenTransactions);
        Assert.AreEqual(0, ups.Engine.LockedRows);
    }

    [TestMethod]
    public async Task RollbackDiscardsTheWritesAndReleasesTheLocks()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(0, Insert(1, C(1, 1)), Insert(2, C(1, 2)));
        var committed = ups.Engine.CommittedVersion;
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, Update(1, C(1, 100)), Delete(2), Insert(3, C(1, 3)));
        Assert.AreEqual(3, ups.Engine.LockedRows);

        Assert.AreEqual(0UL, await ups.EndAsync(tx, commit: false));
        Assert.AreEqual(committed, ups.Engine.CommittedVersion);
        Assert.AreEqual(1L, await ups.ValueAsync(1));
        Assert.AreEqual(2L, await ups.ValueAsync(2));
        Assert.IsNull(await ups.ValueAsync(3));
        Assert.AreEqual(0, ups.Engine.LockedRows);
        await ups.ApplyAsync(Update(1, C(1, 5)));
        Assert.AreEqual(5L, await ups.ValueAsync(1));
    }

    [TestMethod]
    public async Task ASecondTransactionOnTheSameRowWaitsAndThenSeesTheFirstOnesCommit()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 0)));
        var a = ups.Begin();
        var b = ups.Begin();
        await ups.TxApplyAsync(a, Update(1, C(1, 1)));

        var waiting = ups.TxApplyAsync(b, LockRow(1));
        await WaitUntilAsync(() => ups.Engine.LockWaits == 1, "b waits for the row lock");
        Assert.IsFalse(waiting.IsCompleted);

        await ups.EndAsync(a);
        await waiting;
        Assert.AreEqual(1L, await ups.ValueAsync(1, b), "b reads the latest committed value once it holds the lock");
        await ups.TxApplyAsync(b, Update(1, C(1, 2)));
        await ups.EndAsync(b);
        Assert.AreEqual(2L, await ups.ValueAsync(1));
    }

    [TestMethod]
    public async Task ALockWaitLongerThanTheTimeoutFailsWith1205AndTheTransactionGoesOn()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(0, Insert(1, C(1, 0)), Insert(2, C(1, 0)));
        var a = ups.Begin();
        var b = ups.Begin(lockWaitTimeoutMs: 100);
        await ups.TxApplyAsync(a, Update(1, C(1, 1)));

        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.TxApplyAsync(b, Update(1, C(1, 2))));
        Assert.AreEqual(1205, error.Code);
        Assert.AreEqual("Lock wait timeout exceeded; try restarting transaction", error.Message);
        Assert.AreEqual(1L, ups.Engine.LockWaitTimeouts);

        await ups.TxApplyAsync(b, Update(2, C(1, 2)));
        await ups.EndAsync(b);
        await ups.EndAsync(a);
        Assert.AreEqual(1L, await ups.ValueAsync(1));
        Assert.AreEqual(2L, await ups.ValueAsync(2));
    }

    [TestMethod]
    public async Task TwoTransactionsLockingRowsInOppositeOrdersGet1213ForTheOneThatClosesTheCycle()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(0, Insert(1, C(1, 0)), Insert(2, C(1, 0)));
        var a = ups.Begin();
        var b = ups.Begin();
        await ups.TxApplyAsync(a, Update(1, C(1, 1)));
        await ups.TxApplyAsync(b, Update(2, C(1, 2)));

        var aWaits = ups.TxApplyAsync(a, Update(2, C(1, 1)));
        await WaitUntilAsync(() => ups.Engine.LockWaits == 1, "a waits for row 2");
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.TxApplyAsync(b, Update(1, C(1, 2))));
        Assert.AreEqual(1213, error.Code);
        StringAssert.StartsWith(error.Message, "Deadlock found when trying to get lock");
        Assert.AreEqual(1L, ups.Engine.Deadlocks);

        await ups.EndAsync(b, commit: false);
        await aWaits;
        await ups.EndAsync(a);
        Assert.AreEqual(1L, await ups.ValueAsync(1));
        Assert.AreEqual(1L, await ups.ValueAsync(2));
    }

    [TestMethod]
    public async Task AnAutocommitWriteWaitsForATransactionsRowLock()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 0)));
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, Update(1, C(1, 1)));

        var autocommit = ups.ApplyAsync(Update(1, C(1, 2)));
        await WaitUntilAsync(() => ups.Engine.LockWaits == 1, "the autocommit write waits");
        Assert.IsFalse(autocommit.IsCompleted);
        var txVersion = await ups.EndAsync(tx);
        var autoVersion = await autocommit;

        Assert.IsTrue(autoVersion > txVersion);
        Assert.AreEqual(2L, await ups.ValueAsync(1));
    }

    [TestMethod]
    public async Task AFailedStatementKeepsTheTransactionsEarlierWritesAndAppliesNoneOfItsOwn()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, Insert(5, C(1, 5)));

        var single = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.TxApplyAsync(tx, Insert(1, C(1, 9))));
        Assert.AreEqual(1062, single.Code);
        var multi = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.TxApplyAsync(tx, Insert(6, C(1, 6)), Insert(5, C(1, 55))));
        Assert.AreEqual(1062, multi.Code);
        StringAssert.Contains(multi.Message, "'5'", "the transaction's own insert counts as existing");
        Assert.IsNull(await ups.ValueAsync(6, tx));

        // A row this transaction deleted may be inserted again.
        await ups.TxApplyAsync(tx, Delete(1));
        await ups.TxApplyAsync(tx, Insert(1, C(1, 11)));
        await ups.EndAsync(tx);
        Assert.AreEqual(5L, await ups.ValueAsync(5));
        Assert.IsNull(await ups.ValueAsync(6));
        Assert.AreEqual(11L, await ups.ValueAsync(1));
    }

    [TestMethod]
    public async Task AnIdleTransactionIsRolledBackAndItsLocksReleased()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var tx = ups.Begin(idleTimeoutMs: 150);
        await ups.TxApplyAsync(tx, Update(1, C(1, 2)));
        await WaitUntilAsync(() => ups.Engine.OpenTransactions == 0, "the idle sweep rolls it back");

        Assert.AreEqual(0, ups.Engine.LockedRows);
        await ups.ApplyAsync(Update(1, C(1, 3)));
        Assert.AreEqual(3L, await ups.ValueAsync(1));
        var apply = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.TxApplyAsync(tx, Update(1, C(1, 4))));
        Assert.AreEqual(WireErrorCodes.TransactionNotFound, apply.Code);
        var end = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.EndAsync(tx));
        Assert.AreEqual(WireErrorCodes.TransactionNotFound, end.Code);
        StringAssert.Contains(end.Message, $"transaction {tx} not found");
    }

    [TestMethod]
    public async Task ACommittedTransactionSurvivesRestartAndAnOpenOneLeavesNothing()
    {
        using var ups = new UpsHarness();
        var done = ups.Begin();
        await ups.TxApplyAsync(done, Insert(1, C(1, 1)), Insert(2, C(1, 2)));
        await ups.TxApplyAsync(done, Update(2, C(1, 22)));
        var version = await ups.EndAsync(done);
        var open = ups.Begin();
        await ups.TxApplyAsync(open, Insert(3, C(1, 3)), Update(1, C(1, 100)));
        var idBefore = open;

        ups.Restart();
        Assert.AreEqual(version, ups.Engine.CommittedVersion);
        Assert.AreEqual(1L, await ups.ValueAsync(1));
        Assert.AreEqual(22L, await ups.ValueAsync(2));
        Assert.IsNull(await ups.ValueAsync(3));
        Assert.AreEqual(1, ups.Engine.ReplayedEntries, "the transaction is one log entry");
        Assert.AreEqual(0, ups.Engine.OpenTransactions);
        Assert.IsTrue(ups.Begin() > idBefore, "transaction ids never repeat across restarts");
    }

    [TestMethod]
    public async Task CallsOnAnUnknownTransactionFailWith6010()
    {
        using var ups = new UpsHarness();
        var apply = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.TxApplyAsync(12345, Insert(1)));
        var scan = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ScanAsync(txId: 12345));
        var end = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.EndAsync(12345, commit: false));
        Assert.IsTrue(new[] { apply, scan, end }.All(e => e.Code == WireErrorCodes.TransactionNotFound));
    }

    [TestMethod]
    public async Task SixteenWorkersIncrementingOneRowInTransactionsNeverLoseAnUpdate()
    {
        using var ups = new UpsHarness(syncLog: false);
        await ups.ApplyAsync(Insert(1, C(1, 0)));
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var tx = ups.Begin();
                await ups.TxApplyAsync(tx, LockRow(1));
                var value = (await ups.ValueAsync(1, tx))!.Value;
                await ups.TxApplyAsync(tx, Update(1, C(1, value + 1)));
                await ups.EndAsync(tx);
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.AreEqual(3200L, await ups.ValueAsync(1));
        Assert.IsTrue(ups.Engine.LockWaits > 0, "the workers really contended");
        Assert.AreEqual(0, ups.Engine.LockedRows);
        ups.Restart();
        Assert.AreEqual(3200L, await ups.ValueAsync(1));
    }

    [TestMethod]
    public async Task AutocommitWritesNamingRowsInOppositeOrdersLockInKeyOrderAndNeverDeadlock()
    {
        using var ups = new UpsHarness(syncLog: false);
        await ups.ApplyAsync(0, Insert(1, C(1, 0)), Insert(2, C(1, 0)));
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, LockRow(2));
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                if ((w + i) % 2 == 0)
                    await ups.ApplyAsync(0, Update(1, C(1, w)), Update(2, C(1, w)));
                else
                    await ups.ApplyAsync(0, Update(2, C(1, w)), Update(1, C(1, w)));
            }
        })).ToArray();
        // Everyone queues behind the transaction's lock on row 2 while holding row 1 or not at all.
        await WaitUntilAsync(() => ups.Engine.LockWaits > 0, "the writers queue");
        await ups.EndAsync(tx);
        await Task.WhenAll(writers);

        Assert.AreEqual(0L, ups.Engine.Deadlocks);
        Assert.AreEqual(await ups.ValueAsync(1), await ups.ValueAsync(2), "each write set both rows at one version");
        Assert.AreEqual(0, ups.Engine.LockedRows);
    }

    [TestMethod]
    public async Task ATransactionWhoseConnectionClosesIsRolledBackAndItsLocksFreed()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        using var connection = new CancellationTokenSource();
        var tx = ups.Engine.BeginTx(new BeginTxRequest(), connection.Token).TxId;
        var kept = ups.Begin();
        await ups.TxApplyAsync(tx, Update(1, C(1, 100)), Insert(2, C(1, 2)));
        await ups.TxApplyAsync(kept, Insert(3, C(1, 3)));
        Assert.AreEqual(3, ups.Engine.LockedRows);

        await connection.CancelAsync();
        await WaitUntilAsync(() => ups.Engine.OpenTransactions == 1, "the orphaned transaction is rolled back");
        Assert.AreEqual(1, ups.Engine.LockedRows, "only the other transaction's lock is left");
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.TxApplyAsync(tx, Update(1, C(1, 5))));
        Assert.AreEqual(WireErrorCodes.TransactionNotFound, error.Code);
        await ups.EndAsync(kept);
        Assert.AreEqual(1L, await ups.ValueAsync(1));
        Assert.IsNull(await ups.ValueAsync(2));
        Assert.AreEqual(3L, await ups.ValueAsync(3));
    }
}
