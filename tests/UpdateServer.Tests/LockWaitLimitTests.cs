using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// An apply's lock_wait_limit_ms (the MergeServer's RPC timeout less a margin) bounds its row lock waits
// below a longer lock wait timeout: the statement gets 1205 while its caller still listens, in autocommit
// and in a transaction, which goes on. The lock wait here is an hour, so without the limit each statement
// would wait until the test's timeout.
[TestClass]
public sealed class LockWaitLimitTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [TestMethod]
    [Timeout(120_000)]
    public async Task AnApplyWaitingOnARowLockGets1205AtItsLimitEvenUnderALongerLockWait()
    {
        using var ups = new UpsHarness();
        ups.Restart(ups.Options with { LockWaitTimeout = Hour });
        await ups.ApplyAsync(Insert(1, C(1, 0)), Insert(2, C(1, 0)));
        var holder = ups.Begin();
        await ups.TxApplyAsync(holder, Update(1, C(1, 1)));

        var autocommit = new ApplyRequest { LockWaitLimitMs = 100 };
        autocommit.Mutations.Add(Update(1, C(1, 2)));
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.Engine.ApplyAsync(autocommit, CancellationToken.None).AsTask());
        Assert.AreEqual(1205, error.Code);

        var waiter = ups.Begin(lockWaitTimeoutMs: (long)Hour.TotalMilliseconds);
        var inTransaction = new ApplyRequest { TxId = waiter, LockWaitLimitMs = 100 };
        inTransaction.Mutations.Add(Update(1, C(1, 3)));
        error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.Engine.ApplyAsync(inTransaction, CancellationToken.None).AsTask());
        Assert.AreEqual(1205, error.Code);
        Assert.AreEqual(2L, ups.Engine.LockWaitTimeouts);

        await ups.TxApplyAsync(waiter, Update(2, C(1, 4)));
        await ups.EndAsync(waiter);
        await ups.EndAsync(holder);
        Assert.AreEqual(1L, await ups.ValueAsync(1));
        Assert.AreEqual(4L, await ups.ValueAsync(2));
    }
}
