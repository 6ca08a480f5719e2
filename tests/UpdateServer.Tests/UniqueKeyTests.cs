using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;

namespace OceanClassic.UpdateServer.Tests;

// UNIQUE index rows (RowMutation.unique_key): an index row is (value, pk); one value may belong to one
// live row only.
[TestClass]
public sealed class UniqueKeyTests
{
    private const ulong Index = 2001;

    private static RowMutation Entry(string value, long pk, MutationOp op = MutationOp.MutReplace)
    {
        var m = new RowMutation { TableId = Index, Op = op, Rowkey = ByteString.CopyFrom(RowKeyCodec.Encode([ObObj.FromString(value), ObObj.FromInt(pk)])) };
        if (op != MutationOp.MutDelete)
            m.UniqueKey = ByteString.CopyFrom(RowKeyCodec.Encode(ObObj.FromString(value)));
        return m;
    }

    private static async Task<RpcException> RefusedAsync(Func<Task> write)
    {
        var e = await Assert.ThrowsExceptionAsync<RpcException>(write);
        Assert.AreEqual(1062, e.Code);
        return e;
    }

    [TestMethod]
    public async Task ASecondRowWithTheSameValueIsRefusedNamingTheMutationThatCollided()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Entry("a", 1));
        var e = await RefusedAsync(() => ups.ApplyAsync(Entry("b", 2), Entry("A", 3)));
        Assert.AreEqual(2, e.Item);
        Assert.IsNull(ups.Engine.MemTable.Find(Index, Entry("b", 2).Rowkey.ToByteArray()), "nothing of the request applied");
        await ups.ApplyAsync(Entry("a", 1));
        Assert.AreEqual(2, (await RefusedAsync(() => ups.ApplyAsync(Entry("x", 4), Entry("x", 5)))).Item, "two rows of one request collide too");
    }

    [TestMethod]
    public async Task AValueFreedEarlierInTheSameRequestCanBeTakenAndADeletedRowNoLongerHoldsIt()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Entry("a", 1), Entry("b", 2));
        await ups.ApplyAsync(Entry("a", 1, MutationOp.MutDelete), Entry("a", 2), Entry("b", 2, MutationOp.MutDelete));
        await ups.ApplyAsync(Entry("b", 7));
        await RefusedAsync(() => ups.ApplyAsync(Entry("a", 9)));
    }

    [TestMethod]
    public async Task ARowWhoseIncrementsWereReleasedAfterAMergeStillHoldsItsValue()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Entry("a", 1));
        ups.Engine.MemTable.Release(ups.Engine.CommittedVersion, new Lock(), CancellationToken.None);
        await RefusedAsync(() => ups.ApplyAsync(Entry("a", 2)));
    }

    [TestMethod]
    public async Task AValueAnOpenTransactionWroteWaitsForItsEndThenCollidesOnlyIfItCommitted()
    {
        using var ups = new UpsHarness();
        var first = ups.Begin();
        await ups.TxApplyAsync(first, Entry("a", 1));
        var second = ups.Begin();
        var waiting = ups.TxApplyAsync(second, Entry("a", 2));
        await Ups.WaitUntilAsync(() => ups.Engine.LockWaits > 0, "the second writer waits for the value");
        Assert.IsFalse(waiting.IsCompleted);
        await ups.EndAsync(first, commit: false);
        await waiting;
        await ups.EndAsync(second);

        var third = ups.Begin();
        await ups.TxApplyAsync(third, Entry("b", 3));
        var autocommit = ups.ApplyAsync(Entry("b", 4));
        await Ups.WaitUntilAsync(() => ups.Engine.LockWaits > 1, "the autocommit writer waits for the value");
        await ups.EndAsync(third);
        await RefusedAsync(() => autocommit);
        await RefusedAsync(() => ups.ApplyAsync(Entry("a", 5)));
    }

    [TestMethod]
    public async Task ATransactionSeesItsOwnEarlierRowsWithTheValue()
    {
        using var ups = new UpsHarness();
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, Entry("a", 1));
        Assert.AreEqual(1, (await RefusedAsync(() => ups.TxApplyAsync(tx, Entry("a", 2)))).Item);
        await ups.TxApplyAsync(tx, Entry("a", 1, MutationOp.MutDelete));
        await ups.TxApplyAsync(tx, Entry("a", 2));
        await ups.EndAsync(tx);
        await RefusedAsync(() => ups.ApplyAsync(Entry("a", 3)));
    }
}
