using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// A transaction's first write carrying its BEGIN (ApplyRequest.begin): the UPS begins the transaction, runs
// the write as its first statement and names it in the answer; a write that fails leaves no transaction.
[TestClass]
public sealed class BeginWithFirstWriteTests
{
    [TestMethod]
    public async Task AFirstWriteCarryingItsBeginRunsInANewTransactionThatHoldsItsLockUntilCommit()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var request = new ApplyRequest { Begin = new BeginTxRequest { LockWaitTimeoutMs = 50 } };
        request.Mutations.Add(Update(1, C(1, 2)));

        var response = await ups.Engine.ApplyAsync(request, CancellationToken.None);

        Assert.AreNotEqual(0UL, response.TxId, "the answer names the transaction it began");
        Assert.AreEqual(1, ups.Engine.OpenTransactions);
        Assert.AreEqual(1L, await ups.ValueAsync(1), "the write is the transaction's, not committed");
        Assert.AreEqual(2L, await ups.ValueAsync(1, response.TxId));
        var other = ups.Begin(lockWaitTimeoutMs: 50);
        var blocked = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.TxApplyAsync(other, LockRow(1)));
        Assert.AreEqual(WireErrorCodes.LockWaitTimeout, blocked.Code, "the row stays locked by the begun transaction");
        await ups.EndAsync(other, commit: false);

        await ups.TxApplyAsync(response.TxId, Insert(2, C(1, 20)));
        await ups.EndAsync(response.TxId);
        Assert.AreEqual(2L, await ups.ValueAsync(1));
        Assert.AreEqual(20L, await ups.ValueAsync(2));
        Assert.AreEqual(0, ups.Engine.LockedRows);
    }

    [TestMethod]
    public async Task AFirstWriteThatFailsLeavesNoTransactionAndNoLockBehind()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var request = new ApplyRequest { Begin = new BeginTxRequest() };
        request.Mutations.Add(Insert(3, C(1, 3)));
        request.Mutations.Add(Insert(1, C(1, 9)));

        var duplicate = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.Engine.ApplyAsync(request, CancellationToken.None).AsTask());

        Assert.AreEqual(WireErrorCodes.DuplicateEntry, duplicate.Code);
        Assert.AreEqual(0, ups.Engine.OpenTransactions, "the transaction the failed write began is rolled back");
        Assert.AreEqual(0, ups.Engine.LockedRows, "and its row locks are free");
        await ups.ApplyAsync(Insert(3, C(1, 30)));
        Assert.AreEqual(30L, await ups.ValueAsync(3));
    }
}
