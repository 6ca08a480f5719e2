using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// The SQL front end's entry: text in, syntax tree (Sql.Ast) out, or a SqlSyntaxException with MariaDB's
// code and wording. Layers point one way: the root (the exception and its codes) <- Lexing <- Ast <- Parsing.
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
