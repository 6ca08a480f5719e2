using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Engine;
using OceanClassic.UpdateServer.MemTable;
using static OceanClassic.UpdateServer.Tests.EvaluatedUpdateTests;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// Readers of an old baseline racing the release of the increments a daily merge folded (major freeze +
// ReleaseUpTo, the RootServer's released_version). A reader whose min_version is older than a release must
// be refused (6101 IncrementsReleased: the MergeServer reloads its locations and reads the new baseline)
// or answered in full; never answered from a chain the release has already cut (rows missing, or an
// Update without the cells below the cut). The release marks its version before it cuts any chain, so a
// check after the walk (or the fold) catches a cut that began meanwhile. Point and range scans, in and
// outside a transaction, and evaluated updates of a row whose tablet the MergeServer still believes empty
// at the old version (min_version = that version, no baseline), which found "no row" and changed 0 rows
// when the cut won.
[TestClass]
public sealed class ReleaseRaceTests
{
    // More rows than a release batch (1,024) and than a scan walks on the read loop (ScanLoopRows, 1,024).
    private const int Rows = 3000;
    private const int Rounds = 12;

    private static ByteString K(long id) => ByteString.CopyFrom(Key(id));

    private static KeyRange Point(long id) => new() { Start = K(id), StartInclusive = true, End = K(id), EndInclusive = true };

    // One mutation of each of `ids`, applied 200 to a request.
    private static async Task UpdateAllAsync(UpsHarness ups, IEnumerable<long> ids, Func<long, RowMutation> mutation)
    {
        foreach (var batch in ids.Chunk(200))
            await ups.ApplyAsync([.. batch.Select(mutation)]);
    }

    // Every racer answered once (so each runs when the release starts), however loaded the machine; a failed
    // racer ends the wait with its failure.
    private static async Task StartedAsync<T>(CountdownEvent started, Task<T>[] racers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!started.IsSet && DateTime.UtcNow < deadline)
        {
            if (racers.FirstOrDefault(r => r.IsCompleted) is { } done)
                await done;
            await Task.Delay(5);
        }
        Assert.IsTrue(started.IsSet, "every racer answered once");
    }

    // Waits until the release has cut the last row's chain (rows are released in key order, in batches).
    private static Task ReleasedThroughAsync(UpsHarness ups, long lastId, ulong version) =>
        WaitUntilAsync(() => ups.Engine.MemTable.Find(UpsHarness.Table, Key(lastId)) is not { } row || row.Newest is not { } n
            || AllNewerThan(n, version), "the release cut the last row's chain");

    private static bool AllNewerThan(RowIncrement newest, ulong version)
    {
        for (var node = newest; node is not null; node = node.Older)
        {
            if (node.Version <= version)
                return false;
        }
        return true;
    }

    // Every round: each row's column 1 set to the round (all of it at or below the frozen version F), then
    // column 2 of every fourth row set to the round above F. A reader at min_version = the previous release
    // and read version R (above F) must get every row, as an Update with column 1 = round and column 2 = round
    // on every fourth row, or 6101; readers run while ReleaseUpTo(F) cuts the chains.
    [TestMethod]
    [Timeout(300_000)]
    public async Task ScansAtAnOldBaselineRacingAReleaseAreRefusedOrAnsweredWithEveryRowWhole()
    {
        using var ups = new UpsHarness(syncLog: false);
        var ids = Enumerable.Range(0, Rows).Select(i => (long)i).ToArray();
        await UpdateAllAsync(ups, ids, id => Insert(id, C(1, 0)));
        var merged = ups.Engine.MajorFreeze();
        ups.Engine.ReleaseUpTo(merged);
        await ReleasedThroughAsync(ups, Rows - 1, merged);
        var (whole, refused) = (0L, 0L);
        for (var round = 1; round <= Rounds; round++)
        {
            var previous = ups.Engine.ReleasedVersion;
            await UpdateAllAsync(ups, ids, id => Update(id, C(1, round)));
            var frozen = ups.Engine.MajorFreeze();
            await UpdateAllAsync(ups, ids.Where(id => id % 4 == 0), id => Update(id, C(2, round)));
            var readVersion = ups.Engine.CommittedVersion;

            using var stop = new CancellationTokenSource();
            using var started = new CountdownEvent(4);
            var readers = new[]
            {
                ReadUntilAsync(ups, tx => RangeAsync(ups, previous, readVersion, tx), false, round, started, stop.Token),
                ReadUntilAsync(ups, tx => RangeAsync(ups, previous, readVersion, tx), true, round, started, stop.Token),
                ReadUntilAsync(ups, tx => PointsAsync(ups, previous, readVersion, tx), false, round, started, stop.Token),
                ReadUntilAsync(ups, tx => PointsAsync(ups, previous, readVersion, tx), true, round, started, stop.Token),
            };
            await StartedAsync(started, readers);
            ups.Engine.ReleaseUpTo(frozen);
            await ReleasedThroughAsync(ups, Rows - 1, frozen);
            await stop.CancelAsync();
            foreach (var (w, r) in await Task.WhenAll(readers))
                (whole, refused) = (whole + w, refused + r);

            var above = (await ScanAsync(ups, frozen, 0, null))!;
            Assert.AreEqual(Rows / 4, above.Count, $"round {round}: only the increments above the release remain");
        }
        Assert.IsTrue(whole > 0 && refused > 0, $"both answers seen: {whole} whole, {refused} refused");
    }

    // One reader: reads until stopped (at least once; each read in a transaction of its own when inTx), each
    // answer checked; (whole answers, refusals).
    private static Task<(long Whole, long Refused)> ReadUntilAsync(UpsHarness ups,
        Func<ulong, Task<List<IncrementRowsBlock.Row>?>> read, bool inTx, int round, CountdownEvent started, CancellationToken stop) => Task.Run(async () =>
    {
        var (whole, refused) = (0L, 0L);
        var first = true;
        do
        {
            var tx = inTx ? ups.Begin() : 0;
            var answer = await read(tx);
            if (tx != 0)
                await ups.EndAsync(tx, commit: false);
            if (answer is { } rows)
            {
                Check(rows, round);
                whole++;
            }
            else
            {
                refused++;
            }
            if (first)
                started.Signal();
            first = false;
        }
        while (!stop.IsCancellationRequested);
        return (whole, refused);
    });

    private static void Check(List<IncrementRowsBlock.Row> rows, int round)
    {
        var seen = new HashSet<long>();
        foreach (var row in rows)
        {
            var id = IdOf(row);
            Assert.IsTrue(seen.Add(id), $"round {round}: row {id} answered twice");
            Assert.AreEqual(IncrementKind.Update, row.State, $"round {round}: row {id}'s state");
            Assert.AreEqual(round, Cell(row, 1)?.Int, $"round {round}: row {id}'s column 1 (set at or below the frozen version)");
            Assert.AreEqual(id % 4 == 0 ? round : null, Cell(row, 2)?.Int, $"round {round}: row {id}'s column 2 (set above it)");
        }
    }

    // The whole table in one scan (null: refused with 6101); in a transaction when txId is set.
    private static async Task<List<IncrementRowsBlock.Row>?> RangeAsync(UpsHarness ups, ulong minVersion, ulong readVersion, ulong txId)
    {
        var rows = await ScanAsync(ups, minVersion, readVersion, null, txId);
        if (rows is not null)
            Assert.AreEqual(Rows, rows.Count, "a whole answer holds every row");
        return rows;
    }

    // 64 rows spread over the table, each its own point get (null once one is refused).
    private static async Task<List<IncrementRowsBlock.Row>?> PointsAsync(UpsHarness ups, ulong minVersion, ulong readVersion, ulong txId)
    {
        var all = new List<IncrementRowsBlock.Row>();
        for (long id = Random.Shared.Next(47); id < Rows; id += 47)
        {
            if (await ScanAsync(ups, minVersion, readVersion, Point(id), txId) is not { } rows)
                return null;
            Assert.AreEqual(1, rows.Count, $"row {id} answered");
            all.AddRange(rows);
        }
        return all;
    }

    private static async Task<List<IncrementRowsBlock.Row>?> ScanAsync(UpsHarness ups, ulong minVersion, ulong readVersion, KeyRange? range, ulong txId = 0)
    {
        var request = new ScanIncrementRequest { TableId = UpsHarness.Table, MinVersion = minVersion, ReadVersion = readVersion, Range = range, TxId = txId };
        try
        {
            return IncrementRowsBlock.Decode((await ups.Engine.ScanIncrementAsync(request, CancellationToken.None)).Rows.Span);
        }
        catch (RpcException e) when (e.Code == WireErrorCodes.IncrementsReleased)
        {
            return null;
        }
    }

    // Evaluated `UPDATE SET k = k + 1` of rows inserted since the old baseline, sent as the MergeServer sends
    // them while its location cache still says the tablet's baseline at that version is empty (min_version =
    // it, no baseline), racing the release of the frozen version those inserts are at or below: each is
    // refused (6101) or changes its row (never 0 rows, the row is there), in and outside transactions, and
    // every acknowledged increment is in the row afterwards.
    [TestMethod]
    [Timeout(300_000)]
    public async Task EvaluatedUpdatesAtAnOldEmptyBaselineRacingAReleaseAreRefusedOrChangeTheirRow()
    {
        using var ups = new UpsHarness(syncLog: false);
        const int rows = 1500, workers = 8;
        var (changed, refused) = (0L, 0L);
        for (var round = 0; round < Rounds; round++)
        {
            var previous = ups.Engine.ReleasedVersion;
            var first = round * 10_000L;
            var ids = Enumerable.Range(0, rows).Select(i => first + i).ToArray();
            await UpdateAllAsync(ups, ids, id => Insert(id, C(1, id), C(2, 0), C(3, id)));
            var frozen = ups.Engine.MajorFreeze();
            var increments = new int[rows];
            using var stop = new CancellationTokenSource();
            using var started = new CountdownEvent(workers);
            var updaters = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                var (ok, no) = (0L, 0L);
                var once = true;
                do
                {
                    var i = Random.Shared.Next(rows);
                    var tx = w % 2 == 1 ? ups.Begin() : 0;
                    var update = new EvaluatedUpdate { TableId = UpsHarness.Table, Rowkey = K(ids[i]), MinVersion = previous };
                    update.ColumnIds.Add([1, 2, 3]);
                    update.Assignments.Add(Assign(1, Plus(1, 1)));
                    try
                    {
                        var response = await ups.Engine.ApplyAsync(new ApplyRequest { Update = update, TxId = tx }, CancellationToken.None);
                        Assert.AreEqual((1UL, 1UL), (response.MatchedRows, response.ChangedRows), $"round {round}: row {ids[i]} found and changed");
                        if (tx != 0)
                            await ups.EndAsync(tx);
                        Interlocked.Increment(ref increments[i]);
                        ok++;
                    }
                    catch (RpcException e) when (e.Code == WireErrorCodes.IncrementsReleased)
                    {
                        if (tx != 0)
                            await ups.EndAsync(tx, commit: false);
                        no++;
                    }
                    if (once)
                        started.Signal();
                    once = false;
                }
                while (!stop.IsCancellationRequested);
                return (ok, no);
            })).ToArray();
            await StartedAsync(started, updaters);
            ups.Engine.ReleaseUpTo(frozen);
            await ReleasedThroughAsync(ups, ids[^1], frozen);
            await stop.CancelAsync();
            foreach (var (ok, no) in await Task.WhenAll(updaters))
                (changed, refused) = (changed + ok, refused + no);

            // Above the release: a row with acknowledged increments holds them all (its baseline holds k = 0).
            var above = (await ScanAsync(ups, frozen, 0, null))!.Where(r => IdOf(r) >= first).ToDictionary(IdOf);
            for (var i = 0; i < rows; i++)
            {
                var k = above.TryGetValue(ids[i], out var row) ? Cell(row, 2)?.Int : 0;
                Assert.AreEqual(increments[i], k, $"round {round}: row {ids[i]} holds its {increments[i]} acknowledged increments");
            }
        }
        Assert.IsTrue(changed > 0 && refused > 0, $"both answers seen: {changed} changed, {refused} refused");
    }
}
