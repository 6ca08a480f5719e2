namespace OceanClassic.UpdateServer.MemTable;

// The version chain of one row. Only the single writer (under the apply lock) prepends;
// readers load the head once and walk an immutable list.
public sealed partial class MemTableRow
{
    private RowIncrement? _newest;

    public MemTableRow(ulong tableId, byte[] rowKey)
    {
        TableId = tableId;
        RowKey = rowKey;
    }

    public ulong TableId { get; }
    public byte[] RowKey { get; }

    public RowIncrement? Newest => Volatile.Read(ref _newest);

    // True when the newest increment (committed or still in flight) leaves the row present.
    // After a release (MemTableRow.Release.cs) the row's older increments live in the baselines;
    // what they left (present or not, newest version) still answers these.
    public bool ExistsAtLatest => Newest is { } n ? n.Kind != IncrementKind.Delete : _releasedExists;

    public ulong LatestVersion => Newest?.Version ?? _releasedVersion;

    internal void Prepend(ulong version, IncrementKind kind, CellBlock cells, long accountedBytes, FoldImage? image = null) =>
        Volatile.Write(ref _newest, new RowIncrement(version, kind, cells, accountedBytes, _newest, image));

    // Writer only: true when an increment of `kind` prepended now must carry the fold of the chain
    // (FoldImage), as it would otherwise leave a fold more than MaxFoldDepth increments to read.
    internal bool NeedsFoldImage(IncrementKind kind) =>
        kind == IncrementKind.Update && Newest is { } older && older.Depth >= FoldImage.MaxFoldDepth;

    public NetIncrement? Fold(ulong readVersion, ulong minVersion = 0) => Fold(readVersion, minVersion, out _);

    // Folds increments with minVersion < version <= readVersion, newest first: newer cells win; a
    // Replace, a Delete or a FoldImage ends the walk (nothing older matters, or it is folded already).
    // Null when no increment is visible. Stopping at minVersion leaves an Update: it applies over the
    // baseline of that version. `read`: the visible increments whose cells were read (at most
    // FoldImage.MaxFoldDepth).
    public NetIncrement? Fold(ulong readVersion, ulong minVersion, out int read)
    {
        read = 0;
        var node = Newest;
        while (node is not null && node.Version > readVersion)
            node = node.Older;
        if (node is null || node.Version <= minVersion)
            return null;
        var newestVisible = node.Version;
        if (node.Older is null || node.Older.Version <= minVersion || node.Kind != IncrementKind.Update)
        {
            // Fast path: a single increment decides the row.
            read = 1;
            return new NetIncrement(node.Kind, node.Kind == IncrementKind.Delete ? CellBlock.Empty : node.EncodedCells, newestVisible);
        }
        if (node.Image is { } folded)
        {
            read = 1;
            return new NetIncrement(folded.Kind, folded.Cells, newestVisible);
        }

        // Cells of each increment are normalized, so older ones are overlaid by a sorted merge.
        ColumnCell[] merged = [];
        var kind = IncrementKind.Update;
        for (; node is not null && node.Version > minVersion; node = node.Older)
        {
            read++;
            if (node.Kind == IncrementKind.Delete)
            {
                // Cells written after a delete rebuild the row from nothing.
                kind = merged.Length == 0 ? IncrementKind.Delete : IncrementKind.Replace;
                break;
            }
            if (node.Image is { } image)
            {
                merged = merged.Length == 0 ? image.Cells.Decode() : ColumnCells.Overlay(image.Cells.Decode(), merged);
                kind = image.Kind;
                break;
            }
            merged = ColumnCells.Overlay(node.Cells, merged);
            if (node.Kind == IncrementKind.Replace)
            {
                kind = IncrementKind.Replace;
                break;
            }
        }
        return new NetIncrement(kind, kind == IncrementKind.Delete ? [] : merged, newestVisible);
    }
}
