using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Schema;

// How one index's rows relate to its base table's rows (layout in Common/Wire/Schema/IndexTables.cs):
// index-table column j is base column BaseColumns[j]; the first ValueCount of them are the index
// values, the rest complete the primary key. Index rows are built from base rows here, and an index
// row read back gives its index values and its base row's primary key. Keys are encoded by the index
// table's columns' collations, so a prefix of index values bounds a scan of the index table.
public sealed class IndexLayout
{
    private readonly int[] _primaryKeyInIndexRow;

    public IndexLayout(TableSchema baseTable, IndexSchema index, TableSchema indexTable)
    {
        Base = baseTable;
        Index = index;
        Table = indexTable;
        BaseColumns = [.. IndexTables.KeyLayout(index.Columns, baseTable.RowKeyColumns)];
        _primaryKeyInIndexRow = [.. baseTable.RowKeyColumns.Select(k => Array.IndexOf(BaseColumns, k))];
    }

    public TableSchema Base { get; }
    public IndexSchema Index { get; }
    // The hidden index table: scan it like any table (its rowkey is all of its columns).
    public TableSchema Table { get; }
    // Base-table column position of each index-table column.
    public int[] BaseColumns { get; }
    public int ValueCount => Index.Columns.Count;

    // The index row of a base row (values in index-table column order).
    public ObObj[] IndexRow(ReadOnlySpan<ObObj> baseRow)
    {
        var row = new ObObj[BaseColumns.Length];
        for (var j = 0; j < row.Length; j++)
            row[j] = baseRow[BaseColumns[j]];
        return row;
    }

    // The index-table rowkey of a base row.
    public byte[] RowKey(ReadOnlySpan<ObObj> baseRow) => RowKeyCodec.Encode(IndexRow(baseRow), Table);

    // Encoded prefix of the index-table key for the first values.Length index values (a scan bound).
    public byte[] KeyPrefix(ReadOnlySpan<ObObj> values)
    {
        if (values.Length > BaseColumns.Length)
            throw new ArgumentException("more values than index-table key columns", nameof(values));
        return RowKeyCodec.Encode(values, Table);
    }

    // An index row (in index-table column order) split into its index values and its base row's
    // primary key values (in the base table's key order).
    public (ObObj[] IndexValues, ObObj[] PrimaryKey) Split(ReadOnlySpan<ObObj> indexRow)
    {
        var values = indexRow[..ValueCount].ToArray();
        var key = new ObObj[_primaryKeyInIndexRow.Length];
        for (var i = 0; i < key.Length; i++)
            key[i] = indexRow[_primaryKeyInIndexRow[i]];
        return (values, key);
    }

    // The base-table rowkey an index row points to.
    public byte[] BaseRowKey(ReadOnlySpan<ObObj> indexRow) => RowKeyCodec.Encode(Split(indexRow).PrimaryKey, Base);

    // True when a value is NULL: such an entry never collides under UNIQUE (as MySQL).
    public static bool HasNull(ReadOnlySpan<ObObj> values)
    {
        foreach (var v in values)
        {
            if (v.IsNull)
                return true;
        }
        return false;
    }

    // True when the index covers these base columns (a query reading only them can skip the base table).
    public bool Covers(IEnumerable<int> baseColumns) => baseColumns.All(c => Array.IndexOf(BaseColumns, c) >= 0);
}
