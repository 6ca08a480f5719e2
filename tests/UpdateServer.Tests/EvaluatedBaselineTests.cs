using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.Engine;
using static OceanClassic.UpdateServer.Tests.EvaluatedUpdateTests;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// An evaluated UPDATE or DELETE of a row whose tablet has a baseline (EvaluatedUpdate.baseline, delete_row):
// the MergeServer sends the row as a ChunkServer's tablet of version min_version holds it, and the UPS folds
// its increments newer than that over it (UpdateServer/Evaluation/EvaluatedRow). Table 1001 (id, k, u) with
// an index on k (2001) and a UNIQUE one on u (2002), as EvaluatedUpdateTests; the rows are merged and released
// (major freeze + release), so the UPS alone no longer holds them.
[TestClass]
public sealed class EvaluatedBaselineTests
{
    // TabletScanResponse.rows of one row (id, k, u), as a baseline-only read answers it.
    private static ByteString Baseline(long id, long k, long u)
    {
        var writer = new ArrayBufferWriter<byte>();
        CellCodec.WriteVarUInt(writer, 1);
        foreach (var v in new[] { id, k, u })
            CellCodec.Write(writer, ObObj.FromInt(v));
        return ByteString.CopyFrom(writer.WrittenSpan);
    }

    private static readonly ByteString NoRow = ByteString.CopyFrom([0]);

    private static EvaluatedUpdate Request(long id, ulong minVersion, ByteString baseline, bool delete, params UpdateAssignment[] assignments)
    {
        var update = new EvaluatedUpdate { TableId = UpsHarness.Table, Rowkey = ByteString.CopyFrom(Key(id)), MinVersion = minVersion, Baseline = baseline, DeleteRow = delete };
        update.ColumnIds.Add([1, 2, 3]);
        update.Assignments.Add(assignments);
        update.Indexes.Add([Upkeep(KIndex, 1, unique: false), Upkeep(UIndex, 2, unique: true)]);
        return update;
    }

    private static Task<ApplyResponse> SendAsync(UpsHarness ups, EvaluatedUpdate update, ulong txId = 0) =>
        ups.Engine.ApplyAsync(new ApplyRequest { Update = update, TxId = txId }, CancellationToken.None).AsTask();

    // Rows 1..count inserted (k = 10 * id, u = id), merged and released: the baseline version.
    private static async Task<ulong> MergedAsync(UpsHarness ups, int count)
    {
        for (var id = 1; id <= count; id++)
            await InsertAsync(ups, id, 10 * id, id);
        var frozen = ups.Engine.MajorFreeze();
        ups.Engine.ReleaseUpTo(frozen);
        await WaitUntilAsync(() => ups.Engine.ReleasedVersion >= frozen, "the release");
        return frozen;
    }

    // An ordinary statement's update of k (as UpdateExecutor writes it): the cell and the moved index row.
    private static Task SetKAsync(UpsHarness ups, long id, long from, long to) =>
        ups.ApplyAsync(Update(id, C(2, to)),
            new RowMutation { TableId = KIndex, Op = MutationOp.MutDelete, Rowkey = ByteString.CopyFrom(IndexKey(ObObj.FromInt(from), ObObj.FromInt(id))) },
            IndexRow(KIndex, to, id));

    private static bool Deleted(IncrementRowsBlock.Row? row) => row is { State: OceanClassic.UpdateServer.MemTable.IncrementKind.Delete };

    // The increments newer than the baseline (a read below the release is refused).
    private static async Task<List<IncrementRowsBlock.Row>> ScanAboveAsync(UpsHarness ups, ulong merged, long? id = null, ulong txId = 0)
    {
        var request = new ScanIncrementRequest { TableId = UpsHarness.Table, MinVersion = merged, TxId = txId };
        if (id is { } one)
            request.Range = new KeyRange { Start = ByteString.CopyFrom(Key(one)), StartInclusive = true, End = ByteString.CopyFrom(Key(one)), EndInclusive = true };
        return IncrementRowsBlock.Decode((await ups.Engine.ScanIncrementAsync(request, CancellationToken.None)).Rows.Span);
    }

    private static async Task<IncrementRowsBlock.Row?> GetAboveAsync(UpsHarness ups, ulong merged, long id, ulong txId = 0) =>
        await ScanAboveAsync(ups, merged, id, txId) is [var row] ? row : null;

    [TestMethod]
    public async Task AnUpdateOverABaselineFoldsTheIncrementsNewerThanItsVersionOverTheBaselineRow()
    {
        using var ups = new UpsHarness();
        var merged = await MergedAsync(ups, 2);
        await SetKAsync(ups, 1, 10, 15);

        var response = await SendAsync(ups, Request(1, merged, Baseline(1, 10, 1), false, Assign(1, Plus(1, 1)), Assign(2, Plus(2, 100))));
        Assert.AreEqual((1UL, 1UL), (response.MatchedRows, response.ChangedRows));
        var row = (await GetAboveAsync(ups, merged, 1)).GetValueOrDefault();
        Assert.AreEqual(16, Cell(row, 2)?.Int, "k read from the increment above the baseline (15), not the baseline's 10");
        Assert.AreEqual(101, Cell(row, 3)?.Int, "u read from the baseline");
        Assert.IsTrue(IndexEntry(ups, KIndex, 16, 1) && !IndexEntry(ups, KIndex, 15, 1), "the k index row moved from the increment's value");
        Assert.IsTrue(IndexEntry(ups, UIndex, 101, 1) && !IndexEntry(ups, UIndex, 1, 1), "the u index row moved from the baseline's value");

        response = await SendAsync(ups, Request(3, merged, NoRow, false, Assign(1, Plus(1, 1))));
        Assert.AreEqual(0UL, response.MatchedRows, "no row in the baseline, none in the UPS");
        var refused = await Assert.ThrowsExceptionAsync<RpcException>(() => SendAsync(ups, Request(2, 0, Baseline(2, 20, 2), false, Assign(1, Plus(1, 1)))));
        Assert.AreEqual(WireErrorCodes.IncrementsReleased, refused.Code, "a baseline older than what the UPS released");
    }

    [TestMethod]
    public async Task ADeleteRemovesTheRowAndEveryIndexRowAndCountsOnlyARowThatExists()
    {
        using var ups = new UpsHarness();
        var merged = await MergedAsync(ups, 3);
        await SetKAsync(ups, 2, 20, 25);

        var response = await SendAsync(ups, Request(2, merged, Baseline(2, 20, 2), true));
        Assert.AreEqual((1UL, 1UL), (response.MatchedRows, response.ChangedRows));
        Assert.IsTrue(Deleted(await GetAboveAsync(ups, merged, 2)), "the row is deleted");
        Assert.IsFalse(IndexEntry(ups, KIndex, 25, 2), "the k index row of the increment's value is deleted");
        Assert.IsFalse(IndexEntry(ups, UIndex, 2, 2), "the u index row of the baseline's value is deleted");
        Assert.IsTrue(IndexEntry(ups, UIndex, 3, 3), "another row's index row stays");

        var version = ups.Engine.CommittedVersion;
        response = await SendAsync(ups, Request(2, merged, Baseline(2, 20, 2), true));
        Assert.AreEqual(0UL, response.ChangedRows, "deleted already: the increment decides over the baseline");
        response = await SendAsync(ups, Request(9, merged, NoRow, true));
        Assert.AreEqual(0UL, response.ChangedRows, "no such row");
        Assert.AreEqual(version, ups.Engine.CommittedVersion, "nothing written for no row");
    }

    [TestMethod]
    public async Task InATransactionADeleteAndAnUpdateOverTheBaselineSeeTheTransactionsOwnWritesAndARollbackLeavesTheRow()
    {
        using var ups = new UpsHarness();
        var merged = await MergedAsync(ups, 2);
        var tx = ups.Begin();

        var response = await SendAsync(ups, Request(1, merged, Baseline(1, 10, 1), false, Assign(1, Plus(1, 5))), tx);
        Assert.AreEqual((1UL, 1UL), (response.MatchedRows, response.ChangedRows));
        Assert.AreEqual(15, Cell((await GetAboveAsync(ups, merged, 1, tx)).GetValueOrDefault(), 2)?.Int, "the transaction sees its update over the baseline");
        response = await SendAsync(ups, Request(1, merged, Baseline(1, 10, 1), true), tx);
        Assert.AreEqual(1UL, response.ChangedRows);
        response = await SendAsync(ups, Request(1, merged, Baseline(1, 10, 1), false, Assign(1, Plus(1, 1))), tx);
        Assert.AreEqual(0UL, response.MatchedRows, "its own delete hides the baseline row");
        Assert.IsNull(await GetAboveAsync(ups, merged, 1), "others see nothing of it");

        await ups.EndAsync(tx, commit: false);
        Assert.IsNull(await GetAboveAsync(ups, merged, 1), "a rollback leaves the baseline row alone");
        Assert.IsTrue(IndexEntry(ups, UIndex, 1, 1), "and its index row");
    }

    // Writers of one baseline row serialize on its lock; each must read the increments the others linked
    // above the baseline (folded over it), else increments are lost; deletes of other rows and inserts of new
    // rows run alongside.
    [TestMethod]
    [Timeout(120_000)]
    public async Task ConcurrentEvaluatedUpdatesOfOneBaselineRowLoseNoIncrementWhileDeletesAndInsertsRunBesideThem()
    {
        using var ups = new UpsHarness(syncLog: false);
        const int rows = 200, workers = 4, perWorker = 100;
        var merged = await MergedAsync(ups, rows);
        var updates = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perWorker; i++)
                Assert.AreEqual(1UL, (await SendAsync(ups, Request(1, merged, Baseline(1, 10, 1), false, Assign(1, Plus(1, 1))))).ChangedRows);
        })).ToArray();
        var deletes = Task.Run(async () =>
        {
            for (var id = 2; id <= rows; id += 2)
                Assert.AreEqual(1UL, (await SendAsync(ups, Request(id, merged, Baseline(id, 10 * id, id), true))).ChangedRows);
        });
        var inserts = Task.Run(async () =>
        {
            for (var id = rows + 1; id <= 2 * rows; id++)
                await InsertAsync(ups, id, 10 * id, id);
        });
        await Task.WhenAll([.. updates, deletes, inserts]);

        Assert.AreEqual(10 + workers * perWorker, Cell((await GetAboveAsync(ups, merged, 1)).GetValueOrDefault(), 2)?.Int, "every increment of k kept");
        Assert.IsTrue(IndexEntry(ups, KIndex, 10 + workers * perWorker, 1), "the k index row follows");
        var scanned = await ScanAboveAsync(ups, merged);
        Assert.AreEqual(rows / 2, scanned.Count(r => Deleted(r)), "every even row deleted once");
        var ids = scanned.Select(IdOf).ToList();
        CollectionAssert.AreEqual(ids.Order().ToList(), ids, "the rows stay in key order");
        for (var id = rows + 1; id <= 2 * rows; id++)
            Assert.IsNotNull(ups.Engine.MemTable.Find(UpsHarness.Table, Key(id)), $"inserted row {id} found");
    }
}
