using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Finding text: LOCATE / POSITION / INSTR (1-based character positions, 0 when absent), FIND_IN_SET,
// FIELD, ELT, SUBSTRING_INDEX, STRCMP. The searches and comparisons follow the default collation's
// case-insensitivity (utf8mb4_general_ci; STRCMP the collation its arguments carry); SUBSTRING_INDEX
// matches its delimiter exactly, as MySQL does.
internal static class StringSearchFunctions
{
    private const StringComparison CaseInsensitive = StringComparison.OrdinalIgnoreCase;

    public static readonly FunctionDefinition[] Definitions =
    [
        Def("LOCATE", 2, 3, (a, _) => Locate(Text(a[0]), Text(a[1]), a.Length > 2 ? a[2].ToInt64() : 1)),
        Def("POSITION", 2, 2, (a, _) => Locate(Text(a[0]), Text(a[1]), 1)),
        Def("INSTR", 2, 2, (a, _) => Locate(Text(a[1]), Text(a[0]), 1)),
        Def("FIND_IN_SET", 2, 2, (a, _) => FindInSet(Text(a[0]), Text(a[1]))),
        Def("FIELD", 2, Many, (a, _) => Field(a), nullIfAnyNull: false),
        Def("ELT", 2, Many, (a, _) => Elt(a), nullIfAnyNull: false),
        Def("SUBSTRING_INDEX", 3, 3, (a, _) => SubstringIndex(Text(a[0]), Text(a[1]), a[2].ToInt64())),
        Def("STRCMP", 2, 2, (a, _) => ObObj.FromInt(Math.Sign(SqlValueComparer.Instance.Compare(AsText(a[0]), AsText(a[1]))))),
    ];

    // STRCMP compares as strings under the collation the two meet in (STRCMP('a' COLLATE utf8mb4_bin, 'A') is 1).
    private static ObObj AsText(ObObj v) => v.Type == ObType.String ? v : ObObj.FromString(Text(v));

    private static ObObj Locate(string needle, string haystack, long from)
    {
        if (from < 1 || from > StringFunctions.CodePointCount(haystack) + 1)
            return ObObj.FromInt(0);
        var start = CharIndex(haystack, (int)from - 1);
        var at = haystack.IndexOf(needle, start, CaseInsensitive);
        return ObObj.FromInt(at < 0 ? 0 : StringFunctions.CodePointCount(haystack[..at]) + 1);
    }

    private static ObObj FindInSet(string item, string set)
    {
        if (item.Contains(',', StringComparison.Ordinal))
            return ObObj.FromInt(0);
        var parts = set.Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            if (string.Equals(parts[i], item, CaseInsensitive) && !(set.Length == 0))
                return ObObj.FromInt(i + 1);
        }
        return ObObj.FromInt(0);
    }

    // FIELD(x, a, b, ...): position of the first equal argument; compared as numbers when every
    // argument is a number, else as text; NULL finds nothing.
    private static ObObj Field(ReadOnlySpan<ObObj> a)
    {
        if (a[0].IsNull)
            return ObObj.FromInt(0);
        var allText = true;
        foreach (var v in a)
            allText &= v.Type is ObType.String or ObType.Null;
        for (var i = 1; i < a.Length; i++)
        {
            if (a[i].IsNull)
                continue;
            var equal = allText
                ? string.Equals(Text(a[0]), Text(a[i]), CaseInsensitive)
                : ExprValues.ToNumber(a[0]).ToDouble() == ExprValues.ToNumber(a[i]).ToDouble();
            if (equal)
                return ObObj.FromInt(i);
        }
        return ObObj.FromInt(0);
    }

    private static ObObj Elt(ReadOnlySpan<ObObj> a)
    {
        if (a[0].IsNull)
            return ObObj.Null;
        var n = a[0].ToInt64();
        return n >= 1 && n < a.Length ? (a[(int)n].IsNull ? ObObj.Null : Str(Text(a[(int)n]))) : ObObj.Null;
    }

    // The text before the count-th delimiter (count > 0) or after the count-th from the end (count < 0).
    private static ObObj SubstringIndex(string s, string delimiter, long count)
    {
        if (delimiter.Length == 0 || count == 0)
            return Str("");
        if (count > 0)
        {
            var at = -1;
            for (long k = 0; k < count; k++)
            {
                at = s.IndexOf(delimiter, at + (k == 0 ? 1 : delimiter.Length), StringComparison.Ordinal);
                if (at < 0)
                    return Str(s);
            }
            return Str(s[..at]);
        }
        var end = s.Length;
        var pos = s.Length;
        for (long k = 0; k < -count; k++)
        {
            if (end - 1 < 0)
                return Str(s);
            pos = s.LastIndexOf(delimiter, end - 1, StringComparison.Ordinal);
            if (pos < 0)
                return Str(s);
            end = pos;
        }
        return Str(s[(pos + delimiter.Length)..]);
    }

    private static int CharIndex(string s, int codePoints)
    {
        var i = 0;
        for (var k = 0; k < codePoints && i < s.Length; k++)
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        return i;
    }
}
