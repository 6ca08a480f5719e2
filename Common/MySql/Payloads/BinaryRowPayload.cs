using System.Buffers;
using System.Globalization;

namespace OceanClassic.Common.MySql.Payloads;

// A result row of a prepared statement: 0x00, a NULL bitmap (offset 2), then each non-NULL value in
// the binary form of its column type. The engine produces text values (as for COM_QUERY); they are
// converted here, by the type the column definition announced.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html
public static class BinaryRowPayload
{
    public static int NullBitmapLength(int columns) => (columns + 7 + 2) / 8;

    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<MySqlColumnType> types, ReadOnlySpan<string?> values)
    {
        var bitmapLength = NullBitmapLength(values.Length);
        var head = writer.GetSpan(1 + bitmapLength)[..(1 + bitmapLength)];
        head.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                head[1 + ((i + 2) >> 3)] |= (byte)(1 << ((i + 2) & 7));
            }
        }

        writer.Advance(1 + bitmapLength);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value)
            {
                WriteValue(writer, types[i], value);
            }
        }
    }

    public static void WriteValue(IBufferWriter<byte> writer, MySqlColumnType type, string text)
    {
        switch (type)
        {
            case MySqlColumnType.Tiny:
                writer.WriteByte((byte)IntegerBits(text));
                break;
            case MySqlColumnType.Short or MySqlColumnType.Year:
                writer.WriteUInt16((ushort)IntegerBits(text));
                break;
            case MySqlColumnType.Long or MySqlColumnType.Int24:
                writer.WriteUInt32((uint)IntegerBits(text));
                break;
            case MySqlColumnType.LongLong:
                writer.WriteUInt64(IntegerBits(text));
                break;
            case MySqlColumnType.Float:
                writer.WriteUInt32((uint)BitConverter.SingleToInt32Bits((float)Real(text)));
                break;
            case MySqlColumnType.Double:
                writer.WriteUInt64((ulong)BitConverter.DoubleToInt64Bits(Real(text)));
                break;
            case MySqlColumnType.Date or MySqlColumnType.DateTime or MySqlColumnType.Timestamp:
                BinaryTemporal.WriteDateTime(writer, text);
                break;
            case MySqlColumnType.Time:
                BinaryTemporal.WriteTime(writer, text);
                break;
            default:
                writer.WriteLengthEncodedString(text);
                break;
        }
    }

    // The two's-complement bits of an integer column's value; a value that is not an integer (which
    // the engine's typing should never produce) is rounded rather than failing the row.
    private static ulong IntegerBits(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var signed))
        {
            return unchecked((ulong)signed);
        }

        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned))
        {
            return unsigned;
        }

        var real = Math.Round(Real(text));
        return real >= long.MaxValue ? long.MaxValue : real <= long.MinValue ? unchecked((ulong)long.MinValue) : unchecked((ulong)(long)real);
    }

    private static double Real(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
