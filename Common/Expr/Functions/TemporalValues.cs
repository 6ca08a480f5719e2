using System.Globalization;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr.Functions;

// How the date/time functions read their arguments and build results: a DATE, DATETIME, date string or
// YYYYMMDD[hhmmss] number is a point in microseconds since 1970 (no time zone, as MySQL DATETIME);
// anything else is not a date, which the functions answer with NULL (MySQL warns and returns NULL).
internal static class TemporalValues
{
    public const long MicrosPerSecond = 1_000_000L;
    public const long MicrosPerDay = 86_400L * MicrosPerSecond;

    // The earliest and latest instants MySQL dates hold (0001-01-01 .. 9999-12-31 23:59:59.999999).
    public static readonly long MinMicros = (new DateTime(1, 1, 1).Ticks - DateTime.UnixEpoch.Ticks) / 10;
    public static readonly long MaxMicros = (new DateTime(9999, 12, 31, 23, 59, 59).Ticks - DateTime.UnixEpoch.Ticks) / 10 + 999_999;

    // A value that is not a date warns 1292 (Incorrect datetime value) as MariaDB does.
    public static bool TryRead(ObObj v, out long micros, out bool hasTime)
    {
        if (TryReadQuietly(v, out micros, out hasTime))
            return true;
        if (v.Type is ObType.String or ObType.Binary or ObType.Int or ObType.UInt or ObType.Decimal or ObType.Double)
            Diagnostics.ExprWarnings.Warn(ExprWarningCodes.TruncatedWrongValue, $"Incorrect datetime value: '{ExprValues.ToText(v)}'");
        return false;
    }

    private static bool TryReadQuietly(ObObj v, out long micros, out bool hasTime)
    {
        switch (v.Type)
        {
            case ObType.Date:
                micros = v.Micros;
                hasTime = false;
                return true;
            case ObType.DateTime:
                micros = v.Micros;
                hasTime = true;
                return true;
            case ObType.String or ObType.Binary:
                return ExprTemporal.TryParse(ExprValues.ToText(v), out micros, out hasTime);
            case ObType.Int or ObType.UInt or ObType.Decimal or ObType.Double:
                return ExprTemporal.TryFromNumber(v, out micros, out hasTime);
            default:
                micros = 0;
                hasTime = false;
                return false;
        }
    }

    public static DateTime ToDateTime(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Unspecified);

    public static long ToMicros(DateTime d) => (d.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static long DayNumber(long micros) => Math.DivRem(micros - MinMicros, MicrosPerDay).Quotient;

    public static ObObj Date(DateTime d) => ObObj.FromDateMicros(ToMicros(d.Date));

    public static bool InRange(long micros) => micros >= MinMicros && micros <= MaxMicros;

    // MySQL's TO_DAYS: days since year 0 (0000-01-01 is day 1, so 0001-01-01 is day 366).
    public static long ToDays(DateTime d) => (d.Date.Ticks / TimeSpan.TicksPerDay) + 366;

    public static string Format(long micros, bool asDateTime) =>
        (asDateTime ? ObObj.FromDateTimeMicros(micros) : ObObj.FromDateMicros(micros)).ToText()!;

    public static int Int(ObObj v) => (int)Math.Clamp(v.ToInt64(), int.MinValue, int.MaxValue);

    public static string Invariant(int n, string format = "") => n.ToString(format, CultureInfo.InvariantCulture);
}
