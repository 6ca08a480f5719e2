using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class ApplyTests
{
    [TestMethod]
    public async Task InsertingAnExistingKeyFailsWith1062NamingTheKey()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(42, C(1, 1)));
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ApplyAsync(Insert(42, C(1, 2))));
        Assert.AreEqual(1062, error.Code);
        Assert.AreEqual("Duplicate entry '42' for key 'PRIMARY'", error.Message);
        Assert.AreEqual(1L, Cell((await ups.GetAsync(42))!.Value, 1)!.Value.Int);
    }

    [TestMethod]
    public void ACompositeKeyRendersItsValuesJoinedByDashes()
    {
        // A string key holds its collation weights: utf8mb4_general_ci renders it folded.
        var key = RowKeyCodec.Encode([ObObj.FromInt(7), ObObj.FromString("ab")]);
        Assert.AreEqual("7-AB", OceanClassic.UpdateServer.Engine.UpdateEngine.RenderKey(key));
    }

    [TestMethod]
    public async Task InsertAfterDeleteSucceedsAndTheRowIsExactlyTheNewCells()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1), C(2, 2)));
        await ups.ApplyAsync(Delete(1));
        await ups.ApplyAsync(Insert(1, C(1, 9)));
        var row = (await ups.GetAsync(1))!.Value;
        Assert.AreEqual(IncrementKind.Replace, row.State);
        Assert.AreEqual(9L, Cell(row, 1)!.Value.Int);
        Assert.IsNull(Cell(row, 2));
    }

    [TestMethod]
    public async Task InsertThenInsertOfTheSameKeyInOneRequestFailsAndAppliesNothing()
    {
        using var ups = new UpsHarness();
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ApplyAsync(0, Insert(1, C(1, 1)), Insert(2, C(1, 2)), Insert(1, C(1, 3))));
        Assert.AreEqual(1062, error.Code);
        Assert.AreEqual(0, (await ups.ScanAsync()).Count);
        Assert.AreEqual(0UL, ups.Engine.LogSequence);
        // Delete then re-insert inside one request is fine.
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        await ups.ApplyAsync(0, Delete(1), Insert(1, C(1, 5)));
        Assert.AreEqual(5L, Cell((await ups.GetAsync(1))!.Value, 1)!.Value.Int);
    }

    [TestMethod]
    public async Task ARowChangedAfterTheSnapshotFailsWithAWriteConflictAndNothingApplies()
    {
        using var ups = new UpsHarness();
        var snapshot = await ups.ApplyAsync(0, Insert(1, C(1, 1)), Insert(2, C(1, 1)));
        await ups.ApplyAsync(Update(2, C(1, 2)));
        var before = ups.Engine.CommittedVersion;

        var error = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            ups.ApplyAsync(snapshot.CommitVersion, Update(1, C(1, 100)), Update(2, C(1, 100))));
        Assert.AreEqual(WireErrorCodes.WriteConflict, error.Code);
        Assert.AreEqual(before, ups.Engine.CommittedVersion);
        Assert.AreEqual(1L, Cell((await ups.GetAsync(1))!.Value, 1)!.Value.Int);
        Assert.AreEqual(2L, Cell((await ups.GetAsync(2))!.Value, 1)!.Value.Int);

        // At a current snapshot the same request goes through.
        await ups.ApplyAsync(before, Update(1, C(1, 100)), Update(2, C(1, 100)));
        Assert.AreEqual(100L, Cell((await ups.GetAsync(2))!.Value, 1)!.Value.Int);
    }

    [TestMethod]
    public async Task AMultiRowApplyGetsOneVersionAndIsSeenAllOrNothing()
    {
        using var ups = new UpsHarness();
        var v1 = await ups.ApplyAsync(0, Insert(1, C(1, 1)), Insert(2, C(1, 2)), Insert(3, C(1, 3)));
        var v2 = await ups.ApplyAsync(0, Update(1, C(1, 10)), Delete(2), Insert(4, C(1, 4)));
        Assert.AreEqual(v1.CommitVersion + 1, v2.CommitVersion);

        var atV1 = await ups.ScanAsync(v1.CommitVersion);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3 }, atV1.Select(IdOf).ToArray());
        Assert.IsTrue(atV1.All(r => r.State == IncrementKind.Replace));
        var atV2 = await ups.ScanAsync(v2.CommitVersion);
        Assert.AreEqual(10L, Cell(atV2[0], 1)!.Value.Int);
        Assert.AreEqual(IncrementKind.Delete, atV2[1].State);
        Assert.AreEqual(4L, IdOf(atV2[3]));
    }

    [TestMethod]
    public async Task ReadersAtTheWatermarkNeverSeeHalfOfATransaction()
    {
        using var ups = new UpsHarness(syncLog: false);
        var readerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(async () =>
        {
            // Each transaction moves one unit between rows 1 and 2: their sum stays 100. The moves start
            // once the reader has seen both rows, so however the threads are scheduled it reads during them.
            await ups.ApplyAsync(0, Insert(1, C(1, 100)), Insert(2, C(1, 0)));
            await readerStarted.Task;
            for (var i = 1; i <= 300; i++)
                await ups.ApplyAsync(0, Update(1, C(1, 100 - i)), Update(2, C(1, i)));
        });
        var checks = 0;
        while (!writer.IsCompleted)
        {
            var rows = await ups.ScanAsync();
            if (rows.Count == 2)
            {
                Assert.AreEqual(100L, Cell(rows[0], 1)!.Value.Int + Cell(rows[1], 1)!.Value.Int);
                checks++;
                readerStarted.TrySetResult();
            }
        }
        await writer;
        Assert.IsTrue(checks > 0, "the reader saw both rows");
    }

    [TestMethod]
    public async Task ScansPageWithMaxRowsAndReportHasMore()
    {
        using var ups = new UpsHarness();
        for (var i = 1; i <= 5; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        var first = await ups.Engine.ScanIncrementAsync(new ScanIncrementRequest { TableId = UpsHarness.Table, MaxRows = 3 }, CancellationToken.None);
        Assert.IsTrue(first.HasMore);
        var page1 = OceanClassic.UpdateServer.Engine.IncrementRowsBlock.Decode(first.Rows.Span);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3 }, page1.Select(IdOf).ToArray());
        Assert.AreEqual(ups.Engine.CommittedVersion, first.ReadVersion);

        var rest = await ups.Engine.ScanIncrementAsync(new ScanIncrementRequest
        {
            TableId = UpsHarness.Table,
            MaxRows = 3,
            ReadVersion = first.ReadVersion,
            Range = new KeyRange { Start = ByteString.CopyFrom(page1[^1].RowKey), StartInclusive = false, EndIsMax = true },
        }, CancellationToken.None);
        Assert.IsFalse(rest.HasMore);
        CollectionAssert.AreEqual(new long[] { 4, 5 }, OceanClassic.UpdateServer.Engine.IncrementRowsBlock.Decode(rest.Rows.Span).Select(IdOf).ToArray());
    }

    [TestMethod]
    public async Task OneScanOfSeveralRangesAnswersEachRangesIncrementsInTurnWithMaxRowsOverThemAll()
    {
        using var ups = new UpsHarness();
        for (var i = 1; i <= 9; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        KeyRange Between(long from, long to) => new()
        {
            Start = ByteString.CopyFrom(Key(from)), StartInclusive = true,
            End = ByteString.CopyFrom(Key(to)), EndInclusive = true,
        };
        var request = new ScanIncrementRequest { TableId = UpsHarness.Table, Range = Between(2, 3), MoreRanges = { Between(5, 5), Between(7, 8), Between(20, 30) } };
        var all = await ups.Engine.ScanIncrementAsync(request, CancellationToken.None);
        Assert.IsFalse(all.HasMore);
        CollectionAssert.AreEqual(new long[] { 2, 3, 5, 7, 8 }, OceanClassic.UpdateServer.Engine.IncrementRowsBlock.Decode(all.Rows.Span).Select(IdOf).ToArray());

        request.MaxRows = 4;
        var page = await ups.Engine.ScanIncrementAsync(request, CancellationToken.None);
        Assert.IsTrue(page.HasMore);
        CollectionAssert.AreEqual(new long[] { 2, 3, 5, 7 }, OceanClassic.UpdateServer.Engine.IncrementRowsBlock.Decode(page.Rows.Span).Select(IdOf).ToArray());
    }

    [TestMethod]
    public async Task AReadVersionAboveTheCommittedVersionTimesOutWithAnError()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ScanAsync(readVersion: ups.Engine.CommittedVersion + 5));
        Assert.AreEqual(RpcErrorCodes.Timeout, error.Code);
    }

    [TestMethod]
    public async Task AutoIncrementAllocationsAreDurableAndStayAboveExplicitIds()
    {
        using var ups = new UpsHarness();
        var a = await ups.Engine.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = UpsHarness.Table, Count = 10 }, CancellationToken.None);
        Assert.AreEqual(1UL, a.First);
        Assert.AreEqual(10UL, a.Count);

        var explicitInsert = new ApplyRequest();
        explicitInsert.Mutations.Add(Insert(500, C(1, 1)));
        explicitInsert.AutoInc.Add(new AutoIncHighWater { TableId = UpsHarness.Table, Value = 500 });
        await ups.Engine.ApplyAsync(explicitInsert, CancellationToken.None);

        var b = await ups.Engine.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = UpsHarness.Table, Count = 1 }, CancellationToken.None);
        Assert.AreEqual(501UL, b.First);

        ups.Restart();
        var c = await ups.Engine.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = UpsHarness.Table, Count = 2 }, CancellationToken.None);
        Assert.AreEqual(502UL, c.First);
        var other = await ups.Engine.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = UpsHarness.Table + 1, Count = 1 }, CancellationToken.None);
        Assert.AreEqual(1UL, other.First);
    }

    [TestMethod]
    public async Task ConcurrentReadModifyWriteIncrementsWithRetryOnWriteConflictsNeverLoseAnUpdate()
    {
        // Only one writer per snapshot can win, so this is ~3200 sequential commits: without fsync
        // (log_sync_type 0) to keep it fast; the conflict check is what is under test.
        using var ups = new UpsHarness(syncLog: false);
        await ups.ApplyAsync(Insert(1, C(1, 0)));
        var retries = 0;
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                while (true)
                {
                    var snapshot = ups.Engine.CommittedVersion;
                    var row = (await ups.GetAsync(1, snapshot))!.Value;
                    var value = Cell(row, 1)!.Value.Int;
                    try
                    {
                        await ups.ApplyAsync(snapshot, Update(1, C(1, value + 1)));
                        break;
                    }
                    catch (RpcException e) when (e.Code == WireErrorCodes.WriteConflict)
                    {
                        Interlocked.Increment(ref retries);
                        // Retrying before a newer version is committed would read the same stale value.
                        await ups.Engine.WaitForCommittedAsync(snapshot + 1, TimeSpan.FromSeconds(5), CancellationToken.None);
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.AreEqual(3200L, Cell((await ups.GetAsync(1))!.Value, 1)!.Value.Int);
        Assert.IsTrue(retries > 0, "the workers really raced");
        ups.Restart();
        Assert.AreEqual(3200L, Cell((await ups.GetAsync(1))!.Value, 1)!.Value.Int);
    }
}
