using System.Collections.Concurrent;
using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.Engine;
using OceanClassic.UpdateServer.MemTable;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// An increment scan outside a transaction walks the MemTable straight into its rows block, a budget of rows
// at a time (IncrementScan): stopped and resumed after any row, it answers byte for byte what one walk of
// MemTable.Scan answers; resumed while writers link rows it sees each row committed at its read version once,
// in key order, with that version's cells; a 100-row range is answered on the calling thread and allocates
// little beyond its block.
[TestClass]
public sealed class IncrementScanTests
{
    private const ulong T = 7;

    private static ByteString K(long id) => ByteString.CopyFrom(Key(id));

    private static KeyRange Range(long? start, bool startInclusive, long? end, bool endInclusive) => new()
    {
        Start = start is { } s ? K(s) : ByteString.Empty,
        StartIsMin = start is null,
        StartInclusive = startInclusive,
        End = end is { } e ? K(e) : ByteString.Empty,
        EndIsMax = end is null,
        EndInclusive = endInclusive,
    };

    [TestMethod]
    public void AScanStoppedAfterEveryRowAnswersByteForByteWhatOneWalkOfTheMemTableAnswers()
    {
        var table = new MemTable.MemTable();
        ColumnCell Int(int column, long value) => new(column, ObObj.FromInt(value));
        for (var id = 0; id < 60; id++)
        {
            table.Apply(T - 1, Key(id), (ulong)id + 1, IncrementKind.Replace, [Int(1, -id)]);
            table.Apply(T + 1, Key(id), (ulong)id + 1, IncrementKind.Replace, [Int(1, -id)]);
            if (id % 3 != 0)
                table.Apply(T, Key(id), (ulong)id + 1, IncrementKind.Replace, [Int(1, id), new ColumnCell(2, ObObj.FromString(new string('c', id)))]);
        }
        for (var id = 0; id < 60; id += 5)
            table.Apply(T, Key(id), 100 + (ulong)id, IncrementKind.Update, [Int(1, 1000 + id)]);
        for (var id = 0; id < 60; id += 7)
            table.Apply(T, Key(id), 200 + (ulong)id, IncrementKind.Delete, []);

        KeyRange?[] ranges =
        [
            null, Range(10, true, 40, true), Range(10, false, 40, false), Range(10, true, 40, false), Range(10, false, 40, true),
            Range(null, true, 25, true), Range(25, false, null, true), Range(21, true, 21, true), Range(1000, true, 1000, true),
            Range(-5, false, 3, true), Range(59, false, null, true),
        ];
        List<KeyRange>[] more = [[], [Range(3, true, 3, true), Range(6, true, 6, true), Range(7, true, 7, true), Range(30, false, 45, true)]];
        var cases = 0;
        foreach (var range in ranges)
        foreach (var extra in more)
        foreach (var (readVersion, minVersion) in new[] { (50UL, 0UL), (150UL, 0UL), (300UL, 0UL), (300UL, 120UL), (150UL, 150UL) })
        foreach (var maxRows in new long[] { 0, 1, 4, 17 })
        {
            var request = new ScanIncrementRequest { TableId = T, Range = range, ReadVersion = readVersion, MinVersion = minVersion, MaxRows = maxRows };
            request.MoreRanges.AddRange(extra);
            var all = extra.Count == 0 ? [range] : extra.Prepend(range).ToList();
            var expected = IncrementRowsBlock.Encode(
                all.SelectMany(r => table.Scan(T, r, readVersion, minVersion)).Select(r => (r.Row.RowKey, r.Net)), maxRows, out var expectedMore);
            foreach (var budget in new[] { 1, 2, 1 << 20 })
            {
                using var scan = new IncrementScan(table, request, readVersion);
                var runs = 0;
                while (!scan.Run(budget, int.MaxValue))
                    runs++;
                var what = $"range {range}, {extra.Count} more, read {readVersion}, min {minVersion}, max rows {maxRows}, budget {budget}";
                CollectionAssert.AreEqual(expected.ToArray(), scan.TakeBlock().ToByteArray(), what);
                Assert.AreEqual(expectedMore, scan.HasMore, what);
                if (budget == 1 && range is null && maxRows == 0)
                    Assert.IsTrue(runs >= 40, "a whole-table walk stopped after every row: " + what);
            }
            cases++;
        }
        Assert.AreEqual(ranges.Length * more.Length * 5 * 4, cases);
    }

    // Readers search the skip list (point gets and ranges batched) and resume their walks (a row at a time,
    // yielding between rows, and through the engine with a loop budget of 3 rows) while writers link new rows
    // and prepend increments under the apply lock (a reader on the writer's search path misplaces them): every answer
    // holds exactly the rows committed at its read version, once each, in key order, with that version's value.
    [TestMethod]
    [Timeout(120_000)]
    public async Task ScansResumedWhileWritersLinkRowsSeeEachRowCommittedAtTheirVersionOnceInKeyOrder()
    {
        using var ups = new UpsHarness(syncLog: false);
        ups.Restart(ups.Options with { ScanLoopRows = 3 });
        const int keys = 1200;
        var writes = new ConcurrentDictionary<long, ConcurrentBag<(ulong Version, long Value)>>();
        async Task WriteAsync(long id, long value, bool insert)
        {
            var version = await ups.ApplyAsync(insert ? Insert(id, C(1, value)) : Update(id, C(1, value)));
            writes.GetOrAdd(id, _ => []).Add((version, value));
        }
        // Even keys first, then odd keys in a scattered order, each odd key updated right after it is linked.
        for (var id = 0; id < keys; id += 2)
            await WriteAsync(id, id, insert: true);
        var order = Enumerable.Range(0, keys / 2).Select(i => (long)((i * 149 % (keys / 2) * 2) + 1)).ToArray();
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < order.Length; i += 3)
            {
                await WriteAsync(order[i], order[i], insert: true);
                await WriteAsync(order[i], 10_000 + order[i], insert: false);
                await WriteAsync(2 * (i % (keys / 2)), 20_000 + i, insert: false);
            }
        })).ToArray();

        var answers = new ConcurrentBag<(ulong ReadVersion, long Low, long High, List<IncrementRowsBlock.Row> Rows)>();
        var readers = Enumerable.Range(0, 3).Select(r => Task.Run(async () =>
        {
            var round = 0;
            while (writers.Any(w => !w.IsCompleted) || round < 3)
            {
                round++;
                var low = (round * 37 + r * 101) % (keys / 2);
                var high = low + 150;
                var readVersion = ups.Engine.CommittedVersion;
                // Rows [low, high) as 120 point gets and the range after them: a search of the skip list per range.
                var request = new ScanIncrementRequest { TableId = UpsHarness.Table, Range = Range(low, true, low, true), ReadVersion = readVersion };
                for (var id = low + 1; id < low + 120; id++)
                    request.MoreRanges.Add(Range(id, true, id, true));
                request.MoreRanges.Add(Range(low + 120, true, high, false));
                ByteString block;
                if (r != 1)
                {
                    using var scan = new IncrementScan(ups.Engine.MemTable, request, readVersion);
                    while (!scan.Run(1, int.MaxValue))
                        await Task.Yield();
                    block = scan.TakeBlock();
                }
                else
                {
                    block = (await ups.Engine.ScanIncrementAsync(request, CancellationToken.None)).Rows;
                }
                answers.Add((readVersion, low, high, IncrementRowsBlock.Decode(block.Span)));
            }
        })).ToArray();
        await Task.WhenAll([.. writers, .. readers]);

        var all = (await ups.ScanAsync()).Select(IdOf).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, keys).Select(id => (long)id).ToList(), all, "every row once, in key order");
        for (var id = 0; id < keys; id++)
            Assert.IsNotNull(ups.Engine.MemTable.Find(UpsHarness.Table, Key(id)), $"row {id} found by a search");
        Assert.IsTrue(answers.Count >= 6);
        foreach (var (readVersion, low, high, rows) in answers)
        {
            var expected = Enumerable.Range((int)low, (int)(high - low))
                .Where(id => writes[id].Any(w => w.Version <= readVersion))
                .Select(id => $"{id}={writes[id].Where(w => w.Version <= readVersion).MaxBy(w => w.Version).Value}")
                .ToList();
            var actual = rows.Select(row => $"{IdOf(row)}={Cell(row, 1)?.Int}").ToList();
            CollectionAssert.AreEqual(expected, actual, $"rows [{low}, {high}) at version {readVersion}");
        }
    }

    [TestMethod]
    public async Task AHundredRowRangeIsAnsweredOnTheCallingThreadAllocatingLittleBeyondItsBlock()
    {
        using var ups = new UpsHarness(syncLog: false);
        for (var id = 0; id < 1000; id++)
            await ups.ApplyAsync(Insert(id, C(1, id), C(2, new string('c', 120)), C(3, new string('p', 60))));
        var request = new ScanIncrementRequest { TableId = UpsHarness.Table, Range = Range(400, true, 499, true) };
        for (var i = 0; i < 3; i++)
            await ups.Engine.ScanIncrementAsync(request, CancellationToken.None);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var pending = ups.Engine.ScanIncrementAsync(request, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.IsTrue(pending.IsCompletedSuccessfully, "answered without leaving the calling thread");
        var response = pending.Result;
        Assert.AreEqual(100, IncrementRowsBlock.Decode(response.Rows.Span).Count);
        Assert.IsTrue(allocated < response.Rows.Length + 1024, $"allocated {allocated} bytes for a block of {response.Rows.Length}");
    }
}
