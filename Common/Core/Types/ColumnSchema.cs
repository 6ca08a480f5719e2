using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Types;

// Column ids are stable for the life of a table (cells in increments and SSTables carry them).
// TextCollation is the declared collation of a text column (CHAR, VARCHAR, TEXT, ENUM, SET).
// Precision and Scale: DECIMAL(M,D)'s M and D, FLOAT(M,D) / DOUBLE(M,D)'s (0 = a plain FLOAT / DOUBLE), TIME(fsp)'s fsp.
// Length: characters of CHAR/VARCHAR, bytes of BINARY/VARBINARY, the byte limit of TEXT/BLOB (255 TINY,
// 65535 or 0 plain, 16777215 MEDIUM, int.MaxValue LONG: 4 GB, in practice max_allowed_packet), bits of BIT.
// Members: the ENUM/SET member list. JsonValidated: a JSON column (MariaDB's LONGTEXT with
// CHECK (json_valid(col))): every value written must be valid JSON.
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
    CollationId TextCollation = CollationId.Utf8mb4GeneralCi,
    IReadOnlyList<string>? Members = null,
    bool JsonValidated = false)
{
    public const int TinyBytes = 255;
    public const int PlainBytes = 65535;
    public const int MediumBytes = 16777215;
    public const int LongBytes = int.MaxValue;

    // The most bytes a TEXT/BLOB column holds (LONG's 4 GB is capped by what one int can count).
    public int MaxBytes => Length == 0 ? PlainBytes : Length;

    // The collation this column's strings compare and key under: binary types are always `binary`.
    public CollationId Collation => IsBinary ? CollationId.Binary : TextCollation;

    // The value an omitted NOT NULL column without DEFAULT takes instead of error 1364: an ENUM's first member.
    public ObObj? ImplicitDefault => Type == ColumnType.Enum && !Nullable && Members is [var first, ..] ? ObObj.FromString(first) : null;

    public bool IsBinary => Type is ColumnType.Binary or ColumnType.VarBinary or ColumnType.Blob;

    public bool IsText => Type is ColumnType.Char or ColumnType.VarChar or ColumnType.Text or ColumnType.Enum or ColumnType.Set;

    public ObType StorageType => Type switch
    {
        ColumnType.TinyInt or ColumnType.SmallInt or ColumnType.MediumInt or ColumnType.Int or ColumnType.BigInt
            => Unsigned ? ObType.UInt : ObType.Int,
        ColumnType.Decimal => ObType.Decimal,
        ColumnType.Float or ColumnType.Double => ObType.Double,
        ColumnType.Date => ObType.Date,
        ColumnType.DateTime or ColumnType.Timestamp => ObType.DateTime,
        ColumnType.Bool => ObType.Bool,
        ColumnType.Time => ObType.Time,
        ColumnType.Year => ObType.Int,
        ColumnType.Bit => ObType.UInt,
        ColumnType.Binary or ColumnType.VarBinary or ColumnType.Blob => ObType.Binary,
        _ => ObType.String,
    };

    public string SqlTypeName => Type switch
    {
        ColumnType.TinyInt => $"tinyint({DisplayWidth(4, 3)})",
        ColumnType.SmallInt => $"smallint({DisplayWidth(6, 5)})",
        ColumnType.MediumInt => $"mediumint({DisplayWidth(9, 8)})",
        ColumnType.Int => $"int({DisplayWidth(11, 10)})",
        ColumnType.BigInt => $"bigint({DisplayWidth(20, 20)})",
        ColumnType.Decimal => $"decimal({Precision},{Scale})",
        ColumnType.Float => Precision > 0 ? $"float({Precision},{Scale})" : "float",
        ColumnType.Double => Precision > 0 ? $"double({Precision},{Scale})" : "double",
        ColumnType.Char => $"char({Length})",
        ColumnType.VarChar => $"varchar({Length})",
        ColumnType.Text => SizePrefix + "text",
        ColumnType.Date => "date",
        ColumnType.DateTime => "datetime",
        ColumnType.Timestamp => "timestamp",
        ColumnType.Bool => "tinyint(1)",
        ColumnType.Binary => $"binary({Length})",
        ColumnType.VarBinary => $"varbinary({Length})",
        ColumnType.Blob => SizePrefix + "blob",
        ColumnType.Enum => "enum(" + MemberList + ")",
        ColumnType.Set => "set(" + MemberList + ")",
        ColumnType.Time => Precision > 0 ? $"time({Precision})" : "time",
        ColumnType.Year => "year(4)",
        ColumnType.Bit => $"bit({Length})",
        _ => "unknown",
    } + (Unsigned ? " unsigned" : "");

    // An integer column's display width: the declared one (Length), else MariaDB's default for the type.
    private int DisplayWidth(int signed, int unsigned) => Length > 0 ? Length : Unsigned ? unsigned : signed;

    private string SizePrefix => MaxBytes switch
    {
        <= TinyBytes => "tiny",
        <= PlainBytes => "",
        <= MediumBytes => "medium",
        _ => "long",
    };

    // 'a','b''c' as SHOW CREATE TABLE writes the members.
    private string MemberList => string.Join(",", (Members ?? []).Select(m => "'" + m.Replace("'", "''", StringComparison.Ordinal) + "'"));
}
