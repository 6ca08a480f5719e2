using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine.Values;

// The MySQL column type a result column reports (the client uses it to parse the text values).
// Binary: a binary string (charset binary), which clients hand out as bytes. BinaryCollation: text under
// utf8mb4_bin (JSON function results), which a CREATE TABLE ... SELECT column declares.
public sealed record ResultType(MySqlColumnType Type, uint Length, byte Decimals = 0, bool Unsigned = false, bool NotNull = false,
    bool Binary = false, ColumnFlags Flags = ColumnFlags.None, bool BinaryCollation = false)
{
    public static readonly ResultType BigInt = new(MySqlColumnType.LongLong, 21);
    public static readonly ResultType Boolean = new(MySqlColumnType.LongLong, 1);
    public static readonly ResultType Text = new(MySqlColumnType.VarString, 1024);
    public static readonly ResultType DoubleType = new(MySqlColumnType.Double, 23, 31);
    public static readonly ResultType DateTimeType = new(MySqlColumnType.DateTime, 19);
    public static readonly ResultType NullType = new(MySqlColumnType.Null, 0);
    public static readonly ResultType BinaryText = new(MySqlColumnType.VarString, 255, Binary: true);

    public ResultColumn ToColumn(string name, string table = "", string database = "") =>
        new(name, Type, table, database, Length, Decimals, Unsigned, NotNull, Binary, Flags, BinaryCollation);

    // TIME(fsp): hh:mm:ss plus the fraction, 10 characters (-838:59:59) and '.' and fsp digits.
    public static ResultType TimeOf(int fsp) => new(MySqlColumnType.Time, (uint)(fsp > 0 ? 11 + fsp : 10), (byte)fsp);

    // DATETIME(fsp): 19 characters plus '.' and fsp digits.
    public static ResultType DateTimeOf(int fsp) => new(MySqlColumnType.DateTime, (uint)(fsp > 0 ? 20 + fsp : 19), (byte)fsp);

    public static ResultType Decimal(int scale) => new(MySqlColumnType.NewDecimal, 67, (byte)Math.Clamp(scale, 0, 30));

    public static ResultType OfColumn(ColumnSchema c)
    {
        var t = c.Type switch
        {
            ColumnType.TinyInt => new ResultType(MySqlColumnType.Tiny, c.Length > 0 ? (uint)c.Length : 4),
            ColumnType.SmallInt => new ResultType(MySqlColumnType.Short, 6),
            ColumnType.MediumInt => new ResultType(MySqlColumnType.Int24, 9),
            ColumnType.Int => new ResultType(MySqlColumnType.Long, 11),
            ColumnType.BigInt => new ResultType(MySqlColumnType.LongLong, 20),
            ColumnType.Decimal => new ResultType(MySqlColumnType.NewDecimal, (uint)(c.Precision + (c.Scale > 0 ? 1 : 0) + (c.Unsigned ? 0 : 1)), (byte)c.Scale),
            ColumnType.Float when c.Precision > 0 => new ResultType(MySqlColumnType.Float, (uint)c.Precision, (byte)c.Scale),
            ColumnType.Double when c.Precision > 0 => new ResultType(MySqlColumnType.Double, (uint)c.Precision, (byte)c.Scale),
            ColumnType.Float => new ResultType(MySqlColumnType.Float, c.Length > 0 ? (uint)c.Length : 12, 31),
            ColumnType.Double => new ResultType(MySqlColumnType.Double, c.Length > 0 ? (uint)c.Length : 22, 31),
            ColumnType.Char => new ResultType(MySqlColumnType.String, (uint)c.Length * 4),
            ColumnType.VarChar => new ResultType(MySqlColumnType.VarString, (uint)c.Length * 4),
            ColumnType.Text => new ResultType(MySqlColumnType.Blob, LobLength(c.MaxBytes, 4), Binary: c.JsonValidated),
            ColumnType.Date => new ResultType(MySqlColumnType.Date, 10),
            ColumnType.DateTime => DateTimeOf(c.FractionalDigits),
            ColumnType.Timestamp => DateTimeOf(c.FractionalDigits) with { Type = MySqlColumnType.Timestamp },
            ColumnType.Bool => new ResultType(MySqlColumnType.Tiny, 1),
            ColumnType.Binary => new ResultType(MySqlColumnType.String, (uint)c.Length, Binary: true),
            ColumnType.VarBinary => new ResultType(MySqlColumnType.VarString, (uint)c.Length, Binary: true),
            ColumnType.Blob => new ResultType(MySqlColumnType.Blob, LobLength(c.MaxBytes, 1), Binary: true),
            ColumnType.Enum => new ResultType(MySqlColumnType.String, LongestMember(c) * 4, Flags: ColumnFlags.Enum),
            ColumnType.Set => new ResultType(MySqlColumnType.String, SetLength(c) * 4, Flags: ColumnFlags.Set),
            ColumnType.Time => TimeOf(c.Precision),
            ColumnType.Year => new ResultType(MySqlColumnType.Year, 4, Unsigned: true, Flags: ColumnFlags.ZeroFill),
            ColumnType.Bit => new ResultType(MySqlColumnType.Bit, (uint)c.Length, Unsigned: true),
            _ => new ResultType(MySqlColumnType.Blob, 65535),
        };
        // An unsigned TINYINT / SMALLINT / MEDIUMINT / INT shows one character less (no sign), as MariaDB reports it.
        if (c.Unsigned && c.Type is ColumnType.TinyInt or ColumnType.SmallInt or ColumnType.MediumInt or ColumnType.Int && (c.Type != ColumnType.TinyInt || c.Length == 0))
            t = t with { Length = t.Length - 1 };
        return t with { Unsigned = c.Unsigned, NotNull = !c.Nullable };
    }

    // A TEXT/BLOB's length as MariaDB reports it: its bytes times the character width, 4 GB - 1 at most.
    private static uint LobLength(int maxBytes, int width) =>
        maxBytes == ColumnSchema.LongBytes ? uint.MaxValue : (uint)Math.Min(uint.MaxValue, (long)maxBytes * width);

    private static uint LongestMember(ColumnSchema c) => (uint)(c.Members ?? []).Select(m => m.Length).DefaultIfEmpty(0).Max();

    private static uint SetLength(ColumnSchema c) =>
        (uint)Math.Max(0, (c.Members ?? []).Sum(m => m.Length + 1) - 1);

    public static ResultType OfValue(ObObj v) => v.Type switch
    {
        ObType.Time => TimeOf(Math.Max(0, v.TimeFsp)),
        ObType.Int or ObType.Bool => BigInt,
        ObType.UInt => BigInt with { Unsigned = true },
        ObType.Decimal => Decimal(v.Decimal.Scale),
        ObType.Double => DoubleType,
        ObType.DateTime => DateTimeType,
        ObType.Date => new ResultType(MySqlColumnType.Date, 10),
        ObType.Null => NullType,
        ObType.Binary => BinaryText with { Length = (uint)v.Bytes.Length },
        _ => Text,
    };

    public bool IsExactNumber => Type is MySqlColumnType.Tiny or MySqlColumnType.Short or MySqlColumnType.Int24
        or MySqlColumnType.Long or MySqlColumnType.LongLong or MySqlColumnType.NewDecimal or MySqlColumnType.Decimal;

    public bool IsInteger => Type is MySqlColumnType.Tiny or MySqlColumnType.Short or MySqlColumnType.Int24
        or MySqlColumnType.Long or MySqlColumnType.LongLong;
}
