using System.Text;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Expr;

// String scalar functions over non-NULL arguments (the caller handles NULL). Positions and
// lengths count Unicode code points, as MySQL does for utf8mb4; LENGTH counts UTF-8 bytes.
public static class StringFunctions
{
    public static ObObj Concat(ReadOnlySpan<ObObj> args)
    {
        var sb = new StringBuilder();
        foreach (var a in args)
            sb.Append(ExprValues.ToText(a));
        return ObObj.FromString(sb.ToString());
    }

    // CONCAT_WS skips NULL arguments after the separator.
    public static ObObj ConcatWs(string separator, ReadOnlySpan<ObObj> args)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var a in args)
        {
            if (a.IsNull)
                continue;
            if (!first)
                sb.Append(separator);
            sb.Append(ExprValues.ToText(a));
            first = false;
        }
        return ObObj.FromString(sb.ToString());
    }

    public static ObObj Length(string s) => ObObj.FromInt(LosslessUtf8.GetByteCount(s));

    public static ObObj CharLength(string s) => ObObj.FromInt(CodePointCount(s));

    // SUBSTRING(s, pos [, len]): 1-based; a negative pos counts from the end; pos 0 gives ''.
    public static ObObj Substring(string s, long pos, long? len)
    {
        var count = CodePointCount(s);
        if (pos == 0 || (len is { } l0 && l0 <= 0))
            return ObObj.FromString("");
        var start = pos > 0 ? pos - 1 : count + pos;
        if (start < 0 || start >= count)
            return ObObj.FromString("");
        var take = len is { } l ? Math.Min(l, count - start) : count - start;
        return ObObj.FromString(Slice(s, (int)start, (int)take));
    }

    public static ObObj Left(string s, long n)
    {
        var count = CodePointCount(s);
        return ObObj.FromString(n <= 0 ? "" : Slice(s, 0, (int)Math.Min(n, count)));
    }

    public static ObObj Right(string s, long n)
    {
        var count = CodePointCount(s);
        if (n <= 0)
            return ObObj.FromString("");
        var take = (int)Math.Min(n, count);
        return ObObj.FromString(Slice(s, count - take, take));
    }

    public static ObObj Trim(string s, string remove, bool leading, bool trailing)
    {
        if (remove.Length == 0)
            return ObObj.FromString(s);
        var start = 0;
        var end = s.Length;
        if (leading)
        {
            while (end - start >= remove.Length && string.CompareOrdinal(s, start, remove, 0, remove.Length) == 0)
                start += remove.Length;
        }
        if (trailing)
        {
            while (end - start >= remove.Length && string.CompareOrdinal(s, end - remove.Length, remove, 0, remove.Length) == 0)
                end -= remove.Length;
        }
        return ObObj.FromString(s[start..end]);
    }

    public static ObObj Replace(string s, string from, string to) =>
        ObObj.FromString(from.Length == 0 ? s : s.Replace(from, to, StringComparison.Ordinal));

    public static int CodePointCount(string s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
            n++;
        }
        return n;
    }

    private static string Slice(string s, int startCp, int countCp)
    {
        var begin = CharIndex(s, 0, startCp);
        var end = CharIndex(s, begin, countCp);
        return s[begin..end];
    }

    private static int CharIndex(string s, int from, int codePoints)
    {
        var i = from;
        for (var k = 0; k < codePoints && i < s.Length; k++)
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        return i;
    }
}
