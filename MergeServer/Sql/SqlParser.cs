using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Sql;

public static class SqlParser
{
    // Exactly one statement (an optional trailing ';' is allowed).
    public static Statement Parse(string sql) => new Parser(sql).ParseSingle();

    // A multi-statement text split on ';' (outside strings and comments); empty statements are skipped.
    public static IReadOnlyList<Statement> ParseScript(string sql) => new Parser(sql).ParseAll();

    // A prepared statement's text: exactly one statement, and how many `?` markers it holds.
    public static (Statement Statement, int ParameterCount) ParsePrepared(string sql)
    {
        var parser = new Parser(sql);
        var statement = parser.ParseSingle();
        return (statement, parser.ParameterCount);
    }

    public static Expr ParseExpression(string sql) => new Parser(sql).ParseStandaloneExpression();
}
