using System.Text;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Expr;

// SQL LIKE: '%' any run, '_' one character, the escape character makes the next one literal.
// Characters match when their collation weights are equal (as MariaDB: under utf8mb4_general_ci
// 'é' LIKE 'E' and 'ß' LIKE 's'; under utf8mb4_bin case matters). No padding: 'a ' LIKE 'a' is false.
public static class LikeMatcher
{
    private const int AnyOne = -1;
    private const int AnyRun = -2;

    // A filter usually matches one pattern against many rows: keep the last compiled one per thread.
    [ThreadStatic]
    private static (string Pattern, int Escape, Collation Collation, int[] Tokens)? _lastCompiled;

    // escape < 0 = no escape character.
    public static bool IsMatch(string text, string pattern, int escape = '\\') =>
        IsMatch(text, pattern, escape, Collation.Default);

    public static bool IsMatch(string text, string pattern, int escape, Collation collation)
    {
        int[] tokens;
        if (_lastCompiled is { } last && ReferenceEquals(last.Pattern, pattern) && last.Escape == escape && last.Collation == collation)
        {
            tokens = last.Tokens;
        }
        else
        {
            tokens = Compile(pattern, escape, collation);
            _lastCompiled = (pattern, escape, collation, tokens);
        }
        var weights = Weights(text, collation);
        int s = 0, p = 0, runP = -1, runS = -1;
        while (s < weights.Length)
        {
            if (p < tokens.Length && (tokens[p] == AnyOne || tokens[p] == weights[s]))
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

    private static int[] Compile(string pattern, int escape, Collation collation)
    {
        var tokens = new List<int>(pattern.Length);
        var escaped = false;
        foreach (var rune in pattern.EnumerateRunes())
        {
            var r = rune.Value;
            if (escaped)
            {
                tokens.Add(collation.Weight(r));
                escaped = false;
            }
            else if (r == escape && escape >= 0)
            {
                escaped = true;
            }
            else if (r == '%')
            {
                if (tokens.Count == 0 || tokens[^1] != AnyRun)
                    tokens.Add(AnyRun);
            }
            else
            {
                tokens.Add(r == '_' ? AnyOne : collation.Weight(r));
            }
        }
        // A trailing escape character matches itself.
        if (escaped)
            tokens.Add(collation.Weight(escape));
        return [.. tokens];
    }

    private static int[] Weights(string s, Collation collation)
    {
        var result = new int[s.Length];
        var n = 0;
        var span = s.AsSpan();
        for (var i = 0; i < span.Length;)
            result[n++] = collation.NextWeight(span, ref i);
        return n == result.Length ? result : result[..n];
    }
}
