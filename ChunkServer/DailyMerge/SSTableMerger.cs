using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.DailyMerge;

// Streaming k-way merge of sorted row sources (the daily merge: a tablet's baseline SSTable plus
// the UPS increments). Sources are given oldest first; for each rowkey the versions are folded
// oldest to newest (RowVersionFolder), so the newest source wins. Memory is one current row per
// source plus a heap over the sources' cursors.
public static class SSTableMerger
{
    public static async IAsyncEnumerable<SSTableRow> MergeAsync(
        IReadOnlyList<IAsyncEnumerable<SSTableRow>> sourcesOldestFirst,
        SSTableMergeMode mode,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var cursors = new IAsyncEnumerator<SSTableRow>[sourcesOldestFirst.Count];
        var heads = new SSTableRow[cursors.Length];
        // Ties on the key pop the older source first, which is the fold order.
        var heap = new PriorityQueue<int, (byte[] Key, int Source)>(cursors.Length, HeadComparer.Instance);
        var folder = new RowVersionFolder();
        try
        {
            for (var i = 0; i < cursors.Length; i++)
            {
                cursors[i] = sourcesOldestFirst[i].GetAsyncEnumerator(ct);
                if (await cursors[i].MoveNextAsync().ConfigureAwait(false))
                {
                    heads[i] = cursors[i].Current;
                    heap.Enqueue(i, (heads[i].Key, i));
                }
            }

            while (heap.TryDequeue(out var source, out var top))
            {
                var key = top.Key;
                var first = heads[source];
                var versions = 1;
                await AdvanceAsync(source).ConfigureAwait(false);
                while (heap.TryPeek(out source, out var next) && next.Key.AsSpan().SequenceEqual(key))
                {
                    heap.Dequeue();
                    if (versions++ == 1)
                    {
                        folder.Reset();
                        folder.Apply(first);
                    }
                    folder.Apply(heads[source]);
                    await AdvanceAsync(source).ConfigureAwait(false);
                }
                // A lone version already in output form passes through untouched.
                SSTableRow? row;
                if (versions > 1)
                    row = folder.Result(key, mode);
                else if (PassesThrough(first, mode))
                    row = first;
                else
                {
                    folder.Reset();
                    folder.Apply(first);
                    row = folder.Result(key, mode);
                }
                if (row is not null)
                    yield return row;
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                if (cursor is not null)
                    await cursor.DisposeAsync().ConfigureAwait(false);
            }
        }

        async ValueTask AdvanceAsync(int source)
        {
            var previous = heads[source].Key;
            if (!await cursors[source].MoveNextAsync().ConfigureAwait(false))
                return;
            heads[source] = cursors[source].Current;
            if (heads[source].Key.AsSpan().SequenceCompareTo(previous) <= 0)
                ThrowUnsorted(source, heads[source].Key, previous);
            heap.Enqueue(source, (heads[source].Key, source));
        }
    }

    private static bool PassesThrough(SSTableRow row, SSTableMergeMode mode) =>
        (row.Kind == SSTableRowKind.Full || (mode == SSTableMergeMode.Increment && row.Kind == SSTableRowKind.Deleted))
        && CellsCanonical(row.Cells);

    private static bool CellsCanonical(SSTableCell[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i].Value.Type == ObType.NotWritten || (i > 0 && cells[i].ColumnId <= cells[i - 1].ColumnId))
                return false;
        }
        return true;
    }

    [DoesNotReturn]
    private static void ThrowUnsorted(int source, byte[] key, byte[] previous) =>
        throw new InvalidOperationException(
            $"merge source {source} is not strictly sorted: {Convert.ToHexString(key)} after {Convert.ToHexString(previous)}");

    private sealed class HeadComparer : IComparer<(byte[] Key, int Source)>
    {
        public static readonly HeadComparer Instance = new();

        public int Compare((byte[] Key, int Source) x, (byte[] Key, int Source) y)
        {
            var c = x.Key.AsSpan().SequenceCompareTo(y.Key);
            return c != 0 ? c : x.Source.CompareTo(y.Source);
        }
    }
}
