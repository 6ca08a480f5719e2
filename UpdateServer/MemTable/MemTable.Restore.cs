namespace OceanClassic.UpdateServer.MemTable;

// Rebuilding a MemTable from a dump (UpdateServer/Dump): each row gets back its version chain and
// what a release left of it, exactly as the log had built them.
public sealed partial class MemTable
{
    // `increments` oldest first (versions increasing); `released` is the (exists, version) a
    // release left, or null. Writer only, before the MemTable is shared.
    public void Restore(ulong tableId, byte[] rowKey, (bool Exists, ulong Version)? released,
        IReadOnlyList<(ulong Version, IncrementKind Kind, ColumnCell[] Cells)> increments)
    {
        var newest = increments.Count > 0 ? increments[^1].Version : released?.Version ?? 0;
        var row = _rows.GetOrAdd(tableId, rowKey, newest, out var created);
        long bytes = created ? RowOverhead + rowKey.Length : 0;
        if (released is { } r)
            row.RestoreReleased(r.Exists, r.Version);
        foreach (var (version, kind, cells) in increments)
        {
            var increment = IncrementBytes(cells);
            row.Prepend(version, kind, _arena.Add(cells), increment);
            bytes += increment;
        }
        Interlocked.Add(ref _approximateBytes, bytes);
    }

    // Every row in (table id, rowkey) order, for a dump; safe while the writer goes on.
    public IEnumerable<MemTableRow> AllRows() => _rows.All();

    // The rows with an increment newer than `version`, in the same order, without walking the
    // rest: what a delta dump needs.
    public IEnumerable<MemTableRow> RowsChangedAfter(ulong version) => _rows.ChangedAfter(version);
}
