using System.Buffers;

namespace OceanClassic.MergeServer.MySql.Protocol.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html
public static class ColumnDefinitionPayload
{
    public const byte Utf8GeneralCi = 33;
    public const byte Binary = 63;

    public static void Write(IBufferWriter<byte> writer, ResultColumn column)
    {
        var numeric = IsNumeric(column.Type);
        var flags = ColumnFlags.None;
        if (numeric)
        {
            flags |= ColumnFlags.Number | ColumnFlags.Binary;
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

        writer.WriteLengthEncodedString("def");
        writer.WriteLengthEncodedString(column.Database);
        writer.WriteLengthEncodedString(column.Table);
        writer.WriteLengthEncodedString(column.Table);
        writer.WriteLengthEncodedString(column.Name);
        writer.WriteLengthEncodedString(column.Name);
        writer.WriteByte(0x0c);
        writer.WriteUInt16(numeric || IsTemporal(column.Type) ? Binary : Utf8GeneralCi);
        writer.WriteUInt32(column.Length != 0 ? column.Length : DefaultLength(column.Type));
        writer.WriteByte((byte)column.Type);
        writer.WriteUInt16((ushort)flags);
        writer.WriteByte(column.Decimals);
        writer.WriteZeros(2);
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
