namespace OceanClassic.UpdateServer.MemTable;

// Dropping the increments every ChunkServer baseline already holds (after a daily merge).
public sealed partial class MemTableRow
{
    private bool _releasedExists;
    private ulong _releasedVersion;

    // Writer only (under the apply lock, like Prepend). Keeps the increments newer than version,
    // remembers whether the row existed as of version (for duplicate-key checks) and returns the
    // dropped increments. Readers that walk the old chain keep it alive until they finish.
    internal List<RowIncrement>? Release(ulong version)
    {
        var head = _newest;
        RowIncrement? boundary = head;
        var kept = 0;
        while (boundary is not null && boundary.Version > version)
        {
            boundary = boundary.Older;
            kept++;
        }
        if (boundary is null)
            return null;

        var dropped = new List<RowIncrement>();
        for (var n = boundary; n is not null; n = n.Older)
            dropped.Add(n);
        _releasedExists = boundary.Kind != IncrementKind.Delete;
        _releasedVersion = boundary.Version;

        // Rebuild the newer part of the chain without its tail (nodes are immutable). An image keeps
        // the released increments it folded: every baseline a read may fuse it over holds them.
        var newer = new RowIncrement[kept];
        var node = head;
        for (var i = 0; i < kept; i++, node = node!.Older)
            newer[i] = node!;
        RowIncrement? rebuilt = null;
        for (var i = kept - 1; i >= 0; i--)
            rebuilt = new RowIncrement(newer[i].Version, newer[i].Kind, newer[i].EncodedCells, newer[i].AccountedBytes, rebuilt, newer[i].Image);
        Volatile.Write(ref _newest, rebuilt);
        return dropped;
    }

    // What a release left (see Release): null when no increment of this row was ever released.
    public (bool Exists, ulong Version)? Released => _releasedVersion == 0 ? null : (_releasedExists, _releasedVersion);

    internal void RestoreReleased(bool exists, ulong version)
    {
        _releasedExists = exists;
        _releasedVersion = version;
    }
}
