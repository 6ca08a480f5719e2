namespace OceanClassic.Differential.Tests.Support;

// Just enough lexing of a statement's text to see its top level: quoted strings, quoted names and
// comments are skipped, parentheses nest.
public static class SqlText
{
    // True when ORDER BY appears outside every parenthesis (the statement's own order, not a
    // subquery's or a window's).
    public static bool HasTopLevelOrderBy(string sql)
    {
        var words = TopLevelWords(sql);
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (words[i].Equals("ORDER", StringComparison.OrdinalIgnoreCase) && words[i + 1].Equals("BY", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    public static List<string> TopLevelWords(string sql)
    {
        var words = new List<string>();
        var depth = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                i = SkipQuoted(sql, i);
            }
            else if (c == '-' && i + 2 < sql.Length && sql[i + 1] == '-' && char.IsWhiteSpace(sql[i + 2]) || c == '#')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else if (c == '(')
            {
                depth++;
                i++;
            }
            else if (c == ')')
            {
                depth--;
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                    i++;
                if (depth == 0)
                    words.Add(sql[start..i]);
            }
            else
            {
                i++;
            }
        }
        return words;
    }

    // Past the closing quote; a doubled quote or a backslash escape stays inside.
    private static int SkipQuoted(string sql, int open)
    {
        var quote = sql[open];
        var i = open + 1;
        while (i < sql.Length)
        {
            if (sql[i] == '\\' && quote != '`')
            {
                i += 2;
                continue;
            }
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.Length;
    }
}
