using System.Globalization;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr.Functions;

// INTERVAL expr unit, as DATE_ADD and its relatives read it: a month count (YEAR, QUARTER, MONTH,
// YEAR_MONTH) or a microsecond count (every other unit), with compound units taken from a string such
// as '1 02:03:04' whose numbers fill the unit's parts from the right. In a unit ending in _MICROSECOND the
// last number is a fraction of a second by its digits, as MariaDB reads it: '1.25' SECOND_MICROSECOND is
// 1.25 s and '1.000025' is 1.000025 s (a shorter number is scaled up to six digits, a longer one cut).
internal readonly record struct Interval(long Months, long Micros)
{
    private const long Second = TemporalValues.MicrosPerSecond;

    // Part sizes in microseconds (or months for the month units), largest first.
    private static readonly Dictionary<string, (bool Months, long[] Parts)> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MICROSECOND"] = (false, [1]),
        ["SECOND"] = (false, [Second]),
        ["MINUTE"] = (false, [60 * Second]),
        ["HOUR"] = (false, [3600 * Second]),
        ["DAY"] = (false, [86400 * Second]),
        ["WEEK"] = (false, [7 * 86400 * Second]),
        ["MONTH"] = (true, [1]),
        ["QUARTER"] = (true, [3]),
        ["YEAR"] = (true, [12]),
        ["YEAR_MONTH"] = (true, [12, 1]),
        ["DAY_HOUR"] = (false, [86400 * Second, 3600 * Second]),
        ["DAY_MINUTE"] = (false, [86400 * Second, 3600 * Second, 60 * Second]),
        ["DAY_SECOND"] = (false, [86400 * Second, 3600 * Second, 60 * Second, Second]),
        ["DAY_MICROSECOND"] = (false, [86400 * Second, 3600 * Second, 60 * Second, Second, 1]),
        ["HOUR_MINUTE"] = (false, [3600 * Second, 60 * Second]),
        ["HOUR_SECOND"] = (false, [3600 * Second, 60 * Second, Second]),
        ["HOUR_MICROSECOND"] = (false, [3600 * Second, 60 * Second, Second, 1]),
        ["MINUTE_SECOND"] = (false, [60 * Second, Second]),
        ["MINUTE_MICROSECOND"] = (false, [60 * Second, Second, 1]),
        ["SECOND_MICROSECOND"] = (false, [Second, 1]),
    };

    public static bool IsUnit(string unit) => Units.ContainsKey(unit);

    // Whether adding the unit to a DATE keeps a DATE (no time part involved).
    public static bool IsDateUnit(string unit) =>
        unit.ToUpperInvariant() is "DAY" or "WEEK" or "MONTH" or "QUARTER" or "YEAR" or "YEAR_MONTH";

    // The fraction digits an interval gives a date-time result, as MariaDB's interval_dec: six for a
    // MICROSECOND unit, a SECOND amount's own (a DECIMAL's scale; a string or DOUBLE six), else none.
    public static int Digits(ObObj amount, string unit)
    {
        if (unit.EndsWith("MICROSECOND", StringComparison.OrdinalIgnoreCase))
            return 6;
        if (!unit.Equals("SECOND", StringComparison.OrdinalIgnoreCase))
            return 0;
        return amount.Type switch
        {
            ObType.Decimal => Math.Min(6, (int)amount.Decimal.Scale),
            ObType.Double or ObType.String or ObType.Binary => 6,
            _ => 0,
        };
    }

    public static bool TryParse(ObObj value, string unit, out Interval interval)
    {
        interval = default;
        if (!Units.TryGetValue(unit, out var shape))
            return false;
        if (shape.Parts.Length == 1)
        {
            if (!shape.Months && shape.Parts[0] == Second && value.Type is ObType.Decimal or ObType.Double or ObType.String)
            {
                var seconds = value.ToDecimal();
                interval = new Interval(0, (long)Math.Round(seconds * Second, MidpointRounding.AwayFromZero));
                return true;
            }
            var n = value.ToInt64();
            interval = shape.Months ? new Interval(n * shape.Parts[0], 0) : new Interval(0, n * shape.Parts[0]);
            return true;
        }
        var text = ExprValues.ToText(value).Trim();
        var negative = text.StartsWith('-');
        var numbers = new List<long>();
        var lastDigits = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            lastDigits = Math.Min(i - start, 18); // digits past the 18th are not read (a fraction needs six)
            numbers.Add(long.Parse(text.AsSpan(start, lastDigits), CultureInfo.InvariantCulture));
        }
        if (numbers.Count == 0)
            return true;
        if (numbers.Count > shape.Parts.Length)
            return false;
        if (!shape.Months && shape.Parts[^1] == 1)
            numbers[^1] = MicrosOfFraction(numbers[^1], lastDigits);
        long total = 0;
        var offset = shape.Parts.Length - numbers.Count;
        for (var k = 0; k < numbers.Count; k++)
            total += numbers[k] * shape.Parts[offset + k];
        if (negative)
            total = -total;
        interval = shape.Months ? new Interval(total, 0) : new Interval(0, total);
        return true;
    }

    // A fraction's digits as microseconds: '25' is 250000, '1234567' is 123456.
    private static long MicrosOfFraction(long digits, int length)
    {
        for (; length < 6; length++)
            digits *= 10;
        for (; length > 6; length--)
            digits /= 10;
        return digits;
    }

    // The point moved by the interval; false when it leaves 0001-01-01 .. 9999-12-31.
    public bool TryAddTo(long micros, out long result)
    {
        result = micros;
        if (Months != 0)
        {
            var d = TemporalValues.ToDateTime(micros);
            var monthIndex = (d.Year * 12L) + d.Month - 1 + Months;
            if (monthIndex < 12 || monthIndex >= 10000 * 12)
                return false;
            var year = (int)(monthIndex / 12);
            var month = (int)(monthIndex % 12) + 1;
            var day = Math.Min(d.Day, DateTime.DaysInMonth(year, month));
            result = TemporalValues.ToMicros(new DateTime(year, month, day)) + (micros - TemporalValues.ToMicros(d.Date));
        }
        else
        {
            try
            {
                result = checked(micros + Micros);
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        return TemporalValues.InRange(result);
    }

    public Interval Negated => new(-Months, -Micros);
}
