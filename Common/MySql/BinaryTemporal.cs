using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace OceanClassic.Common.MySql;

// The binary protocol's DATE/DATETIME/TIMESTAMP and TIME values (a length byte, then only the fields
// that are not zero), converted from and to MySQL's text forms 'YYYY-MM-DD hh:mm:ss.ffffff' and
// '[-]hhh:mm:ss.ffffff'. https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html
public static class BinaryTemporal
{
    public static void WriteDateTime(IBufferWriter<byte> writer, string text)
    {
        var s = text.AsSpan().Trim();
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
        var pos = 0;
        var ok = Field(s, ref pos, 4, '-', out year) && Field(s, ref pos, 2, '-', out month) && Field(s, ref pos, 2, ' ', out day)
                 && (pos >= s.Length || (Field(s, ref pos, 2, ':', out hour) && Field(s, ref pos, 2, ':', out minute)
                                         && Field(s, ref pos, 2, '.', out second) && Fraction(s, ref pos, out micros)));
        var span = writer.GetSpan(12);
        if (!ok || (year | month | day | hour | minute | second | micros) == 0)
        {
            span[0] = 0;
            writer.Advance(1);
            return;
        }

        var length = micros != 0 ? 11 : (hour | minute | second) != 0 ? 7 : 4;
        span[0] = (byte)length;
        span[1] = (byte)year;
        span[2] = (byte)(year >> 8);
        span[3] = (byte)month;
        span[4] = (byte)day;
        if (length > 4)
        {
            span[5] = (byte)hour;
            span[6] = (byte)minute;
            span[7] = (byte)second;
        }

        if (length > 7)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[8..], micros);
        }

        writer.Advance(1 + length);
    }

    public static void WriteTime(IBufferWriter<byte> writer, string text)
    {
        var s = text.AsSpan().Trim();
        var negative = s.StartsWith("-");
        if (negative)
        {
            s = s[1..];
        }

        int hours = 0, minute = 0, second = 0, micros = 0;
        var pos = 0;
        var ok = Field(s, ref pos, 9, ':', out hours) && Field(s, ref pos, 2, ':', out minute)
                 && Field(s, ref pos, 2, '.', out second) && Fraction(s, ref pos, out micros);
        var span = writer.GetSpan(13);
        if (!ok || (hours | minute | second | micros) == 0)
        {
            span[0] = 0;
            writer.Advance(1);
            return;
        }

        var length = micros != 0 ? 12 : 8;
        span[0] = (byte)length;
        span[1] = negative ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], hours / 24);
        span[6] = (byte)(hours % 24);
        span[7] = (byte)minute;
        span[8] = (byte)second;
        if (length > 8)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[9..], micros);
        }

        writer.Advance(1 + length);
    }

    // A DATE/DATETIME/TIMESTAMP parameter as text: the date alone when it has no time of day.
    public static string ReadDateTime(ref PayloadReader reader)
    {
        var length = reader.ReadByte();
        if (length is not (0 or 4 or 7 or 11))
        {
            MySqlThrowHelper.ThrowMalformed($"binary DATETIME of length {length}");
        }

        var b = reader.ReadBytes(length);
        if (length == 0)
        {
            return "0000-00-00 00:00:00";
        }

        var date = string.Create(CultureInfo.InvariantCulture, $"{b[0] | (b[1] << 8):D4}-{b[2]:D2}-{b[3]:D2}");
        if (length == 4)
        {
            return date;
        }

        var time = string.Create(CultureInfo.InvariantCulture, $"{date} {b[4]:D2}:{b[5]:D2}:{b[6]:D2}");
        return length == 7 ? time : string.Create(CultureInfo.InvariantCulture, $"{time}.{BinaryPrimitives.ReadInt32LittleEndian(b[7..]):D6}");
    }

    public static string ReadTime(ref PayloadReader reader)
    {
        var length = reader.ReadByte();
        if (length is not (0 or 8 or 12))
        {
            MySqlThrowHelper.ThrowMalformed($"binary TIME of length {length}");
        }

        var b = reader.ReadBytes(length);
        if (length == 0)
        {
            return "00:00:00";
        }

        var hours = ((long)BinaryPrimitives.ReadUInt32LittleEndian(b[1..]) * 24) + b[5];
        var sign = b[0] == 1 ? "-" : "";
        var time = string.Create(CultureInfo.InvariantCulture, $"{sign}{hours:D2}:{b[6]:D2}:{b[7]:D2}");
        return length == 8 ? time : string.Create(CultureInfo.InvariantCulture, $"{time}.{BinaryPrimitives.ReadInt32LittleEndian(b[8..]):D6}");
    }

    // Digits up to `maxDigits` then the separator (or the end of the text).
    private static bool Field(ReadOnlySpan<char> s, ref int pos, int maxDigits, char separator, out int value)
    {
        value = 0;
        var start = pos;
        while (pos < s.Length && pos - start < maxDigits && char.IsAsciiDigit(s[pos]))
        {
            value = (value * 10) + (s[pos++] - '0');
        }

        if (pos == start)
        {
            return false;
        }

        if (pos < s.Length)
        {
            if (s[pos] != separator)
            {
                return false;
            }

            pos++;
        }

        return true;
    }

    // Up to 6 fraction digits after the '.', as microseconds.
    private static bool Fraction(ReadOnlySpan<char> s, ref int pos, out int micros)
    {
        micros = 0;
        var digits = 0;
        while (pos < s.Length && char.IsAsciiDigit(s[pos]))
        {
            if (digits < 6)
            {
                micros = (micros * 10) + (s[pos] - '0');
                digits++;
            }

            pos++;
        }

        for (; digits < 6; digits++)
        {
            micros *= 10;
        }

        return pos == s.Length;
    }
}
