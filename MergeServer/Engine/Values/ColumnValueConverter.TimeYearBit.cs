using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Values;

// TIME, YEAR and BIT values as MariaDB stores them in strict mode. TIME: text or [-]HHMMSS[.frac]
// numbers within ±838:59:59.999999, rounded to the column's precision, else 1292; a DATETIME gives its
// time of day. YEAR: 1901..2155, or 1..69 / 70..99 meaning 2001..2069 / 1970..1999, 0 as 0000 but the
// text '0' / '00' as 2000; otherwise 1264 (1366 for text that is no number). BIT(n): a number below 2^n,
// or a string's bytes read as a big-endian number; wider is 1406.
public static partial class ColumnValueConverter
{
    private static ObObj ToTime(ObObj value, ColumnSchema column, int row)
    {
        if (!TryTimeMicros(value, out var micros) || !TimeText.InRange(micros = TimeText.Round(micros, column.Precision)))
        {
            Throw(ErrorCodes.TruncatedWrongValueForDate,
                $"Incorrect time value: '{value.ToText()}' for column '{column.Name}' at row {row}");
        }
        return ObObj.FromTimeMicros(micros, column.Precision);
    }

    private static bool TryTimeMicros(ObObj value, out long micros)
    {
        micros = 0;
        switch (value.Type)
        {
            case ObType.Time:
                micros = value.Micros;
                return true;
            case ObType.DateTime:
                micros = TimeOfDay(value.Micros);
                return true;
            case ObType.Date:
                return true;
            case ObType.String or ObType.Binary:
                return TimeText.TryParse(value.ToText() ?? "", out micros);
            default:
                return TimeText.TryFromNumber(value.ToDecimal(), out micros);
        }
    }

    private static long TimeOfDay(long micros) =>
        ((micros % DateTimeText.MicrosPerDay) + DateTimeText.MicrosPerDay) % DateTimeText.MicrosPerDay;

    private static ObObj ToYear(ObObj value, ColumnSchema column, int row)
    {
        long year;
        if (value.Type is ObType.String or ObType.Binary)
        {
            var text = (value.ToText() ?? "").Trim();
            if (!decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                ThrowNotANumber(text, "integer", column, row);
                return default;
            }
            year = (long)Math.Round(parsed, MidpointRounding.AwayFromZero);
            if (year == 0)
                return ObObj.FromInt(2000);
        }
        else
        {
            var d = Math.Round(value.ToDecimal(), MidpointRounding.AwayFromZero);
            year = d is > 9999 or < -9999 ? 9999 : (long)d;
        }
        year = year switch
        {
            0 => 0,
            >= 1 and <= 69 => 2000 + year,
            >= 70 and <= 99 => 1900 + year,
            _ => year,
        };
        if (year != 0 && year is < 1901 or > 2155)
            ThrowOutOfRange(column, row);
        return ObObj.FromInt(year);
    }

    private static ObObj ToBit(ObObj value, ColumnSchema column, int row)
    {
        ulong bits;
        if (value.Type is ObType.String or ObType.Binary && value.CarriedNumber is null)
        {
            var bytes = ObObj.BytesOf(value);
            var start = 0;
            while (start < bytes.Length && bytes[start] == 0)
                start++;
            if (bytes.Length - start > 8)
                ThrowTooLong(column, row);
            bits = 0;
            for (var i = start; i < bytes.Length; i++)
                bits = (bits << 8) | bytes[i];
        }
        else if (value.CarriedNumber is { } carried)
        {
            bits = carried;
        }
        else
        {
            var d = Math.Round(value.ToDecimal(), MidpointRounding.AwayFromZero);
            if (d < 0 || d > ulong.MaxValue)
                ThrowTooLong(column, row);
            bits = (ulong)d;
        }
        if (column.Length < 64 && bits >> column.Length != 0)
            ThrowTooLong(column, row);
        return ObObj.FromUInt(bits);
    }

    private static void ThrowTooLong(ColumnSchema column, int row) =>
        Throw(ErrorCodes.DataTooLong, $"Data too long for column '{column.Name}' at row {row}");
}
