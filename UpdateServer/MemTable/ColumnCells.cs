namespace OceanClassic.UpdateServer.MemTable;

public static class ColumnCells
{
    // Sorted by column id with one cell per column (the last write of a column wins), the form
    // the MemTable stores so a single increment can be returned to readers as is.
    public static ColumnCell[] Normalize(List<ColumnCell> cells)
    {
        if (cells.Count == 0)
            return [];
        var sorted = new SortedDictionary<int, ColumnCell>();
        foreach (var cell in cells)
            sorted[cell.ColumnId] = cell;
        return [.. sorted.Values];
    }
}
