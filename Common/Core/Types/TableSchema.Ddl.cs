namespace OceanClassic.Common.Types;

// What DDL records about a table beyond columns and key: NextColumnId (ids are never reused, so a
// dropped column's cells never read as a new column), TableVersion (each ALTER names the version it
// was made from), table options, CHECK constraints (enforced) and FOREIGN KEYs (recorded, shown,
// not enforced). HiddenRowKey: the table had no PRIMARY KEY, its rowkey is a hidden column.
public sealed partial record TableSchema
{
    // The hidden rowkey column of a table created without a PRIMARY KEY.
    public const string HiddenRowKeyName = "__ob_row_id";

    public int NextColumnId { get; init; }

    public ulong TableVersion { get; init; }

    public string? Comment { get; init; }

    public ulong AutoIncrementStart { get; init; }

    public string? Engine { get; init; }

    public IReadOnlyList<CheckConstraint> Checks { get; init; } = [];

    public IReadOnlyList<ForeignKey> ForeignKeys { get; init; } = [];

    public bool HiddenRowKey => RowKeyColumns.Count == 1 && Columns[RowKeyColumns[0]].Hidden;

    // The columns a user sees (SELECT *, DESCRIBE, SHOW CREATE TABLE, information_schema), in order.
    public IEnumerable<ColumnSchema> VisibleColumns => Columns.Where(c => !c.Hidden);

    // The id the next added column takes.
    public int ColumnIdAfterLast => Math.Max(NextColumnId, Columns.Count == 0 ? 1 : Columns.Max(c => c.Id) + 1);
}

// CHECK (expression) — Column names a column-level constraint (named after its column).
public sealed record CheckConstraint(string Name, string Expression, string? Column = null);

public sealed record ForeignKey(
    string Name, IReadOnlyList<string> Columns, string RefDatabase, string RefTable, IReadOnlyList<string> RefColumns,
    string? OnDelete = null, string? OnUpdate = null, string? IndexName = null);
