namespace OceanClassic.UpdateServer.MemTable;

// The version chain of one row. Only the single writer (under the apply lock) prepends;
// readers load the head once and walk an immutable list.
public sealed class MemTableRow
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
    public bool ExistsAtLatest => Newest is { Kind: not IncrementKind.Delete };

    public ulong LatestVersion => Newest?.Version ?? 0;

    internal void Prepend(ulong version, IncrementKind kind, ColumnCell[] cells) =>
        Volatile.Write(ref _newest, new RowIncrement(version, kind, cells, _newest));

    // Folds increments with version <= readVersion, newest first: newer cells win; a Replace or
    // Delete ends the walk (nothing older matters). Null when no increment is visible.
    public NetIncrement? Fold(ulong readVersion)
    {
        var node = Newest;
        while (node is not null && node.Version > readVersion)
            node = node.Older;
        if (node is null)
            return null;
        var newestVisible = node.Version;
        if (node.Older is null || node.Kind != IncrementKind.Update)
        {
            // Fast path: a single increment decides the row.
            return new NetIncrement(node.Kind, node.Kind == IncrementKind.Delete ? [] : node.Cells, newestVisible);
        }

        // Cells of each increment are normalized, so older ones are overlaid by a sorted merge.
        ColumnCell[] merged = [];
        var kind = IncrementKind.Update;
        for (; node is not null; node = node.Older)
        {
            if (node.Kind == IncrementKind.Delete)
            {
                // Cells written after a delete rebuild the row from nothing.
                kind = merged.Length == 0 ? IncrementKind.Delete : IncrementKind.Replace;
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
