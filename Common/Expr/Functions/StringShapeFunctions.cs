using System.Globalization;
using System.Text;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Building text: LPAD / RPAD (cut to the length when longer), REPEAT, REVERSE, SPACE, INSERT, ASCII,
// ORD, CHAR(n, ...) (each n's bytes, big-endian without leading zeros; NULLs skipped; __CHAR_TEXT is CHAR(...
// USING charset): those bytes as UTF-8 text, NULL when they are not), CHAR_LENGTH's relatives BIT_LENGTH, and FORMAT(x, d[, locale]) with the locale's decimal point and
// digit grouping (NumberLocales; en_US by default and, with warning 1649, for a locale it does not know).
// Lengths count characters; a result longer than max_allowed_packet would be NULL in MySQL and is
// refused here the same way.
internal static class StringShapeFunctions
{
    private const long MaxResultChars = 16 * 1024 * 1024;

    public static readonly FunctionDefinition[] Definitions =
    [
        Def("LPAD", 3, 3, (a, _) => Pad(Text(a[0]), a[1].ToInt64(), Text(a[2]), left: true)),
        Def("RPAD", 3, 3, (a, _) => Pad(Text(a[0]), a[1].ToInt64(), Text(a[2]), left: false)),
        Def("REPEAT", 2, 2, (a, _) => Repeat(Text(a[0]), a[1].ToInt64())),
        Def("SPACE", 1, 1, (a, _) => Repeat(" ", a[0].ToInt64())),
        Def("REVERSE", 1, 1, (a, _) => Str(Reverse(Text(a[0])))),
        Def("INSERT", 4, 4, (a, _) => Insert(Text(a[0]), a[1].ToInt64(), a[2].ToInt64(), Text(a[3]))),
        Def("ASCII", 1, 1, (a, _) => ObObj.FromInt(Bytes(a[0]) is { Length: > 0 } b ? b[0] : 0)),
        Def("ORD", 1, 1, (a, _) => Ord(a[0])),
        Def("CHAR", 1, Many, (a, _) => ObObj.FromBinary(CharBytes(a)), nullIfAnyNull: false),
        Def("__CHAR_TEXT", 1, Many, (a, _) => CharText(CharBytes(a)), nullIfAnyNull: false),
        Def("BIT_LENGTH", 1, 1, (a, _) => ObObj.FromInt(Bytes(a[0]).Length * 8L)),
        Def("FORMAT", 2, 3, (a, _) => a[0].IsNull || a[1].IsNull ? ObObj.Null : Format(a[0], a[1].ToInt64(), a.Length > 2 ? Locale(a[2]) : NumberLocales.EnUs),
            nullIfAnyNull: false),
    ];

    private static byte[] CharBytes(ReadOnlySpan<ObObj> a)
    {
        var bytes = new List<byte>(a.Length);
        foreach (var v in a)
        {
            if (v.IsNull)
                continue;
            var code = unchecked((uint)v.ToInt64());
            var started = false;
            for (var shift = 24; shift >= 0; shift -= 8)
            {
                var b = (byte)(code >> shift);
                if (b != 0 || started || shift == 0)
                {
                    bytes.Add(b);
                    started = true;
                }
            }
        }
        return [.. bytes];
    }

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private static ObObj CharText(byte[] bytes)
    {
        try
        {
            return Str(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return ObObj.Null;
        }
    }

    private static ObObj Pad(string s, long length, string pad, bool left)
    {
        if (length < 0 || length > MaxResultChars)
            return ObObj.Null;
        var chars = CodePoints(s);
        if (chars.Count >= length)
            return Str(string.Concat(chars.Take((int)length)));
        var padChars = CodePoints(pad);
        if (padChars.Count == 0)
            return ObObj.Null;
        var fill = new StringBuilder();
        for (var i = 0; i < length - chars.Count; i++)
            fill.Append(padChars[i % padChars.Count]);
        return Str(left ? fill + s : s + fill);
    }

    private static ObObj Repeat(string s, long count)
    {
        if (count <= 0 || s.Length == 0)
            return Str("");
        if (count * s.Length > MaxResultChars)
            return ObObj.Null;
        return Str(new StringBuilder(s.Length * (int)count).Insert(0, s, (int)count).ToString());
    }

    private static string Reverse(string s)
    {
        var chars = CodePoints(s);
        chars.Reverse();
        return string.Concat(chars);
    }

    // INSERT(s, pos, len, new): s with len characters from pos replaced; pos out of range leaves s.
    private static ObObj Insert(string s, long pos, long len, string replacement)
    {
        var chars = CodePoints(s);
        if (pos < 1 || pos > chars.Count)
            return Str(s);
        var start = (int)pos - 1;
        var take = len < 0 || len > chars.Count - start ? chars.Count - start : (int)len;
        return Str(string.Concat(chars.Take(start)) + replacement + string.Concat(chars.Skip(start + take)));
    }

    private static ObObj Ord(ObObj v)
    {
        var chars = CodePoints(Text(v));
        if (chars.Count == 0)
            return ObObj.FromInt(0);
        var bytes = Encoding.UTF8.GetBytes(chars[0]);
        long n = 0;
        foreach (var b in bytes)
            n = (n << 8) | b;
        return ObObj.FromInt(n);
    }

    // The number format of FORMAT's locale argument (a NULL is named 'NULL' in the warning, as MariaDB does).
    private static NumberLocales.NumberFormat Locale(ObObj name)
    {
        var text = name.IsNull ? "NULL" : Text(name);
        if (NumberLocales.TryFind(text, out var format))
            return format;
        Diagnostics.ExprWarnings.Warn(ExprWarningCodes.UnknownLocale, $"Unknown locale: '{text}'");
        return NumberLocales.EnUs;
    }

    // FORMAT(x, d): x rounded to d (0..30) decimals, grouped as the locale groups. An exact number (integer, DECIMAL)
    // rounds half away from zero; a DOUBLE or a string rounds as ROUND of a DOUBLE does (half to even after
    // scaling, MariaDB's my_double_round: FORMAT(2.5e0, 0) is 2, FORMAT('0.125', 2) is 0.12).
    private static ObObj Format(ObObj x, long decimals, NumberLocales.NumberFormat locale)
    {
        var d = (int)Math.Clamp(decimals, 0, 30);
        var number = ExprValues.ToNumber(x);
        string digits;
        if (number.Type is not (ObType.Int or ObType.UInt or ObType.Decimal) || x.Type == ObType.String)
        {
            var rounded = NumericFunctions.RoundDouble(number.ToDouble(), d, truncate: false);
            digits = rounded.Type == ObType.Decimal
                ? rounded.Decimal.ToString(CultureInfo.InvariantCulture) // d decimals already
                : rounded.Double.ToString(double.IsFinite(rounded.Double) ? "F" + d : "R", CultureInfo.InvariantCulture);
        }
        else
        {
            var value = number.ToDecimal();
            digits = Math.Round(value, Math.Min(d, 28), MidpointRounding.AwayFromZero).ToString("F" + Math.Min(d, 28), CultureInfo.InvariantCulture);
            if (d > 28)
                digits += new string('0', d - 28);
        }
        var negative = digits.StartsWith('-');
        if (negative)
            digits = digits[1..];
        var dot = digits.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? digits : digits[..dot];
        var text = (negative ? "-" : "") + Group(whole, locale) + (dot < 0 ? "" : locale.DecimalPoint + digits[(dot + 1)..]);
        return Str(text);
    }

    // The integer digits with the locale's separator between groups, the first group (next to the
    // decimal point) FirstGroup digits long and every further one NextGroups.
    private static string Group(string whole, NumberLocales.NumberFormat locale)
    {
        if (locale.ThousandsSeparator is not { } separator)
            return whole;
        var grouped = new StringBuilder(whole.Length + whole.Length / 2);
        var end = whole.Length;
        var size = locale.FirstGroup;
        while (end > size)
        {
            grouped.Insert(0, whole.Substring(end - size, size)).Insert(0, separator);
            end -= size;
            size = locale.NextGroups;
        }
        return grouped.Insert(0, whole[..end]).ToString();
    }

    private static byte[] Bytes(ObObj v) => v.Type == ObType.Binary ? v.Bytes : LosslessUtf8.GetBytes(Text(v));

    private static List<string> CodePoints(string s)
    {
        var list = new List<string>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(s.Substring(i, 2));
                i++;
            }
            else
            {
                list.Add(s[i].ToString());
            }
        }
        return list;
    }
}
