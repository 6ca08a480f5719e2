namespace OceanClassic.UpdateServer.MemTable;

// One committed change of a row. Immutable once published; a row's increments form a
// singly linked list, newest first, so a reader walking it never sees a half-built node.
// Its cells are kept encoded (MemTableArena); Cells decodes them for each reader. An Update may carry
// the fold of the chain below it (FoldImage), which bounds Depth.
public sealed class RowIncrement
{
    private readonly CellBlock _cells;

    public RowIncrement(ulong version, IncrementKind kind, CellBlock cells, long accountedBytes, RowIncrement? older, FoldImage? image = null)
    {
        Version = version;
        Kind = kind;
        _cells = cells;
        AccountedBytes = accountedBytes;
        Older = older;
        Image = image;
        Depth = kind != IncrementKind.Update || image is not null || older is null ? 1 : older.Depth + 1;
    }

    public ulong Version { get; }
    public IncrementKind Kind { get; }
    public RowIncrement? Older { get; }

    // This increment and every older one folded (null on most increments).
    public FoldImage? Image { get; }

    // Increments a fold starting here reads at most: it stops at a Replace, a Delete or an image.
    public int Depth { get; }

    // What this increment (its image included) added to MemTable.ApproximateBytes (a release takes back the same).
    public long AccountedBytes { get; }

    public CellBlock EncodedCells => _cells;

    public ColumnCell[] Cells => _cells.Decode();

    public int CellCount => _cells.Count;
}
