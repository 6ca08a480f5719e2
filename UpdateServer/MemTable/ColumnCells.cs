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

    // Both normalized: the union by column id, `newer` winning where both have a column.
    public static ColumnCell[] Overlay(ColumnCell[] older, ColumnCell[] newer)
    {
        if (older.Length == 0)
            return newer;
        if (newer.Length == 0)
            return older;
        var merged = new List<ColumnCell>(older.Length + newer.Length);
        int o = 0, n = 0;
        while (o < older.Length || n < newer.Length)
        {
            if (n == newer.Length || (o < older.Length && older[o].ColumnId < newer[n].ColumnId))
            {
                merged.Add(older[o++]);
            }
            else
            {
                if (o < older.Length && older[o].ColumnId == newer[n].ColumnId)
                    o++;
                merged.Add(newer[n++]);
            }
        }
        return [.. merged];
    }
}
