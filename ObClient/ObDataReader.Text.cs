using System.Globalization;
using System.Text;

namespace OceanClassic.ObClient;

// GetString on any column: a text column's string, and for other columns the text MySQL writes for the
// value the driver typed: integers and DECIMALs as they were sent (a DECIMAL keeps its scale), DATE as
// yyyy-MM-dd, DATETIME/TIMESTAMP and TIME with as many fraction digits as the column declares (TIME's
// hours may exceed 24 or be negative; a column declaring none shows six if the value has a fraction), DOUBLE/FLOAT as the shortest text that reads back the same value
// with MySQL's exponent form (1e20, 1.5e-7), binary strings as UTF-8. GetBytes likewise gives a binary
// column's bytes and any other column's text in UTF-8.
public sealed partial class ObDataReader
{
    private int[]? _textScales;

    public override string GetString(int ordinal) => _reader.GetValue(ordinal) switch
    {
        string text => text,
        DBNull => throw new InvalidCastException($"Column '{GetName(ordinal)}' is NULL; check IsDBNull first."),
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        DateTime value when GetDataTypeName(ordinal) == "DATE" => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime value => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + Fraction(value.Ticks, ordinal),
        TimeSpan value => TimeText(value, ordinal),
        double value => FloatingText(value.ToString("R", CultureInfo.InvariantCulture)),
        float value => FloatingText(value.ToString("R", CultureInfo.InvariantCulture)),
        IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
        var value => value.ToString() ?? "",
    };

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        if (_reader.GetFieldType(ordinal) == typeof(byte[]))
        {
            return _reader.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);
        }

        var value = Encoding.UTF8.GetBytes(GetString(ordinal));
        if (buffer is null)
        {
            return value.Length;
        }

        var start = (int)Math.Min(dataOffset, value.Length);
        var count = Math.Min(length, value.Length - start);
        value.AsSpan(start, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    private string TimeText(TimeSpan value, int ordinal)
    {
        var magnitude = value.Duration();
        var hours = (long)magnitude.TotalHours;
        return (value < TimeSpan.Zero ? "-" : "")
            + hours.ToString("00", CultureInfo.InvariantCulture)
            + magnitude.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
            + Fraction(magnitude.Ticks, ordinal);
    }

    // ".ffffff" cut to the column's declared fraction digits (1-6); a column that declares none shows
    // all six only when the value has a fraction.
    private string Fraction(long ticks, int ordinal)
    {
        _textScales ??= [.. _reader.GetColumnSchema().Select(c => Math.Clamp(c.NumericScale ?? 0, 0, 6))];
        var microseconds = ticks % TimeSpan.TicksPerSecond / 10;
        var digits = _textScales[ordinal] > 0 ? _textScales[ordinal] : microseconds == 0 ? 0 : 6;
        return digits == 0 ? "" : "." + microseconds.ToString("000000", CultureInfo.InvariantCulture)[..digits];
    }

    // .NET's "1E+20" and "1.5E-07" are MySQL's "1e20" and "1.5e-7".
    private static string FloatingText(string text)
    {
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
