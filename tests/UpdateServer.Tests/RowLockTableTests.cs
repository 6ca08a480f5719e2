using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Transactions;

namespace OceanClassic.UpdateServer.Tests;

// The UPS row lock table on its own: shared/exclusive compatibility, upgrades, FIFO grants, NOWAIT,
// SKIP LOCKED, and a deadlock check that finds real 2- and 3-owner cycles (also through shared holders
// and queued requests) and never reports one for a long queue on a hot row.
[TestClass]
public sealed class RowLockTableTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static RowLockKey Row(int n) => new(1001, [(byte)(n >> 8), (byte)n]);

    private static ValueTask<bool> X(RowLockTable t, LockOwner o, int row, RowLockWait wait = RowLockWait.Wait) =>
        t.AcquireAsync(o, Row(row), RowLockMode.Exclusive, wait, Long, CancellationToken.None);

    private static ValueTask<bool> S(RowLockTable t, LockOwner o, int row, RowLockWait wait = RowLockWait.Wait) =>
        t.AcquireAsync(o, Row(row), RowLockMode.Shared, wait, Long, CancellationToken.None);

    // The error an acquire fails with (thrown at once, or when its wait ends).
    private static async Task<int> ErrorCodeAsync(Func<ValueTask<bool>> acquire)
    {
        var error = await Assert.ThrowsExceptionAsync<RpcException>(async () => await acquire());
        return error.Code;
    }

    [TestMethod]
    public async Task SharedLocksAreHeldTogetherAndAnExclusiveRequestWaitsForEveryHolder()
    {
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2), c = new(3);
        Assert.IsTrue(S(t, a, 1).IsCompletedSuccessfully);
        Assert.IsTrue(S(t, b, 1).IsCompletedSuccessfully);
        var x = X(t, c, 1).AsTask();
        Assert.IsFalse(x.IsCompleted);
        Assert.AreEqual(1, t.Waiting);
        t.ReleaseAll(a);
        Assert.IsFalse(x.IsCompleted, "b still holds it shared");
        t.ReleaseAll(b);
        Assert.IsTrue(await x);
        Assert.AreEqual(1, t.LockedRows);
        t.ReleaseAll(c);
        Assert.AreEqual(0, t.LockedRows);
    }

    [TestMethod]
    public async Task AnExclusiveHolderMakesSharedRequestsWaitAndThenGrantsThemAllAtOnce()
    {
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2), c = new(3);
        await X(t, a, 1);
        var sb = S(t, b, 1).AsTask();
        var sc = S(t, c, 1).AsTask();
        Assert.IsFalse(sb.IsCompleted || sc.IsCompleted);
        Assert.IsTrue(X(t, a, 1).IsCompletedSuccessfully && S(t, a, 1).IsCompletedSuccessfully, "a holder re-enters, exclusive covers shared");
        t.ReleaseAll(a);
        Assert.IsTrue(await sb);
        Assert.IsTrue(await sc);
    }

    [TestMethod]
    public async Task ASoleSharedHolderUpgradesAtOnceAndAnotherHolderMakesTheUpgradeWait()
    {
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2);
        await S(t, a, 1);
        Assert.IsTrue(X(t, a, 1).IsCompletedSuccessfully, "sole shared holder upgrades");
        Assert.IsFalse(S(t, b, 1, RowLockWait.SkipLocked).Result, "exclusive now");
        Assert.AreEqual(1, a.HeldCount, "an upgrade keeps one entry");
        t.ReleaseAll(a);

        await S(t, a, 2);
        await S(t, b, 2);
        var upgrade = X(t, a, 2).AsTask();
        Assert.IsFalse(upgrade.IsCompleted);
        t.ReleaseAll(b);
        Assert.IsTrue(await upgrade);
        t.ReleaseAll(a);
        Assert.AreEqual(0, t.LockedRows);
    }

    [TestMethod]
    public async Task WaitersAreGrantedInArrivalOrderAndASharedRequestDoesNotOvertakeAQueuedExclusiveOne()
    {
        var t = new RowLockTable();
        var holder = new LockOwner(1);
        await X(t, holder, 1);
        var order = new List<ulong>();
        var owners = Enumerable.Range(2, 5).Select(i => new LockOwner((ulong)i)).ToList();
        var waits = owners.Select(o => Grab(o)).ToList();
        t.ReleaseAll(holder);
        for (var i = 0; i < owners.Count; i++)
        {
            await waits[i];
            t.ReleaseAll(owners[i]);
        }
        CollectionAssert.AreEqual(new ulong[] { 2, 3, 4, 5, 6 }, order);

        async Task Grab(LockOwner o)
        {
            await X(t, o, 1);
            lock (order)
                order.Add(o.Id);
        }

        LockOwner s1 = new(10), x = new(11), s2 = new(12);
        await S(t, s1, 2);
        var xWait = X(t, x, 2).AsTask();
        var s2Wait = S(t, s2, 2).AsTask();
        Assert.IsFalse(s2Wait.IsCompleted, "a shared request queues behind the exclusive one (no starvation)");
        t.ReleaseAll(s1);
        Assert.IsTrue(await xWait);
        Assert.IsFalse(s2Wait.IsCompleted);
        t.ReleaseAll(x);
        Assert.IsTrue(await s2Wait);
    }

    [TestMethod]
    public async Task NowaitFailsAtOnceWith1205AndSkipLockedLeavesTheRowAlone()
    {
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2);
        await X(t, a, 1);
        await S(t, a, 2);
        Assert.AreEqual(WireErrorCodes.LockWaitTimeout, await ErrorCodeAsync(() => X(t, b, 1, RowLockWait.NoWait)));
        Assert.AreEqual(WireErrorCodes.LockWaitTimeout, await ErrorCodeAsync(() => S(t, b, 1, RowLockWait.NoWait)));
        Assert.IsFalse(await X(t, b, 1, RowLockWait.SkipLocked));
        Assert.IsFalse(await X(t, b, 2, RowLockWait.SkipLocked));
        Assert.IsTrue(await S(t, b, 2, RowLockWait.NoWait), "shared with shared is granted at once");
        Assert.IsTrue(await X(t, b, 3, RowLockWait.SkipLocked));
        Assert.AreEqual(0L, t.Waits, "neither ever queued");
        Assert.AreEqual(2, b.HeldCount);
        t.ReleaseAll(a);
        t.ReleaseAll(b);
        Assert.AreEqual(0, t.LockedRows);
    }

    [TestMethod]
    public async Task ARealTwoOwnerCycleIsReportedAs1213ToTheOwnerThatClosesIt()
    {
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2);
        await X(t, a, 1);
        await X(t, b, 2);
        var aWaits = X(t, a, 2).AsTask();
        Assert.AreEqual(WireErrorCodes.Deadlock, await ErrorCodeAsync(() => X(t, b, 1)));
        Assert.AreEqual(1L, t.Deadlocks);
        t.ReleaseAll(b);
        Assert.IsTrue(await aWaits);
    }

    [TestMethod]
    public async Task ARealThreeOwnerCycleIsReportedAs1213()
    {
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2), c = new(3);
        await X(t, a, 1);
        await X(t, b, 2);
        await X(t, c, 3);
        var aWaits = X(t, a, 2).AsTask();
        var bWaits = X(t, b, 3).AsTask();
        Assert.AreEqual(0L, t.Deadlocks, "a chain is not a cycle");
        Assert.AreEqual(WireErrorCodes.Deadlock, await ErrorCodeAsync(() => S(t, c, 1)));
        t.ReleaseAll(c);
        Assert.IsTrue(await bWaits);
        t.ReleaseAll(b);
        Assert.IsTrue(await aWaits);
    }

    [TestMethod]
    public async Task TwoSharedHoldersThatBothUpgradeDeadlock()
    {
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2);
        await S(t, a, 1);
        await S(t, b, 1);
        var aUpgrade = X(t, a, 1).AsTask();
        Assert.AreEqual(WireErrorCodes.Deadlock, await ErrorCodeAsync(() => X(t, b, 1)));
        t.ReleaseAll(b);
        Assert.IsTrue(await aUpgrade);
    }

    [TestMethod]
    public async Task ACycleThroughAQueuedRequestAheadIsFound()
    {
        // c's shared request queues behind b's exclusive one, so c waits for b, b for a, and a for c.
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2), c = new(3);
        await S(t, a, 1);
        await X(t, c, 2);
        var bWaits = X(t, b, 1).AsTask();
        var cWaits = S(t, c, 1).AsTask();
        Assert.AreEqual(0L, t.Deadlocks);
        Assert.AreEqual(WireErrorCodes.Deadlock, await ErrorCodeAsync(() => X(t, a, 2)));
        t.ReleaseAll(a);
        Assert.IsTrue(await bWaits);
        t.ReleaseAll(b);
        Assert.IsTrue(await cWaits);
    }

    [TestMethod]
    public async Task ALongQueueOnOneHotRowIsNeverTakenForADeadlock()
    {
        // Every waiter also holds a row of its own, so the graph is large; still no cycle, no 1213.
        var t = new RowLockTable();
        var owners = Enumerable.Range(1, 300).Select(i => new LockOwner((ulong)i)).ToList();
        foreach (var o in owners)
            await X(t, o, 1000 + (int)o.Id);
        await X(t, owners[0], 1);
        var waits = owners.Skip(1).Select((o, i) => i % 3 == 0 ? S(t, o, 1).AsTask() : X(t, o, 1).AsTask()).ToList();
        Assert.AreEqual(0L, t.Deadlocks);
        Assert.AreEqual(299, t.Waiting);
        t.ReleaseAll(owners[0]);
        for (var i = 0; i < waits.Count; i++)
        {
            Assert.IsTrue(await waits[i]);
            t.ReleaseAll(owners[i + 1]);
        }
        Assert.AreEqual(0L, t.Deadlocks);
        Assert.AreEqual(0, t.LockedRows);
    }

    [TestMethod]
    public async Task ATimedOutWaiterLeavesTheQueueAndCompatibleRequestsBehindItAreGranted()
    {
        var t = new RowLockTable();
        LockOwner a = new(1), b = new(2), c = new(3);
        await S(t, a, 1);
        var bTimesOut = t.AcquireAsync(b, Row(1), RowLockMode.Exclusive, RowLockWait.Wait, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var cWaits = S(t, c, 1).AsTask();
        Assert.AreEqual(WireErrorCodes.LockWaitTimeout, await ErrorCodeAsync(() => bTimesOut));
        Assert.IsTrue(await cWaits, "c was only queued behind b");
        Assert.AreEqual(1L, t.Timeouts);
        t.ReleaseAll(a);
        t.ReleaseAll(c);
        Assert.AreEqual(0, t.LockedRows);
        Assert.AreEqual(0, t.Waiting);
    }
}
