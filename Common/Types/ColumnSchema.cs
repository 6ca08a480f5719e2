using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Types;

// Column ids are stable for the life of a table (cells in increments and SSTables carry them).
// TextCollation is the declared collation of a text column (CHAR, VARCHAR, TEXT).
public sealed partial record ColumnSchema(
    int Id,
    string Name,
    ColumnType Type,
    int Length = 0,
    int Precision = 0,
    int Scale = 0,
    bool Unsigned = false,
    bool Nullable = true,
    ObObj? Default = null,
    bool AutoIncrement = false,
    CollationId TextCollation = CollationId.Utf8mb4GeneralCi)
{
    // The collation this column's strings compare and key under: binary types are always `binary`.
    public CollationId Collation => IsBinary ? CollationId.Binary : TextCollation;

    public bool IsBinary => Type is ColumnType.Binary or ColumnType.VarBinary or ColumnType.Blob;

    public bool IsText => Type is ColumnType.Char or ColumnType.VarChar or ColumnType.Text;

    public ObType StorageType => Type switch
    {
        ColumnType.TinyInt or ColumnType.SmallInt or ColumnType.MediumInt or ColumnType.Int or ColumnType.BigInt
            => Unsigned ? ObType.UInt : ObType.Int,
        ColumnType.Decimal => ObType.Decimal,
        ColumnType.Float or ColumnType.Double => ObType.Double,
        ColumnType.Date => ObType.Date,
        ColumnType.DateTime or ColumnType.Timestamp => ObType.DateTime,
        ColumnType.Bool => ObType.Bool,
        ColumnType.Binary or ColumnType.VarBinary or ColumnType.Blob => ObType.Binary,
        _ => ObType.String,
    };

    public string SqlTypeName => Type switch
    {
        ColumnType.TinyInt => "tinyint",
        ColumnType.SmallInt => "smallint",
        ColumnType.MediumInt => "mediumint",
        ColumnType.Int => "int",
        ColumnType.BigInt => "bigint",
        ColumnType.Decimal => $"decimal({Precision},{Scale})",
        ColumnType.Float => "float",
        ColumnType.Double => "double",
        ColumnType.Char => $"char({Length})",
        ColumnType.VarChar => $"varchar({Length})",
        ColumnType.Text => "text",
        ColumnType.Date => "date",
        ColumnType.DateTime => "datetime",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Bool => "tinyint(1)",
        ColumnType.Binary => $"binary({Length})",
        ColumnType.VarBinary => $"varbinary({Length})",
        ColumnType.Blob => "blob",
        _ => "unknown",
    } + (Unsigned ? " unsigned" : "");
}
