using System.Text;
using System.Text.RegularExpressions;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Expr.Functions.FunctionLibrary;

namespace OceanClassic.Common.Expr.Functions;

// Regular expressions: `s REGEXP p` / `s RLIKE p` (bound as REGEXP(s, p)), REGEXP_LIKE, REGEXP_REPLACE,
// REGEXP_SUBSTR, REGEXP_INSTR. MariaDB uses PCRE; .NET's engine reads the same common syntax. Matching is
// case-insensitive like the default collation (utf8mb4_general_ci), case-sensitive for binary strings.
// A replacement's \1..\9 name groups. A pattern that does not compile is error 1139.
internal static class RegexFunctions
{
    private const int BadRegexp = 1139; // ER_REGEXP_ERROR

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(5);

    public static readonly FunctionDefinition[] Definitions =
    [
        Def("REGEXP", 2, 2, (a, _) => ExprValues.FromBool(Compile(a[0], a[1]).IsMatch(Text(a[0])))),
        Def("REGEXP_LIKE", 2, 2, (a, _) => ExprValues.FromBool(Compile(a[0], a[1]).IsMatch(Text(a[0])))),
        Def("REGEXP_REPLACE", 3, 3, (a, _) => Str(Compile(a[0], a[1]).Replace(Text(a[0]), Replacement(Text(a[2]))))),
        Def("REGEXP_SUBSTR", 2, 2, (a, _) => Compile(a[0], a[1]).Match(Text(a[0])) is { Success: true } m ? Str(m.Value) : Str("")),
        Def("REGEXP_INSTR", 2, 2, (a, _) => Compile(a[0], a[1]).Match(Text(a[0])) is { Success: true } m
            ? ObObj.FromInt(StringFunctions.CodePointCount(Text(a[0])[..m.Index]) + 1)
            : ObObj.FromInt(0)),
    ];

    private static Regex Compile(ObObj subject, ObObj pattern)
    {
        var options = RegexOptions.CultureInvariant;
        if (subject.Type != ObType.Binary && pattern.Type != ObType.Binary)
            options |= RegexOptions.IgnoreCase;
        try
        {
            return new Regex(Text(pattern), options, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ExprException(BadRegexp, $"Got error '{e.Message}' from regexp");
        }
    }

    // MariaDB's \N group references become .NET's ${N}; a literal '$' stays literal.
    private static string Replacement(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                sb.Append("${").Append(text[++i]).Append('}');
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                sb.Append(text[++i] == '$' ? "$$" : text[i].ToString());
            }
            else
            {
                sb.Append(c == '$' ? "$$" : c.ToString());
            }
        }
        return sb.ToString();
    }
}
