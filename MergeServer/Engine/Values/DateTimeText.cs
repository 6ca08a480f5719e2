using System.Globalization;

namespace OceanClassic.MergeServer.Engine.Values;

// MySQL's literal forms of DATE/DATETIME: 'YYYY-MM-DD', 'YYYY-MM-DD hh:mm:ss[.ffffff]', and numbers
// YYYYMMDD / YYYYMMDDhhmmss. Values are microseconds since 1970-01-01 (no time zone).
public static class DateTimeText
{
    public const long MicrosPerDay = 86_400_000_000L;

    private static readonly string[] Formats =
    [
        "yyyy-M-d", "yyyy-M-d H:m:s", "yyyy-M-d H:m:s.FFFFFFF", "yyyy-M-d'T'H:m:s", "yyyy-M-d'T'H:m:s.FFFFFFF",
        "yyyyMMdd", "yyyyMMddHHmmss", "yyyy-M-d H:m",
    ];

    public static bool TryParse(string text, out long micros)
    {
        if (DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dt))
        {
            micros = ToMicros(dt);
            return true;
        }
        micros = 0;
        return false;
    }

    public static bool TryFromNumber(long number, out long micros)
    {
        var text = number.ToString(CultureInfo.InvariantCulture);
        return TryParse(text, out micros);
    }

    public static long ToMicros(DateTime dt) => (dt.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
