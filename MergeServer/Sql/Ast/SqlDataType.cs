using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public enum SqlTypeKind
{
    TinyInt,
    SmallInt,
    MediumInt,
    Int,
    BigInt,
    Decimal,
    Float,
    Double,
    Char,
    VarChar,
    TinyText,
    Text,
    MediumText,
    LongText,
    Binary,
    VarBinary,
    TinyBlob,
    Blob,
    MediumBlob,
    LongBlob,
    Date,
    DateTime,
    Timestamp,
    Time,
    Year,
    Bool,
    Enum,
    Set,
    Bit,
    Json,
    // SERIAL: BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE (the parser expands it into the column definition).
    Serial,
}

// Length: display width of integer types, length of character/binary types.
// Precision/Scale: DECIMAL(p,s), FLOAT(p,s); for DATETIME/TIMESTAMP/TIME, Precision is the fsp.
// Members: the member strings of ENUM(...) / SET(...); Length is BIT(n)'s bit count.
public sealed record SqlDataType(
    SqlTypeKind Kind,
    int? Length = null,
    int? Precision = null,
    int? Scale = null,
    bool Unsigned = false,
    bool Zerofill = false,
    IReadOnlyList<string>? Members = null) : SqlNode
{
    public bool IsInteger => Kind is SqlTypeKind.TinyInt or SqlTypeKind.SmallInt or SqlTypeKind.MediumInt
        or SqlTypeKind.Int or SqlTypeKind.BigInt or SqlTypeKind.Bool;

    public bool IsString => Kind is SqlTypeKind.Char or SqlTypeKind.VarChar or SqlTypeKind.TinyText
        or SqlTypeKind.Text or SqlTypeKind.MediumText or SqlTypeKind.LongText;

    public bool IsBinary => Kind is SqlTypeKind.Binary or SqlTypeKind.VarBinary or SqlTypeKind.TinyBlob
        or SqlTypeKind.Blob or SqlTypeKind.MediumBlob or SqlTypeKind.LongBlob;

    public static string KeywordOf(SqlTypeKind kind) => kind switch
    {
        SqlTypeKind.TinyInt => "TINYINT",
        SqlTypeKind.SmallInt => "SMALLINT",
        SqlTypeKind.MediumInt => "MEDIUMINT",
        SqlTypeKind.Int => "INT",
        SqlTypeKind.BigInt => "BIGINT",
        SqlTypeKind.Decimal => "DECIMAL",
        SqlTypeKind.Float => "FLOAT",
        SqlTypeKind.Double => "DOUBLE",
        SqlTypeKind.Char => "CHAR",
        SqlTypeKind.VarChar => "VARCHAR",
        SqlTypeKind.TinyText => "TINYTEXT",
        SqlTypeKind.Text => "TEXT",
        SqlTypeKind.MediumText => "MEDIUMTEXT",
        SqlTypeKind.LongText => "LONGTEXT",
        SqlTypeKind.Binary => "BINARY",
        SqlTypeKind.VarBinary => "VARBINARY",
        SqlTypeKind.TinyBlob => "TINYBLOB",
        SqlTypeKind.Blob => "BLOB",
        SqlTypeKind.MediumBlob => "MEDIUMBLOB",
        SqlTypeKind.LongBlob => "LONGBLOB",
        SqlTypeKind.Date => "DATE",
        SqlTypeKind.DateTime => "DATETIME",
        SqlTypeKind.Timestamp => "TIMESTAMP",
        SqlTypeKind.Time => "TIME",
        SqlTypeKind.Year => "YEAR",
        SqlTypeKind.Bool => "BOOL",
        SqlTypeKind.Enum => "ENUM",
        SqlTypeKind.Set => "SET",
        SqlTypeKind.Bit => "BIT",
        SqlTypeKind.Json => "JSON",
        SqlTypeKind.Serial => "SERIAL",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(KeywordOf(Kind));
        WriteModifiers(builder);
        if (Unsigned)
        {
            builder.Append(" UNSIGNED");
        }

        if (Zerofill)
        {
            builder.Append(" ZEROFILL");
        }
    }

    // CAST(x AS ...) has its own spelling for integers: SIGNED / UNSIGNED.
    public void WriteCastTarget(StringBuilder builder)
    {
        if (IsInteger)
        {
            builder.Append(Unsigned ? "UNSIGNED" : "SIGNED");
            return;
        }

        builder.Append(KeywordOf(Kind));
        WriteModifiers(builder);
    }

    private void WriteModifiers(StringBuilder builder)
    {
        if (Members is { } members)
        {
            builder.Append('(');
            for (var i = 0; i < members.Count; i++)
            {
                builder.Append(i == 0 ? "'" : ",'").Append(members[i].Replace("'", "''", StringComparison.Ordinal)).Append('\'');
            }

            builder.Append(')');
        }
        else if (Length is int length)
        {
            builder.Append('(').AppendInvariant(length).Append(')');
        }
        else if (Precision is int precision)
        {
            builder.Append('(').AppendInvariant(precision);
            if (Scale is int scale)
            {
                builder.Append(',').AppendInvariant(scale);
            }

            builder.Append(')');
        }
    }
}
