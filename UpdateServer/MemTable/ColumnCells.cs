namespace OceanClassic.UpdateServer.MemTable;

public static class ColumnCells
{
    // Sorted by column id with one cell per column (the last write of a column wins), the form
    // the MemTable stores so a single increment can be returned to readers as is.
    // Writers send cells in column order, so the common case is one check and one copy.
    public static ColumnCell[] Normalize(List<ColumnCell> cells)
    {
        if (cells.Count == 0)
            return [];
        var ordered = true;
        for (var i = 1; i < cells.Count && ordered; i++)
            ordered = cells[i - 1].ColumnId < cells[i].ColumnId;
        if (ordered)
            return [.. cells];
        // A stable sort keeps a column's writes in order; the last one of each run wins.
        var sorted = cells.Select((cell, index) => (cell, index)).OrderBy(c => c.cell.ColumnId).ThenBy(c => c.index).ToList();
        var result = new List<ColumnCell>(sorted.Count);
        for (var i = 0; i < sorted.Count; i++)
        {
            if (i + 1 < sorted.Count && sorted[i + 1].cell.ColumnId == sorted[i].cell.ColumnId)
                continue;
            result.Add(sorted[i].cell);
        }
        return [.. result];
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
