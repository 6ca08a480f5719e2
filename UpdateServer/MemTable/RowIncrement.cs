namespace OceanClassic.UpdateServer.MemTable;

// One committed change of a row. Immutable once published; a row's increments form a
// singly linked list, newest first, so a reader walking it never sees a half-built node.
public sealed class RowIncrement
{
    public RowIncrement(ulong version, IncrementKind kind, ColumnCell[] cells, RowIncrement? older)
    {
        Version = version;
        Kind = kind;
        Cells = cells;
        Older = older;
    }

    public ulong Version { get; }
    public IncrementKind Kind { get; }
    public ColumnCell[] Cells { get; }
    public RowIncrement? Older { get; }
}
