using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;

namespace OceanClassic.UpdateServer.MemTable;

// Every change since the last merged version: rows ordered by (table id, rowkey), each with its
// chain of versioned increments. One writer (the apply path, under its lock); lock-free readers.
public sealed partial class MemTable
{
    // Rough per-object overheads, for the memory figure reported in status and used by freezes.
    private const int RowOverhead = 96;
    private const int IncrementOverhead = 48;
    private const int CellOverhead = 32;

    private readonly MemTableSkipList _rows = new();
    private readonly MemTableArena _arena = new();
    private long _approximateBytes;

    public long ApproximateBytes => Volatile.Read(ref _approximateBytes);
    // Arena chunks allocated so far (cells of many increments share one).
    public long ArenaChunks => _arena.ChunksAllocated;
    public int RowCount => _rows.Count;

    public MemTableRow? Find(ulong tableId, ReadOnlySpan<byte> rowKey) => _rows.Find(tableId, rowKey);

    // Writer only (under the apply lock): Find, remembering the search, so an Apply of the same key
    // that follows (with no other row linked in between) links without searching again. It writes the
    // skip list's one search path: without the apply lock (a row lock is not enough) use Find.
    public MemTableRow? FindForWrite(ulong tableId, byte[] rowKey) => _rows.FindForWrite(tableId, rowKey);

    // Writer only: cells must be normalized (ColumnCells.Normalize).
    public void Apply(ulong tableId, byte[] rowKey, ulong version, IncrementKind kind, ColumnCell[] cells)
    {
        var row = _rows.GetOrAdd(tableId, rowKey, version, out var created);
        var increment = IncrementBytes(cells);
        var image = row.NeedsFoldImage(kind) ? FoldImageOver(row, cells, ref increment) : null;
        row.Prepend(version, kind, _arena.Add(cells), increment, image);
        Interlocked.Add(ref _approximateBytes, created ? increment + RowOverhead + rowKey.Length : increment);
    }

    // Writer only: the image an Update of `cells` prepended to `row` carries (FoldImage): its cells
    // over the fold of the whole chain; its bytes are added to the increment's.
    private FoldImage FoldImageOver(MemTableRow row, ColumnCell[] cells, ref long accountedBytes)
    {
        var below = row.Fold(ulong.MaxValue)!.Value;
        var image = below.Kind == IncrementKind.Delete
            ? new NetIncrement(IncrementKind.Replace, cells, 0)
            : new NetIncrement(below.Kind, ColumnCells.Overlay(below.Cells, cells), 0);
        accountedBytes += IncrementBytes(image.Cells);
        return new FoldImage(image.Kind, _arena.Add(image.Cells));
    }

    // Rows of one table whose key starts with `prefix` (present or not: ask each row), in key order.
    public IEnumerable<MemTableRow> RowsWithPrefix(ulong tableId, byte[] prefix)
    {
        foreach (var row in _rows.ScanFrom(tableId, prefix, inclusive: true))
        {
            if (!row.RowKey.AsSpan().StartsWith(prefix))
                yield break;
            yield return row;
        }
    }

    // The rows of one table inside `range` (null = whole table), one step at a time (MemTableRangeWalk).
    public MemTableRangeWalk Walk(ulong tableId, KeyRange? range) => new(_rows, tableId, range);

    // Net increments of the rows of one table inside `range` (null = whole table) visible at
    // readVersion (and newer than minVersion), in key order. Rows with no visible increment are skipped.
    public IEnumerable<(MemTableRow Row, NetIncrement Net)> Scan(ulong tableId, KeyRange? range, ulong readVersion, ulong minVersion = 0)
    {
        byte[]? start = null;
        var startInclusive = true;
        if (range is not null && !range.StartIsMin)
        {
            start = range.Start.ToByteArray();
            startInclusive = range.StartInclusive;
        }
        var hasEnd = range is not null && !range.EndIsMax;
        var end = hasEnd ? range!.End.ToByteArray() : null;
        var endInclusive = range?.EndInclusive ?? true;

        foreach (var row in _rows.ScanFrom(tableId, start, startInclusive))
        {
            if (end is not null)
            {
                var c = row.RowKey.AsSpan().SequenceCompareTo(end);
                if (c > 0 || (c == 0 && !endInclusive))
                    yield break;
            }
            if (row.Fold(readVersion, minVersion) is { } net)
                yield return (row, net);
        }
    }
}
