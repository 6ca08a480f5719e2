using System.Globalization;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// STR_TO_DATE(text, format): reads the text by DATE_FORMAT's specifiers (%Y %y %m %c %d %e %H %k %h %I
// %l %i %s %S %f %p %M %b %j %D %T %r %a %W %%); other format characters must match the text, spaces
// loosely. A DATE when the format has no time part, a TIME when it has no date part, else a DATETIME;
// NULL when the text does not fit or names no real date.
internal static class StrToDate
{
    public static readonly FunctionDefinition[] Definitions = [Def("STR_TO_DATE", 2, 2, (a, _) => ParseOrWarn(Text(a[0]), Text(a[1])))];

    // A text that does not fit warns 1411 as MariaDB does.
    private static ObObj ParseOrWarn(string text, string format)
    {
        var result = Parse(text, format);
        if (result.IsNull)
            Diagnostics.ExprWarnings.Warn(ExprWarningCodes.WrongValueForFunction, $"Incorrect datetime value: '{text}' for function str_to_date");
        return result;
    }

    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
    private static readonly string[] DayNames = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    private static ObObj Parse(string text, string format)
    {
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micro = 0, dayOfYear = 0;
        bool hasTime = false, hasDate = false, pm = false, twelve = false;
        var t = 0;
        for (var f = 0; f < format.Length; f++)
        {
            var c = format[f];
            if (char.IsWhiteSpace(c))
            {
                while (t < text.Length && char.IsWhiteSpace(text[t]))
                    t++;
                continue;
            }
            if (c != '%' || f + 1 >= format.Length)
            {
                if (t >= text.Length || text[t] != c)
                    return ObObj.Null;
                t++;
                continue;
            }
            var spec = format[++f];
            switch (spec)
            {
                case 'Y': if (!Number(text, ref t, 4, out year)) return ObObj.Null; if (year < 100 && t <= 2) year += year < 70 ? 2000 : 1900; hasDate = true; break;
                case 'y': if (!Number(text, ref t, 2, out year)) return ObObj.Null; year += year < 70 ? 2000 : 1900; hasDate = true; break;
                case 'm' or 'c': if (!Number(text, ref t, 2, out month)) return ObObj.Null; hasDate = true; break;
                case 'd' or 'e': if (!Number(text, ref t, 2, out day)) return ObObj.Null; hasDate = true; break;
                case 'D': if (!Number(text, ref t, 2, out day) || !Word(text, ref t, ["st", "nd", "rd", "th"], out _)) return ObObj.Null; hasDate = true; break;
                case 'j': if (!Number(text, ref t, 3, out dayOfYear)) return ObObj.Null; hasDate = true; break;
                case 'H' or 'k': if (!Number(text, ref t, 2, out hour)) return ObObj.Null; hasTime = true; break;
                case 'h' or 'I' or 'l': if (!Number(text, ref t, 2, out hour)) return ObObj.Null; twelve = true; hasTime = true; break;
                case 'i': if (!Number(text, ref t, 2, out minute)) return ObObj.Null; hasTime = true; break;
                case 's' or 'S': if (!Number(text, ref t, 2, out second)) return ObObj.Null; hasTime = true; break;
                case 'f':
                    {
                        var start = t;
                        if (!Number(text, ref t, 6, out micro)) return ObObj.Null;
                        for (var k = t - start; k < 6; k++) micro *= 10;
                        hasTime = true;
                        break;
                    }
                case 'p':
                    if (!Word(text, ref t, ["AM", "PM"], out var ampm)) return ObObj.Null;
                    pm = ampm == 1;
                    hasTime = true;
                    break;
                case 'M': if (!Word(text, ref t, MonthNames[..12], out var m)) return ObObj.Null; month = m + 1; hasDate = true; break;
                case 'b': if (!Word(text, ref t, [.. MonthNames[..12].Select(n => n[..3])], out var b)) return ObObj.Null; month = b + 1; hasDate = true; break;
                case 'W': if (!Word(text, ref t, DayNames, out _)) return ObObj.Null; break;
                case 'a': if (!Word(text, ref t, [.. DayNames.Select(n => n[..3])], out _)) return ObObj.Null; break;
                case 'T':
                    if (!Number(text, ref t, 2, out hour) || !Literal(text, ref t, ':') || !Number(text, ref t, 2, out minute)
                        || !Literal(text, ref t, ':') || !Number(text, ref t, 2, out second)) return ObObj.Null;
                    hasTime = true;
                    break;
                case 'r':
                    if (!Number(text, ref t, 2, out hour) || !Literal(text, ref t, ':') || !Number(text, ref t, 2, out minute)
                        || !Literal(text, ref t, ':') || !Number(text, ref t, 2, out second)) return ObObj.Null;
                    while (t < text.Length && char.IsWhiteSpace(text[t])) t++;
                    if (!Word(text, ref t, ["AM", "PM"], out var rpm)) return ObObj.Null;
                    pm = rpm == 1;
                    twelve = true;
                    hasTime = true;
                    break;
                default:
                    if (t >= text.Length || text[t] != spec) return ObObj.Null;
                    t++;
                    break;
            }
        }
        if (twelve)
        {
            if (hour is < 1 or > 12) return ObObj.Null;
            hour = (hour % 12) + (pm ? 12 : 0);
        }
        if (dayOfYear > 0 && month == 0 && day == 0)
        {
            if (year == 0 || dayOfYear > (DateTime.IsLeapYear(year) ? 366 : 365)) return ObObj.Null;
            var d = new DateTime(year, 1, 1).AddDays(dayOfYear - 1);
            (month, day) = (d.Month, d.Day);
        }
        if (!hasDate && hasTime)
            return hour > 838 || minute > 59 || second > 59 ? ObObj.Null
                : ObObj.FromTimeMicros((((((hour * 60L) + minute) * 60) + second) * TemporalValues.MicrosPerSecond) + micro);
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return ObObj.Null;
        var micros = TemporalValues.ToMicros(new DateTime(year, month, day, hour, minute, second)) + micro;
        return hasTime ? ObObj.FromDateTimeMicros(micros) : ObObj.FromDateMicros(micros);
    }

    private static bool Number(string text, ref int t, int maxDigits, out int value)
    {
        value = 0;
        var start = t;
        while (t < text.Length && t - start < maxDigits && char.IsAsciiDigit(text[t]))
            value = (value * 10) + (text[t++] - '0');
        return t > start;
    }

    private static bool Literal(string text, ref int t, char c)
    {
        if (t >= text.Length || text[t] != c)
            return false;
        t++;
        return true;
    }

    private static bool Word(string text, ref int t, string[] words, out int index)
    {
        for (index = 0; index < words.Length; index++)
        {
            var w = words[index];
            if (w.Length > 0 && string.Compare(text, t, w, 0, w.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                t += w.Length;
                return true;
            }
        }
        return false;
    }
}
