using System.Globalization;
using System.Text;
using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Lexing;

namespace OceanClassic.MergeServer.Sql.Ast;

// Canonical SQL printing shared by every node: identifiers quoted only when needed, strings
// escaped the MySQL way, parentheses added from operator precedence.
public static class SqlWriter
{
    public static StringBuilder AppendIdentifier(this StringBuilder builder, string name)
    {
        if (NeedsQuotes(name))
        {
            return builder.Append('`').Append(name.Replace("`", "``", StringComparison.Ordinal)).Append('`');
        }

        return builder.Append(name);
    }

    public static StringBuilder AppendTableName(this StringBuilder builder, string? schema, string name)
    {
        if (schema is not null)
        {
            builder.AppendIdentifier(schema).Append('.');
        }

        return builder.AppendIdentifier(name);
    }

    public static StringBuilder AppendString(this StringBuilder builder, string value)
    {
        builder.Append('\'');
        foreach (char c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append("\\\\"),
                '\'' => builder.Append("\\'"),
                '\0' => builder.Append("\\0"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                '\b' => builder.Append("\\b"),
                '\x1A' => builder.Append("\\Z"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('\'');
    }

    public static StringBuilder AppendInvariant(this StringBuilder builder, long value) =>
        builder.Append(value.ToString(CultureInfo.InvariantCulture));

    // Writes a child expression, parenthesized when it binds looser than its context requires.
    public static StringBuilder AppendExpr(this StringBuilder builder, Expr expr, int minPrecedence)
    {
        StackGuard.Check();
        if (expr.Precedence < minPrecedence)
        {
            builder.Append('(');
            expr.WriteSql(builder);
            return builder.Append(')');
        }

        expr.WriteSql(builder);
        return builder;
    }

    public static StringBuilder AppendJoined<T>(this StringBuilder builder, IReadOnlyList<T> items, string separator = ", ")
        where T : SqlNode
    {
        StackGuard.Check();
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            items[i].WriteSql(builder);
        }

        return builder;
    }

    public static StringBuilder AppendIdentifiers(this StringBuilder builder, IReadOnlyList<string> names)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.AppendIdentifier(names[i]);
        }

        return builder;
    }

    // While set (this thread), every identifier is quoted: MariaDB's form for stored expressions (CHECK).
    [ThreadStatic]
    private static bool t_quoteAll;

    public static string ToSqlQuotingAll(SqlNode node)
    {
        t_quoteAll = true;
        try
        {
            return node.ToSql();
        }
        finally
        {
            t_quoteAll = false;
        }
    }

    private static bool NeedsQuotes(string name)
    {
        if (t_quoteAll)
        {
            return true;
        }

        if (name.Length == 0 || char.IsAsciiDigit(name[0]) || Keywords.IsReserved(name))
        {
            return true;
        }

        foreach (char c in name)
        {
            if (!Lexer.IsIdentifierChar(c))
            {
                return true;
            }
        }

        return false;
    }
}
