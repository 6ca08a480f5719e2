namespace OceanClassic.UpdateServer.MemTable;

// One committed change of a row. Immutable once published; a row's increments form a
// singly linked list, newest first, so a reader walking it never sees a half-built node.
// Its cells are kept encoded (MemTableArena); Cells decodes them for each reader.
public sealed class RowIncrement
{
    private readonly CellBlock _cells;

    public RowIncrement(ulong version, IncrementKind kind, CellBlock cells, long accountedBytes, RowIncrement? older)
    {
        Version = version;
        Kind = kind;
        _cells = cells;
        AccountedBytes = accountedBytes;
        Older = older;
    }

    public ulong Version { get; }
    public IncrementKind Kind { get; }
    public RowIncrement? Older { get; }

    // What this increment added to MemTable.ApproximateBytes (a release takes back the same).
    public long AccountedBytes { get; }

    public CellBlock EncodedCells => _cells;

    public ColumnCell[] Cells => _cells.Decode();

    public int CellCount => _cells.Count;
}
