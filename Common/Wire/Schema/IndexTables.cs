using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Types;

// The hidden table behind an index. Its columns are copies of base-table columns (same column ids,
// types, collations): first the index columns in index order, then the base table's primary key
// columns that are not already index columns; its rowkey is all of them, in that order. So index rows
// of equal index values sort by primary key, every index row is unique even for a non-unique index,
// and an index row carries everything needed to find its base row. Like every row, an index row's
// cells hold every column (string key components are collation weights and cannot be read back).
//
// The index table is named IndexTables.HiddenName(base id, index name) in the base table's database,
// is owned by the base table (index_owner_table_id) and goes when it goes; it is never listed by name.
public static class IndexTables
{
    public const string HiddenPrefix = "__idx_";

    public static string HiddenName(ulong baseTableId, string indexName) => $"{HiddenPrefix}{baseTableId}_{indexName}";

    // Base-table column positions of the index table's columns (= its rowkey), in order.
    public static List<int> KeyLayout(IReadOnlyList<int> indexColumns, IReadOnlyList<int> primaryKey)
    {
        var layout = new List<int>(indexColumns.Count + primaryKey.Count);
        layout.AddRange(indexColumns);
        foreach (var k in primaryKey)
        {
            if (!layout.Contains(k))
                layout.Add(k);
        }
        return layout;
    }

    // The index table's definition (with index.IndexTableId as its id).
    public static TableDef Define(TableDef baseTable, IndexDef index)
    {
        var def = new TableDef
        {
            TableId = index.IndexTableId,
            Database = baseTable.Database,
            Name = HiddenName(baseTable.TableId, index.Name),
            DefaultCollation = baseTable.DefaultCollation,
            IndexOwnerTableId = baseTable.TableId,
        };
        var layout = KeyLayout([.. index.Columns], [.. baseTable.RowkeyColumns]);
        for (var i = 0; i < layout.Count; i++)
        {
            var column = baseTable.Columns[layout[i]].Clone();
            column.AutoIncrement = false;
            def.Columns.Add(column);
            def.RowkeyColumns.Add(i);
        }
        return def;
    }
}
