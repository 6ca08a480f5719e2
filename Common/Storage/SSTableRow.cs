using OceanClassic.Common.Types;

namespace OceanClassic.Common.Storage;

// What a stored row says about its key. A baseline tablet holds only Full rows; a UPS dump holds
// increments, which are sparse (Update), complete (Replace) or a tombstone (Deleted).
public enum SSTableRowKind : byte
{
    Full = 0,
    Update = 1,
    Replace = 2,
    Deleted = 3,
}

public readonly record struct SSTableCell(int ColumnId, ObObj Value);

// One row: its memcomparable rowkey, its kind and its cells (column id + value).
public sealed record SSTableRow(byte[] Key, SSTableRowKind Kind, SSTableCell[] Cells)
{
    public static SSTableRow Deleted(byte[] key) => new(key, SSTableRowKind.Deleted, []);
}
