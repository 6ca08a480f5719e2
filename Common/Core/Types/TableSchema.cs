using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Types;

// A table: ids from 1000 (0.4 kept lower ids for system tables), columns in declared order,
// and the rowkey = the primary key columns, in key order. DefaultCollation is the table's
// `COLLATE=` (what its text columns get unless they say otherwise; SHOW CREATE TABLE prints it).
// Indexes are its secondary and UNIQUE indexes, each a hidden table of its own (IndexTables.cs).
public sealed partial record TableSchema(
    ulong TableId,
    string Database,
    string Name,
    IReadOnlyList<ColumnSchema> Columns,
    IReadOnlyList<int> RowKeyColumns,
    CollationId DefaultCollation = CollationId.Utf8mb4GeneralCi)
{
    public const ulong FirstUserTableId = 1000;

    // Secondary and UNIQUE indexes (IndexSchema), in creation order.
    public IReadOnlyList<IndexSchema> Indexes { get; init; } = [];

    // Non-zero: this is the hidden table of one of that table's indexes (IndexTables.cs).
    public ulong IndexOwnerTableId { get; init; }

    public bool IsIndexTable => IndexOwnerTableId != 0;

    // COMPRESSION= (none, deflate, brotli, lz4, zstd): what the daily merge writes this table's
    // SSTables with; empty: each ChunkServer's compress_method.
    public string CompressMethod { get; init; } = "";

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
