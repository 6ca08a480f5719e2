using System.Globalization;
using System.Text;

namespace OceanClassic.Common.Types;

// MySQL TIME values as text and numbers. A TIME is signed microseconds within ±838:59:59.999999.
// Text forms read as MySQL does: '[-][D ]HH:MM[:SS[.frac]]', a bare number string read from the right as
// [[HH]MM]SS[.frac] ('123' is 00:01:23), and a DATETIME string, whose time part is taken. Shown as
// [-]HH:MM:SS with the precision's fraction digits (a value without a declared precision shows six
// when it has a fraction). As a number a TIME is [-]HHMMSS[.frac].
public static class TimeText
{
    public const long MicrosPerSecond = 1_000_000;
    public const long MaxMicros = ((838L * 3600) + (59 * 60) + 59) * MicrosPerSecond + 999_999;

    public static string Format(long micros, int fsp)
    {
        var sb = new StringBuilder(16);
        if (micros < 0)
            sb.Append('-');
        var abs = (ulong)Math.Abs(micros);
        var seconds = abs / MicrosPerSecond;
        var frac = abs % MicrosPerSecond;
        sb.Append((seconds / 3600).ToString("00", CultureInfo.InvariantCulture)).Append(':')
          .Append((seconds / 60 % 60).ToString("00", CultureInfo.InvariantCulture)).Append(':')
          .Append((seconds % 60).ToString("00", CultureInfo.InvariantCulture));
        var digits = fsp >= 0 ? fsp : frac != 0 ? 6 : 0;
        if (digits > 0)
            sb.Append('.').Append(frac.ToString("000000", CultureInfo.InvariantCulture)[..digits]);
        return sb.ToString();
    }

    // [-]HHMMSS[.frac] as an exact number whose scale is the fraction digits Format shows.
    public static decimal ToNumber(long micros, int fsp = -1)
    {
        var abs = Math.Abs(micros);
        var seconds = abs / MicrosPerSecond;
        decimal whole = (seconds / 3600 * 10000) + (seconds / 60 % 60 * 100) + (seconds % 60);
        var frac = abs % MicrosPerSecond;
        var digits = fsp >= 0 ? fsp : frac != 0 ? 6 : 0;
        var value = whole + (frac / 1_000_000m);
        value = Math.Round(value, digits, MidpointRounding.ToZero) + new decimal(0, 0, 0, false, (byte)digits);
        return micros < 0 ? -value : value;
    }

    // Cuts to `fsp` fraction digits (MariaDB truncates unless TIME_ROUND_FRACTIONAL is set).
    public static long Round(long micros, int fsp)
    {
        if (fsp is < 0 or >= 6)
            return micros;
        var unit = (long)Math.Pow(10, 6 - fsp);
        return micros / unit * unit;
    }

    public static bool InRange(long micros) => Math.Abs(micros) <= MaxMicros;

    public static bool TryParse(string text, out long micros)
    {
        micros = 0;
        var s = text.Trim();
        if (s.Length == 0)
            return false;
        var negative = s[0] == '-';
        if (negative)
            s = s[1..].TrimStart();
        if (LooksLikeDate(s))
        {
            var space = s.IndexOfAny([' ', 'T']);
            if (space < 0)
                return negative is false && TryDateOnly(s, out micros);
            s = s[(space + 1)..];
        }
        long days = 0;
        var dayGap = s.IndexOf(' ', StringComparison.Ordinal);
        if (dayGap > 0)
        {
            if (!long.TryParse(s[..dayGap], NumberStyles.None, CultureInfo.InvariantCulture, out days) || days > 34)
                return false;
            s = s[(dayGap + 1)..].Trim();
        }
        var frac = 0L;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            if (!TryFraction(s[(dot + 1)..], out frac))
                return false;
            s = s[..dot];
        }
        long h, m, sec;
        if (s.Contains(':', StringComparison.Ordinal))
        {
            var parts = s.Split(':');
            if (parts.Length > 3 || !AllDigits(parts))
                return false;
            h = long.Parse(parts[0], CultureInfo.InvariantCulture);
            m = long.Parse(parts[1], CultureInfo.InvariantCulture);
            sec = parts.Length == 3 ? long.Parse(parts[2], CultureInfo.InvariantCulture) : 0;
        }
        else
        {
            if (dayGap > 0 && s.Length > 0 && AllDigits([s]))
            {
                (h, m, sec) = (long.Parse(s, CultureInfo.InvariantCulture), 0, 0);
            }
            else
            {
                if (s.Length == 0 || !AllDigits([s]) || s.Length > 12)
                    return false;
                var n = long.Parse(s, CultureInfo.InvariantCulture);
                (h, m, sec) = (n / 10000, n / 100 % 100, n % 100);
            }
        }
        if (m > 59 || sec > 59)
            return false;
        micros = ((((days * 24) + h) * 3600) + (m * 60) + sec) * MicrosPerSecond + frac;
        if (negative)
            micros = -micros;
        return true;
    }

    // A number [-]HHMMSS[.frac] (MySQL's numeric TIME form).
    public static bool TryFromNumber(decimal number, out long micros)
    {
        micros = 0;
        var negative = number < 0;
        var abs = Math.Abs(number);
        var whole = Math.Truncate(abs);
        if (whole > 99_999_999m)
            return false;
        var n = (long)whole;
        var (h, m, s) = (n / 10000, n / 100 % 100, n % 100);
        if (m > 59 || s > 59)
            return false;
        var frac = (long)Math.Round((abs - whole) * 1_000_000m, MidpointRounding.AwayFromZero);
        micros = (((h * 3600) + (m * 60) + s) * MicrosPerSecond) + frac;
        if (negative)
            micros = -micros;
        return true;
    }

    private static bool LooksLikeDate(string s)
    {
        var dash = s.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && (dash < s.IndexOf(':', StringComparison.Ordinal) || !s.Contains(':', StringComparison.Ordinal));
    }

    private static bool TryDateOnly(string s, out long micros)
    {
        micros = 0;
        return DateTime.TryParseExact(s, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    private static bool TryFraction(string digits, out long frac)
    {
        frac = 0;
        if (digits.Length == 0)
            return true;
        if (!AllDigits([digits]))
            return false;
        var padded = (digits.Length > 6 ? digits[..6] : digits).PadRight(6, '0');
        frac = long.Parse(padded, CultureInfo.InvariantCulture);
        if (digits.Length > 6 && digits[6] >= '5')
            frac++;
        return true;
    }

    private static bool AllDigits(string[] parts)
    {
        foreach (var p in parts)
        {
            if (p.Length == 0)
                return false;
            foreach (var c in p)
            {
                if (!char.IsAsciiDigit(c))
                    return false;
            }
        }
        return true;
    }
}
