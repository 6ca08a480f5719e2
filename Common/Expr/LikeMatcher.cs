using System.Text;

namespace OceanClassic.Common.Expr;

// SQL LIKE: '%' any run, '_' one character, the escape character makes the next one literal.
// Case-insensitive (as MySQL's default collation), over Unicode code points.
public static class LikeMatcher
{
    private const int AnyOne = -1;
    private const int AnyRun = -2;

    // A filter usually matches one pattern against many rows: keep the last compiled one per thread.
    [ThreadStatic]
    private static (string Pattern, int Escape, int[] Tokens)? _lastCompiled;

    // escape < 0 = no escape character.
    public static bool IsMatch(string text, string pattern, int escape = '\\')
    {
        if (escape >= 0)
            escape = Rune.ToUpperInvariant(new Rune(escape)).Value;
        int[] tokens;
        if (_lastCompiled is { } last && ReferenceEquals(last.Pattern, pattern) && last.Escape == escape)
        {
            tokens = last.Tokens;
        }
        else
        {
            tokens = Compile(pattern, escape);
            _lastCompiled = (pattern, escape, tokens);
        }
        var chars = Fold(text);
        int s = 0, p = 0, runP = -1, runS = -1;
        while (s < chars.Length)
        {
            if (p < tokens.Length && (tokens[p] == AnyOne || tokens[p] == chars[s]))
            {
                s++;
                p++;
            }
            else if (p < tokens.Length && tokens[p] == AnyRun)
            {
                runP = p++;
                runS = s;
            }
            else if (runP >= 0)
            {
                // Let the last '%' swallow one more character and retry from there.
                p = runP + 1;
                s = ++runS;
            }
            else
            {
                return false;
            }
        }
        while (p < tokens.Length && tokens[p] == AnyRun)
            p++;
        return p == tokens.Length;
    }

    private static int[] Compile(string pattern, int escape)
    {
        var runes = Fold(pattern);
        var tokens = new List<int>(runes.Length);
        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            if (r == escape && escape >= 0 && i + 1 < runes.Length)
            {
                tokens.Add(runes[++i]);
            }
            else if (r == '%')
            {
                if (tokens.Count == 0 || tokens[^1] != AnyRun)
                    tokens.Add(AnyRun);
            }
            else
            {
                tokens.Add(r == '_' ? AnyOne : r);
            }
        }
        return [.. tokens];
    }

    private static int[] Fold(string s)
    {
        var result = new List<int>(s.Length);
        foreach (var rune in s.EnumerateRunes())
            result.Add(Rune.ToUpperInvariant(rune).Value);
        return [.. result];
    }
}
