using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Date arithmetic: DATE_ADD / DATE_SUB / ADDDATE / SUBDATE / TIMESTAMPADD (the binder turns
// `INTERVAL n unit` into the two arguments n, 'unit', and `d + INTERVAL ...` into DATE_ADD), DATEDIFF,
// TIMESTAMPDIFF, UNIX_TIMESTAMP and FROM_UNIXTIME (in the session's time zone), UTC_TIMESTAMP / UTC_DATE /
// UTC_TIME, TIMESTAMP(x[, t]). A DATE moved by whole days or months stays a DATE;
// anything else is a DATETIME; a result outside 0001..9999 or an argument that is no date is NULL.
internal static class DateTimeFunctions
{
    // MariaDB 10.11 keeps UNIX timestamps in a signed 32-bit range.
    private const long MaxUnixSeconds = int.MaxValue;

    public static readonly FunctionDefinition[] Definitions =
    [
        Def("DATE_ADD", 3, 3, (a, _) => Add(a[0], a[1], Text(a[2]), negate: false)),
        Def("DATE_SUB", 3, 3, (a, _) => Add(a[0], a[1], Text(a[2]), negate: true)),
        Def("ADDDATE", 2, 3, (a, _) => Add(a[0], a[1], a.Length > 2 ? Text(a[2]) : "DAY", negate: false)),
        Def("SUBDATE", 2, 3, (a, _) => Add(a[0], a[1], a.Length > 2 ? Text(a[2]) : "DAY", negate: true)),
        Def("TIMESTAMPADD", 3, 3, (a, _) => Add(a[2], a[1], Text(a[0]), negate: false)),
        Def("TIMESTAMP", 1, 2, (a, _) => Timestamp(a)),
        Def("DATEDIFF", 2, 2, (a, _) => DateDiff(a[0], a[1])),
        Def("TIMESTAMPDIFF", 3, 3, (a, _) => TimestampDiff(Text(a[0]), a[1], a[2])),
        Def("UNIX_TIMESTAMP", 0, 1, UnixTimestamp),
        Def("FROM_UNIXTIME", 1, 2, FromUnixTime),
        Def("UTC_TIMESTAMP", 0, 1, (a, call) => Utc(call.Context, a.Length > 0 ? (int)a[0].ToInt64() : 0)),
        Def("UTC_DATE", 0, 0, (_, call) => ObObj.FromDateMicros(ExprTemporal.TruncateToDate(Utc(call.Context, 0).Micros))),
        Def("UTC_TIME", 0, 1, (a, call) => ObObj.FromTimeMicros(TimeOfDay(Utc(call.Context, a.Length > 0 ? (int)a[0].ToInt64() : 0)), a.Length > 0 ? (int)a[0].ToInt64() : 0)),
    ];

    private static ObObj Add(ObObj date, ObObj amount, string unit, bool negate)
    {
        if (date.Type == ObType.Time)
            return TimeFunctions.AddInterval(date, amount, unit, negate);
        if (!TemporalValues.TryRead(date, out var micros, out var hasTime) || !Interval.TryParse(amount, unit, out var interval))
            return ObObj.Null;
        if (negate)
            interval = interval.Negated;
        if (!interval.TryAddTo(micros, out var result))
            return ObObj.Null;
        var asDate = !hasTime && Interval.IsDateUnit(unit);
        if (date.Type is ObType.String or ObType.Binary)
            return Str(asDate ? TemporalValues.Format(result, false)
                : ObObj.FromDateTimeMicros(result, Math.Max(TextDigits(Text(date)), Interval.Digits(amount, unit))).ToText()!);
        return asDate ? ObObj.FromDateMicros(result) : ObObj.FromDateTimeMicros(result);
    }

    // A date-time text's result shows the text's own fraction digits or the interval's (Interval.Digits), the
    // more of the two, as MariaDB types it (a fraction the interval adds always fits them).
    private static int TextDigits(string text)
    {
        var dot = text.LastIndexOf('.');
        return dot < 0 || text.IndexOf(':', StringComparison.Ordinal) < 0 ? 0 : Math.Min(6, text[(dot + 1)..].TakeWhile(char.IsAsciiDigit).Count());
    }

    // TIMESTAMP(x): x as a DATETIME; TIMESTAMP(x, t): plus the time t.
    private static ObObj Timestamp(ReadOnlySpan<ObObj> a)
    {
        if (!TemporalValues.TryRead(a[0], out var micros, out _))
            return ObObj.Null;
        var value = ObObj.FromDateTimeMicros(micros, a[0].DateTimeFsp);
        return a.Length == 1 ? value : TimeFunctions.AddTimeTo(value, a[1]);
    }

    private static ObObj DateDiff(ObObj a, ObObj b)
    {
        if (!TemporalValues.TryRead(a, out var x, out _) || !TemporalValues.TryRead(b, out var y, out _))
            return ObObj.Null;
        return ObObj.FromInt(TemporalValues.DayNumber(x) - TemporalValues.DayNumber(y));
    }

    private static ObObj TimestampDiff(string unit, ObObj from, ObObj to)
    {
        if (!TemporalValues.TryRead(from, out var a, out _) || !TemporalValues.TryRead(to, out var b, out _))
            return ObObj.Null;
        switch (unit.ToUpperInvariant())
        {
            case "YEAR": return ObObj.FromInt(Months(a, b) / 12);
            case "QUARTER": return ObObj.FromInt(Months(a, b) / 3);
            case "MONTH": return ObObj.FromInt(Months(a, b));
            case "WEEK": return ObObj.FromInt((b - a) / (7 * TemporalValues.MicrosPerDay));
            case "DAY": return ObObj.FromInt((b - a) / TemporalValues.MicrosPerDay);
            case "HOUR": return ObObj.FromInt((b - a) / (3600 * TemporalValues.MicrosPerSecond));
            case "MINUTE": return ObObj.FromInt((b - a) / (60 * TemporalValues.MicrosPerSecond));
            case "SECOND": return ObObj.FromInt((b - a) / TemporalValues.MicrosPerSecond);
            case "MICROSECOND": return ObObj.FromInt(b - a);
            default: return ObObj.Null;
        }
    }

    // Whole months from a to b: a month counts only once b's day and time reach a's.
    private static long Months(long a, long b)
    {
        var (x, y) = (TemporalValues.ToDateTime(a), TemporalValues.ToDateTime(b));
        var months = ((y.Year * 12L) + y.Month) - ((x.Year * 12L) + x.Month);
        var restX = a - TemporalValues.ToMicros(new DateTime(x.Year, x.Month, 1));
        var restY = b - TemporalValues.ToMicros(new DateTime(y.Year, y.Month, 1));
        if (months > 0 && restY < restX)
            months--;
        else if (months < 0 && restY > restX)
            months++;
        return months;
    }

    // UNIX_TIMESTAMP(d): seconds since 1970 UTC of d read in the session's time zone; NULL outside 1970-01-01 .. 2038-01-19 03:14:07 (MariaDB 10.11); the fraction shown with
    // the digits d carries (a text's own, a DATETIME(n)'s n).
    private static ObObj UnixTimestamp(ReadOnlySpan<ObObj> a, CallSite call)
    {
        long micros;
        if (a.Length == 0)
            micros = ExprTemporal.Now(call.Context).Micros;
        else if (!TemporalValues.TryRead(a[0], out micros, out _))
            return ObObj.Null;
        micros -= call.Context.UtcOffset.Ticks / 10; // the session's local time to UTC
        if (micros < 0 || micros / TemporalValues.MicrosPerSecond > MaxUnixSeconds)
            return ObObj.Null;
        var fraction = micros % TemporalValues.MicrosPerSecond;
        var digits = a.Length == 0 ? 0
            : a[0].Type is ObType.String or ObType.Binary ? TextDigits(Text(a[0]))
            : a[0].Type == ObType.DateTime && a[0].DateTimeFsp >= 0 ? a[0].DateTimeFsp
            : fraction == 0 ? 0 : 6;
        return digits == 0
            ? ObObj.FromInt(micros / TemporalValues.MicrosPerSecond)
            : ObObj.FromDecimal(ExprValues.WithScale(micros / (decimal)TemporalValues.MicrosPerSecond, digits));
    }

    // UTC_TIMESTAMP(fsp): the statement's clock in UTC (NOW() less the session's offset).
    private static ObObj Utc(EvalContext ctx, int fsp)
    {
        var now = ExprTemporal.Now(ctx, fsp);
        return ObObj.FromDateTimeMicros(now.Micros - (ctx.UtcOffset.Ticks / 10), Math.Clamp(fsp, 0, 6));
    }

    private static long TimeOfDay(ObObj dateTime) =>
        ((dateTime.Micros % TemporalValues.MicrosPerDay) + TemporalValues.MicrosPerDay) % TemporalValues.MicrosPerDay;

    // FROM_UNIXTIME(n): the session's local time at n, a DATETIME with n's fraction digits (a DECIMAL's scale, six for a DOUBLE or a text).
    private static ObObj FromUnixTime(ReadOnlySpan<ObObj> a, CallSite call)
    {
        var seconds = ExprValues.ToNumber(a[0]).ToDecimal();
        if (seconds < 0 || seconds > MaxUnixSeconds)
            return ObObj.Null;
        var digits = a[0].Type switch
        {
            ObType.Decimal => Math.Min(6, (int)a[0].Decimal.Scale),
            ObType.Double or ObType.String or ObType.Binary => 6,
            _ => 0,
        };
        var value = ObObj.FromDateTimeMicros((long)(seconds * TemporalValues.MicrosPerSecond) + (call.Context.UtcOffset.Ticks / 10), digits);
        return a.Length > 1 ? DateFormatter.Format(value, Text(a[1])) : value;
    }
}
