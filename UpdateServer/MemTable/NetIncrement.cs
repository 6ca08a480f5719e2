namespace OceanClassic.UpdateServer.MemTable;

// Every increment of one row up to a read version, folded into one: Deleted, Replace(cells)
// or Update(cells). Cells are sorted by column id.
public readonly record struct NetIncrement(IncrementKind Kind, ColumnCell[] Cells, ulong NewestVersion)
{
    public bool IsDeleted => Kind == IncrementKind.Delete;
}
