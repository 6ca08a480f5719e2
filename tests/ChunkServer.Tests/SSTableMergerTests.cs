using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.DailyMerge;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Tests.Storage;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Storage.StorageRows;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class SSTableMergerTests
{
    [TestMethod]
    public async Task MergingRandomPutsUpdatesAndDeletesAcrossSourcesEqualsTheReferenceModel()
    {
        for (var seed = 1; seed <= 30; seed++)
        {
            var rng = new Random(seed);
            var sources = RandomSources(rng, sourceCount: rng.Next(3, 6), keySpace: 300);
            var expected = ReferenceBaseline(sources);
            var merged = await ToListAsync(SSTableMerger.MergeAsync(sources.Select(AsStream).ToList(), SSTableMergeMode.Baseline));
            AssertSameRows(expected, merged, $"seed {seed}");
        }
    }

    [TestMethod]
    public async Task FoldingIncrementsFirstThenMergingWithTheBaselineGivesTheSameBaseline()
    {
        // Increment mode (UPS dumps merged together) must keep enough of each row's kind that a
        // later baseline merge cannot tell the difference.
        for (var seed = 100; seed < 130; seed++)
        {
            var rng = new Random(seed);
            var sources = RandomSources(rng, sourceCount: rng.Next(3, 6), keySpace: 200);
            var folded = await ToListAsync(SSTableMerger.MergeAsync(sources.Skip(1).Select(AsStream).ToList(), SSTableMergeMode.Increment));
            var twoStep = await ToListAsync(SSTableMerger.MergeAsync([AsStream(sources[0]), AsStream(folded)], SSTableMergeMode.Baseline));
            AssertSameRows(ReferenceBaseline(sources), twoStep, $"seed {seed}");
        }
    }

    [TestMethod]
    public async Task TheNewestSourceWinsAndDeletedRowsLeaveTheBaseline()
    {
        var baseline = new List<SSTableRow> { Cells(1, SSTableRowKind.Full, (1, 10), (2, 20)), Cells(2, SSTableRowKind.Full, (1, 11)), Cells(3, SSTableRowKind.Full, (1, 12)) };
        var older = new List<SSTableRow> { Cells(1, SSTableRowKind.Update, (2, 21)), SSTableRow.Deleted(Key(2)), Cells(4, SSTableRowKind.Update, (1, 14)) };
        var newer = new List<SSTableRow> { Cells(1, SSTableRowKind.Update, (3, 31)), Cells(2, SSTableRowKind.Update, (2, 22)), Cells(3, SSTableRowKind.Replace, (2, 32)) };
        var merged = await ToListAsync(SSTableMerger.MergeAsync([AsStream(baseline), AsStream(older), AsStream(newer)], SSTableMergeMode.Baseline));
        AssertSameRows(
        [
            Cells(1, SSTableRowKind.Full, (1, 10), (2, 21), (3, 31)),
            Cells(2, SSTableRowKind.Full, (2, 22)), // re-created after the delete with only the new cell
            Cells(3, SSTableRowKind.Full, (2, 32)),
            Cells(4, SSTableRowKind.Full, (1, 14)),
        ], merged);
    }

    [TestMethod]
    public async Task MergingSstableFilesIntoASplitTabletKeepsEveryRowOfTheModel()
    {
        using var dir = new TempDir();
        var rng = new Random(7);
        var sources = RandomSources(rng, sourceCount: 4, keySpace: 3000);
        var readers = new List<SSTableReader>();
        for (var i = 0; i < sources.Count; i++)
        {
            await WriteAsync(dir.File($"src{i}.sst"), sources[i], Tiny(SSTableCompressor.Deflate));
            readers.Add(await SSTableReader.OpenAsync(dir.File($"src{i}.sst")));
        }
        var merged = SSTableMerger.MergeAsync(readers.Select(r => r.ScanAsync()).ToList(), SSTableMergeMode.Baseline);
        var parts = await TabletSplitter.WriteAsync(merged, null, null, 16 * 1024, i => dir.File($"out{i}.sst"), Tiny());
        var actual = new List<SSTableRow>();
        foreach (var part in parts)
        {
            using var reader = await SSTableReader.OpenAsync(part.Info.Path);
            actual.AddRange(await ToListAsync(reader.ScanAsync()));
        }
        readers.ForEach(r => r.Dispose());
        Assert.IsTrue(parts.Count > 2, $"split into {parts.Count}");
        AssertSameRows(ReferenceBaseline(sources), actual);
    }

    [TestMethod]
    public async Task AnUnsortedSourceIsAnErrorNotSilentGarbage()
    {
        var bad = new List<SSTableRow> { Simple(2), Simple(1) };
        await Assert.ThrowsExceptionAsync<InvalidOperationException>(() =>
            ToListAsync(SSTableMerger.MergeAsync([AsStream(bad)], SSTableMergeMode.Baseline)));
    }

    // Source 0 is a baseline of full rows; later sources are increments of random kinds.
    private static List<List<SSTableRow>> RandomSources(Random rng, int sourceCount, int keySpace)
    {
        var sources = new List<List<SSTableRow>>();
        for (var s = 0; s < sourceCount; s++)
        {
            var rows = new SortedDictionary<byte[], SSTableRow>(ByteKeyComparer.Instance);
            var count = rng.Next(keySpace / 4, keySpace / 2);
            for (var i = 0; i < count; i++)
            {
                var id = rng.Next(keySpace);
                var kind = s == 0 ? SSTableRowKind.Full : (SSTableRowKind)rng.Next(1, 4);
                rows[Key(id)] = kind == SSTableRowKind.Deleted ? SSTableRow.Deleted(Key(id)) : new SSTableRow(Key(id), kind, RandomCells(rng, kind));
            }
            sources.Add([.. rows.Values]);
        }
        return sources;
    }

    private static SSTableCell[] RandomCells(Random rng, SSTableRowKind kind)
    {
        var cells = new List<SSTableCell>();
        for (var column = 1; column <= 6; column++)
        {
            if (kind != SSTableRowKind.Update && rng.Next(4) == 0)
                continue;
            if (kind == SSTableRowKind.Update && rng.Next(2) == 0)
                continue;
            var value = rng.Next(6) switch
            {
                0 => ObObj.Null,
                1 => ObObj.FromString("s" + rng.Next(100)),
                2 when kind == SSTableRowKind.Update => ObObj.NotWritten,
                _ => ObObj.FromInt(rng.Next(1000)),
            };
            cells.Add(new SSTableCell(column, value));
        }
        // Increments need not list cells in column order.
        return [.. cells.OrderBy(_ => rng.Next())];
    }

    // The model: a dictionary per key, versions applied oldest first.
    private static List<SSTableRow> ReferenceBaseline(List<List<SSTableRow>> sources)
    {
        var state = new SortedDictionary<byte[], SortedDictionary<int, ObObj>?>(ByteKeyComparer.Instance);
        foreach (var source in sources)
        {
            foreach (var row in source)
            {
                state.TryGetValue(row.Key, out var cells);
                switch (row.Kind)
                {
                    case SSTableRowKind.Deleted:
                        state[row.Key] = null;
                        continue;
                    case SSTableRowKind.Full or SSTableRowKind.Replace:
                        cells = [];
                        break;
                    default:
                        cells ??= [];
                        break;
                }
                foreach (var cell in row.Cells.Where(c => c.Value.Type != ObType.NotWritten))
                    cells[cell.ColumnId] = cell.Value;
                state[row.Key] = cells;
            }
        }
        return state.Where(kv => kv.Value is not null)
            .Select(kv => new SSTableRow(kv.Key, SSTableRowKind.Full, kv.Value!.Select(c => new SSTableCell(c.Key, c.Value)).ToArray()))
            .ToList();
    }

    private static SSTableRow Cells(long id, SSTableRowKind kind, params (int Column, long Value)[] cells) =>
        new(Key(id), kind, cells.Select(c => new SSTableCell(c.Column, ObObj.FromInt(c.Value))).ToArray());

#pragma warning disable CS1998 // an in-memory source is synchronous
    private static async IAsyncEnumerable<SSTableRow> AsStream(IEnumerable<SSTableRow> rows)
    {
        foreach (var row in rows)
            yield return row;
    }
#pragma warning restore CS1998
}
