using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Types;

// A table: ids from 1000 (0.4 kept lower ids for system tables), columns in declared order,
// and the rowkey = the primary key columns, in key order. DefaultCollation is the table's
// `COLLATE=` (what its text columns get unless they say otherwise; SHOW CREATE TABLE prints it).
public sealed record TableSchema(
    ulong TableId,
    string Database,
    string Name,
    IReadOnlyList<ColumnSchema> Columns,
    IReadOnlyList<int> RowKeyColumns,
    CollationId DefaultCollation = CollationId.Utf8mb4GeneralCi)
{
    public const ulong FirstUserTableId = 1000;

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, column, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }

    public ColumnSchema? AutoIncrementColumn => AutoIncrementIndex is var i and >= 0 ? Columns[i] : null;

    // Position of the AUTO_INCREMENT column, -1 when there is none.
    public int AutoIncrementIndex
    {
        get
        {
            for (var i = 0; i < Columns.Count; i++)
            {
                if (Columns[i].AutoIncrement)
                    return i;
            }
            return -1;
        }
    }
}
