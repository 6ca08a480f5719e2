using System.Globalization;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// DATE/DATETIME parsing from strings and numbers, as MySQL accepts them in comparisons and casts.
public static class ExprTemporal
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFF",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd",
        "yyyy-M-d H:m:s",
        "yyyy-M-d",
        "yyyyMMddHHmmss",
        "yyyyMMdd",
        "yyyy/MM/dd HH:mm:ss",
        "yyyy/MM/dd",
    ];

    public static bool TryParse(string text, out long micros, out bool hasTime)
    {
        var s = text.Trim();
        if (DateTime.TryParseExact(s, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            micros = (dt.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            hasTime = s.Length > 10;
            return true;
        }
        micros = 0;
        hasTime = false;
        return false;
    }

    // 20240131 or 20240131235959 as a date/datetime.
    public static bool TryFromNumber(ObObj number, out long micros, out bool hasTime)
    {
        var n = number.ToDecimal();
        if (n < 0 || n != Math.Floor(n))
        {
            micros = 0;
            hasTime = false;
            return false;
        }
        var digits = n.ToString(CultureInfo.InvariantCulture);
        return TryParse(digits, out micros, out hasTime) && digits.Length is 8 or 14;
    }

    public static long TruncateToDate(long micros)
    {
        const long day = 86_400_000_000L;
        return micros >= 0 ? micros - (micros % day) : micros - (((micros % day) + day) % day);
    }

    // Seconds precision, as NOW() without fsp.
    public static ObObj Now(EvalContext ctx, int fsp = 0)
    {
        var micros = (ctx.Now.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        fsp = Math.Clamp(fsp, 0, 6);
        return ObObj.FromDateTimeMicros(FractionalSeconds.Truncate(micros, fsp), fsp);
    }
}
