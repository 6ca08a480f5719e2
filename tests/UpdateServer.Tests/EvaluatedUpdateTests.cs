using Google.Protobuf;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// An UPDATE the UpdateServer evaluates itself (ApplyRequest.update): table 1001 (id, k, u) with an index
// on k (2001) and a UNIQUE one on u (2002), index rows (value, id).
[TestClass]
public sealed class EvaluatedUpdateTests
{
    internal const ulong KIndex = 2001, UIndex = 2002;

    internal static byte[] IndexKey(params ObObj[] values) => RowKeyCodec.Encode(values);

    internal static RowMutation IndexRow(ulong index, long value, long id, bool unique = false)
    {
        var m = new RowMutation { TableId = index, Op = MutationOp.MutReplace, Rowkey = ByteString.CopyFrom(IndexKey(ObObj.FromInt(value), ObObj.FromInt(id))) };
        if (unique)
            m.UniqueKey = ByteString.CopyFrom(IndexKey(ObObj.FromInt(value)));
        return m;
    }

    internal static async Task InsertAsync(UpsHarness ups, long id, long k, long u) =>
        await ups.ApplyAsync(Insert(id, C(1, id), C(2, k), C(3, u)), IndexRow(KIndex, k, id), IndexRow(UIndex, u, id, unique: true));

    internal static UpdateAssignment Assign(int column, BoundExpr value, AssignmentStore store = AssignmentStore.StoreSignedInt, long min = int.MinValue, long max = int.MaxValue) =>
        new() { Column = (uint)column, Value = ByteString.CopyFrom(ExprSerializer.Serialize(value)), Store = store, Min = min, Max = max, Nullable = true };

    internal static BoundExpr Plus(int column, long delta) => new BoundBinary(BinaryOp.Add, new BoundColumn(column), new BoundLiteral(ObObj.FromInt(delta)));

    internal static IndexUpkeep Upkeep(ulong index, int column, bool unique)
    {
        var upkeep = new IndexUpkeep { TableId = index, ValueCount = 1, Unique = unique };
        upkeep.BaseColumns.Add([(uint)column, 0]);
        upkeep.IndexColumnIds.Add([1, 2]);
        upkeep.Collations.Add([(uint)CollationIdOfInts, (uint)CollationIdOfInts]);
        return upkeep;
    }

    private static readonly Common.Types.Collations.CollationId CollationIdOfInts = Common.Types.Collations.CollationId.Utf8mb4GeneralCi;

    private static Task<ApplyResponse> UpdateAsync(UpsHarness ups, long id, ulong minVersion, params UpdateAssignment[] assignments) =>
        UpdateInAsync(ups, 0, id, minVersion, assignments);

    private static Task<ApplyResponse> UpdateInAsync(UpsHarness ups, ulong txId, long id, ulong minVersion, params UpdateAssignment[] assignments)
    {
        var update = new EvaluatedUpdate { TableId = UpsHarness.Table, Rowkey = ByteString.CopyFrom(Key(id)), MinVersion = minVersion };
        update.ColumnIds.Add([1, 2, 3]);
        update.Assignments.Add(assignments);
        update.Indexes.Add([Upkeep(KIndex, 1, unique: false), Upkeep(UIndex, 2, unique: true)]);
        return ups.Engine.ApplyAsync(new ApplyRequest { Update = update, TxId = txId }, CancellationToken.None).AsTask();
    }

    internal static bool IndexEntry(UpsHarness ups, ulong index, long value, long id) =>
        ups.Engine.MemTable.Find(index, IndexKey(ObObj.FromInt(value), ObObj.FromInt(id))) is { ExistsAtLatest: true };

    private static async Task<long?> CellAsync(UpsHarness ups, long id, int column) => (await ups.GetAsync(id)) is { } row ? Cell(row, column)?.Int : null;

    // The evaluated update reads its row outside the apply lock while other writers link rows: it must
    // not touch the skip list's one writer search path (FindForWrite), or a row linked meanwhile lands in
    // the wrong place (sysbench oltp_read_write after oltp_update_index: rows read twice or not at all).
    [TestMethod]
    [Timeout(120_000)]
    public async Task EvaluatedUpdatesRacingInsertsLeaveEveryRowFoundOnceInKeyOrder()
    {
        using var ups = new UpsHarness(syncLog: false);
        const int rows = 300;
        for (var id = 0; id < 2 * rows; id += 2)
            await InsertAsync(ups, id, id, 1_000_000 + id);
        var inserts = Task.Run(async () =>
        {
            for (var id = 1; id < 2 * rows; id += 2)
                await InsertAsync(ups, id, id, 1_000_000 + id);
        });
        var updates = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 400; i++)
                await UpdateAsync(ups, 2 * ((i * 7 + worker * 13) % rows), 0, Assign(1, Plus(1, 1)));
        })).ToArray();
        await Task.WhenAll([inserts, .. updates]);

        var ids = (await ups.ScanAsync()).Select(IdOf).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, 2 * rows).Select(i => (long)i).ToList(), ids, "every row once, in key order");
        for (var id = 0; id < 2 * rows; id++)
            Assert.IsNotNull(ups.Engine.MemTable.Find(UpsHarness.Table, Key(id)), $"row {id} found by a search");
    }

    [TestMethod]
    public async Task AnEvaluatedUpdateWritesTheChangedCellsAndMovesTheIndexRowAndAnUnchangedValueWritesNothing()
    {
        using var ups = new UpsHarness();
        await InsertAsync(ups, 1, 10, 5);

        var response = await UpdateAsync(ups, 1, 0, Assign(1, Plus(1, 1)), Assign(2, Plus(1, 100)));
        Assert.AreEqual((1UL, 1UL), (response.MatchedRows, response.ChangedRows));
        Assert.AreEqual(11, await CellAsync(ups, 1, 2));
        Assert.AreEqual(111, await CellAsync(ups, 1, 3), "the second assignment sees the first");
        Assert.IsTrue(IndexEntry(ups, KIndex, 11, 1) && !IndexEntry(ups, KIndex, 10, 1), "the k index row moved");
        Assert.IsTrue(IndexEntry(ups, UIndex, 111, 1) && !IndexEntry(ups, UIndex, 5, 1), "the u index row moved");

        var version = ups.Engine.CommittedVersion;
        response = await UpdateAsync(ups, 1, 0, Assign(1, Plus(1, 0)), Assign(2, new BoundLiteral(ObObj.FromInt(111)), AssignmentStore.StoreAsIs));
        Assert.AreEqual((1UL, 0UL), (response.MatchedRows, response.ChangedRows));
        Assert.AreEqual(version, ups.Engine.CommittedVersion, "nothing written");

        response = await UpdateAsync(ups, 2, 0, Assign(1, Plus(1, 1)));
        Assert.AreEqual((0UL, 0UL), (response.MatchedRows, response.ChangedRows), "no such row");
        await ups.ApplyAsync(Update(3, C(2, 7)));
        response = await UpdateAsync(ups, 3, 0, Assign(1, Plus(1, 1)));
        Assert.AreEqual(0UL, response.MatchedRows, "an Update over the empty baseline is no row");
    }

    [TestMethod]
    public async Task AValueOutsideTheColumnOrATakenUniqueValueIsRefusedWithNothingApplied()
    {
        using var ups = new UpsHarness();
        await InsertAsync(ups, 1, 126, 5);
        await InsertAsync(ups, 2, 20, 6);
        var version = ups.Engine.CommittedVersion;

        var refused = await Assert.ThrowsExceptionAsync<RpcException>(() => UpdateAsync(ups, 1, 0, Assign(1, Plus(1, 1)), Assign(1, Plus(1, 1), min: -128, max: 127)));
        Assert.AreEqual(WireErrorCodes.UpdateNotEvaluated, refused.Code);
        refused = await Assert.ThrowsExceptionAsync<RpcException>(() => UpdateAsync(ups, 1, 0, Assign(1, Plus(1, 1)), Assign(2, Plus(2, 1))));
        Assert.AreEqual(WireErrorCodes.UpdateNotEvaluated, refused.Code, "u = 6 is row 2's");
        var notNull = Assign(1, new BoundLiteral(ObObj.Null), AssignmentStore.StoreAsIs);
        notNull.Nullable = false;
        refused = await Assert.ThrowsExceptionAsync<RpcException>(() => UpdateAsync(ups, 1, 0, notNull));
        Assert.AreEqual(WireErrorCodes.UpdateNotEvaluated, refused.Code, "NULL into NOT NULL");

        Assert.AreEqual(version, ups.Engine.CommittedVersion, "nothing applied");
        Assert.AreEqual(126, await CellAsync(ups, 1, 2));
        Assert.IsTrue(IndexEntry(ups, KIndex, 126, 1) && IndexEntry(ups, UIndex, 5, 1));
        Assert.IsFalse(IndexEntry(ups, KIndex, 127, 1));
    }

    [TestMethod]
    public async Task InATransactionItReadsTheTransactionsOwnWritesAndARollbackLeavesNothing()
    {
        using var ups = new UpsHarness();
        await InsertAsync(ups, 1, 10, 5);
        await InsertAsync(ups, 2, 20, 6);
        var version = ups.Engine.CommittedVersion;
        var tx = ups.Begin();
        await ups.TxApplyAsync(tx, Update(1, C(2, 50)), new RowMutation { TableId = KIndex, Op = MutationOp.MutDelete, Rowkey = ByteString.CopyFrom(IndexKey(ObObj.FromInt(10), ObObj.FromInt(1))) }, IndexRow(KIndex, 50, 1));

        var response = await UpdateInAsync(ups, tx, 1, 0, Assign(1, Plus(1, 1)));
        Assert.AreEqual((1UL, 1UL), (response.MatchedRows, response.ChangedRows));
        Assert.AreEqual(51, Cell((await ups.GetAsync(1, txId: tx)).GetValueOrDefault(), 2)?.Int, "the update read the transaction's own 50");
        Assert.AreEqual(10, await CellAsync(ups, 1, 2), "others do not see it");
        var refused = await Assert.ThrowsExceptionAsync<RpcException>(() => UpdateInAsync(ups, tx, 1, 0, Assign(2, Plus(2, 1))));
        Assert.AreEqual(WireErrorCodes.UpdateNotEvaluated, refused.Code, "u = 6 is row 2's");

        await ups.EndAsync(tx, commit: false);
        Assert.AreEqual(version, ups.Engine.CommittedVersion, "nothing committed");
        Assert.AreEqual(10, await CellAsync(ups, 1, 2));
        Assert.IsTrue(IndexEntry(ups, KIndex, 10, 1) && !IndexEntry(ups, KIndex, 51, 1));
    }

    [TestMethod]
    public async Task AnEvaluatedUpdateOverIncrementsReleasedByAMergeIsRefusedWithIncrementsReleased()
    {
        using var ups = new UpsHarness();
        await InsertAsync(ups, 1, 10, 5);
        var frozen = ups.Engine.MajorFreeze();
        ups.Engine.ReleaseUpTo(frozen);
        await WaitUntilAsync(() => ups.Engine.ReleasedVersion >= frozen, "the release");

        var refused = await Assert.ThrowsExceptionAsync<RpcException>(() => UpdateAsync(ups, 1, 0, Assign(1, Plus(1, 1))));
        Assert.AreEqual(WireErrorCodes.IncrementsReleased, refused.Code);
        var response = await UpdateAsync(ups, 1, frozen, Assign(1, Plus(1, 1)));
        Assert.AreEqual(0UL, response.MatchedRows, "over the merged baseline the UPS holds no row of its own");
    }
}
