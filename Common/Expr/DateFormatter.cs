using System.Globalization;
using System.Text;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// DATE_FORMAT(date, format) with MySQL's specifiers (weeks as WEEK() numbers them).
public static class DateFormatter
{
    public static ObObj Format(ObObj value, string format)
    {
        if (format.Length == 0)
            return ObObj.Null; // an empty format is NULL, as MariaDB
        long micros;
        if (ExprValues.IsTemporal(value))
            micros = value.Micros;
        else if (value.Type == ObType.String ? !ExprTemporal.TryParse(value.String, out micros, out _) : !ExprTemporal.TryFromNumber(ExprValues.ToNumber(value), out micros, out _))
            return ObObj.Null;
        var d = new DateTime(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Unspecified);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(format.Length + 8);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                sb.Append(c);
                continue;
            }
            var spec = format[++i];
            switch (spec)
            {
                case 'Y': sb.Append(d.Year.ToString("D4", inv)); break;
                case 'y': sb.Append((d.Year % 100).ToString("D2", inv)); break;
                case 'm': sb.Append(d.Month.ToString("D2", inv)); break;
                case 'c': sb.Append(d.Month.ToString(inv)); break;
                case 'M': sb.Append(d.ToString("MMMM", inv)); break;
                case 'b': sb.Append(d.ToString("MMM", inv)); break;
                case 'd': sb.Append(d.Day.ToString("D2", inv)); break;
                case 'e': sb.Append(d.Day.ToString(inv)); break;
                case 'H': sb.Append(d.Hour.ToString("D2", inv)); break;
                case 'k': sb.Append(d.Hour.ToString(inv)); break;
                case 'h':
                case 'I': sb.Append((((d.Hour + 11) % 12) + 1).ToString("D2", inv)); break;
                case 'l': sb.Append((((d.Hour + 11) % 12) + 1).ToString(inv)); break;
                case 'i': sb.Append(d.Minute.ToString("D2", inv)); break;
                case 's':
                case 'S': sb.Append(d.Second.ToString("D2", inv)); break;
                case 'f': sb.Append((((micros % 1_000_000) + 1_000_000) % 1_000_000).ToString("D6", inv)); break;
                case 'p': sb.Append(d.Hour < 12 ? "AM" : "PM"); break;
                case 'D': sb.Append(d.Day.ToString(inv)).Append(OrdinalSuffix(d.Day)); break;
                case 'w': sb.Append(((int)d.DayOfWeek).ToString(inv)); break;
                case 'U': sb.Append(Week(d, 0, out _).ToString("D2", inv)); break;
                case 'u': sb.Append(Week(d, 1, out _).ToString("D2", inv)); break;
                case 'V': sb.Append(Week(d, 2, out _).ToString("D2", inv)); break;
                case 'v': sb.Append(Week(d, 3, out _).ToString("D2", inv)); break;
                case 'X': Week(d, 2, out var sundayYear); sb.Append(sundayYear.ToString("D4", inv)); break;
                case 'x': Week(d, 3, out var mondayYear); sb.Append(mondayYear.ToString("D4", inv)); break;
                case 'W': sb.Append(d.DayOfWeek.ToString()); break;
                case 'a': sb.Append(d.DayOfWeek.ToString()[..3]); break;
                case 'j': sb.Append(d.DayOfYear.ToString("D3", inv)); break;
                case 'T': sb.Append(d.ToString("HH:mm:ss", inv)); break;
                case 'r': sb.Append(d.ToString("hh:mm:ss tt", inv)); break;
                default: sb.Append(spec); break; // '%%' and unknown specifiers print the character
            }
        }
        return ObObj.FromString(sb.ToString());
    }

    // %U %u %V %v: WEEK's modes 0..3 (%V %v count weeks of the year %X %x).
    private static int Week(DateTime d, int mode, out int year) =>
        Functions.WeekNumbers.Week(d, Functions.WeekNumbers.Behaviour(mode), out year);

    private static string OrdinalSuffix(int day) => day switch
    {
        1 or 21 or 31 => "st",
        2 or 22 => "nd",
        3 or 23 => "rd",
        _ => "th",
    };
}
