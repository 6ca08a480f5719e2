using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;

namespace OceanClassic.MergeServer.MySql;

// How the server describes an engine result column on the wire: charset, flags and display width.
public static class ResultColumnDefinition
{
    public static ColumnDefinitionPayload ToPayload(ResultColumn column)
    {
        var numeric = IsNumeric(column.Type);
        var flags = column.Flags;
        if (numeric)
        {
            flags |= ColumnFlags.Binary;
        }

        // BIT is numeric in expressions but its value travels as bytes: MariaDB sends it UNSIGNED without
        // the number flag, so clients (mariadb-dump) quote it as a string.
        if (numeric && column.Type != MySqlColumnType.Bit)
        {
            flags |= ColumnFlags.Number;
        }
        else if (column.Type == MySqlColumnType.Bit)
        {
            flags |= ColumnFlags.Unsigned;
        }

        if (column.Unsigned)
        {
            flags |= ColumnFlags.Unsigned;
        }

        if (column.NotNull)
        {
            flags |= ColumnFlags.NotNull;
        }

        if (column.Type is MySqlColumnType.Blob && !numeric)
        {
            flags |= ColumnFlags.Blob;
        }

        // Text is utf8mb4 (what the server sends); numbers, temporals and binary strings are charset binary.
        var binary = numeric || IsTemporal(column.Type) || column.Binary;
        if (column.Binary)
        {
            flags |= ColumnFlags.Binary;
        }

        var characterSet = binary ? CharacterSets.Binary : CharacterSets.Utf8Mb4GeneralCi;
        var length = column.Length != 0 ? column.Length : DefaultLength(column.Type);
        return new ColumnDefinitionPayload(column.Name, column.Table, column.Database, characterSet, length, column.Type,
            flags, column.Decimals);
    }

    public static bool IsNumeric(MySqlColumnType type) => type is MySqlColumnType.Decimal or MySqlColumnType.NewDecimal
        or MySqlColumnType.Tiny or MySqlColumnType.Short or MySqlColumnType.Long or MySqlColumnType.LongLong
        or MySqlColumnType.Int24 or MySqlColumnType.Float or MySqlColumnType.Double or MySqlColumnType.Year
        or MySqlColumnType.Bit;

    private static bool IsTemporal(MySqlColumnType type) => type is MySqlColumnType.Date or MySqlColumnType.DateTime
        or MySqlColumnType.Timestamp or MySqlColumnType.Time;

    // Display widths as MySQL reports them; clients use them for column sizing only.
    private static uint DefaultLength(MySqlColumnType type) => type switch
    {
        MySqlColumnType.Tiny => 4,
        MySqlColumnType.Short => 6,
        MySqlColumnType.Int24 => 9,
        MySqlColumnType.Long => 11,
        MySqlColumnType.LongLong => 20,
        MySqlColumnType.Float => 12,
        MySqlColumnType.Double => 22,
        MySqlColumnType.Decimal or MySqlColumnType.NewDecimal => 67,
        MySqlColumnType.Date => 10,
        MySqlColumnType.Time => 17,
        MySqlColumnType.DateTime or MySqlColumnType.Timestamp => 26,
        MySqlColumnType.Year => 4,
        MySqlColumnType.Bit => 1,
        MySqlColumnType.Blob => 196605,
        _ => 765,
    };
}
