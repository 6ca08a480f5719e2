namespace OceanClassic.UpdateServer.MemTable;

// Every increment of one row up to a read version, folded into one: Deleted, Replace(cells)
// or Update(cells). Cells are sorted by column id. When one stored increment (or its FoldImage)
// decides the row, the net is that increment's encoded cells as stored (Encoded), which a scan
// writes to the wire as they are; Cells then decodes them on each call.
public readonly struct NetIncrement
{
    private readonly ColumnCell[]? _cells;
    private readonly CellBlock _encoded;

    public NetIncrement(IncrementKind kind, ColumnCell[] cells, ulong newestVersion)
    {
        Kind = kind;
        _cells = cells;
        _encoded = CellBlock.Empty;
        NewestVersion = newestVersion;
    }

    public NetIncrement(IncrementKind kind, CellBlock encoded, ulong newestVersion)
    {
        Kind = kind;
        _encoded = encoded;
        NewestVersion = newestVersion;
    }

    public IncrementKind Kind { get; }

    public ulong NewestVersion { get; }

    public bool IsDeleted => Kind == IncrementKind.Delete;

    // The cells in the MemTable's encoding, when the net is one stored block (null when folded).
    public CellBlock? Encoded => _cells is null ? _encoded : null;

    public ColumnCell[] Cells => _cells ?? _encoded.Decode();
}
