using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// SHOW, DESCRIBE, EXPLAIN, USE.
public sealed partial class Parser
{
    private UseStatement ParseUse()
    {
        Expect("USE");
        return new UseStatement(ParseIdentifier());
    }

    private Statement ParseDescribe()
    {
        _pos++;
        if (Is("SELECT") || Is("INSERT") || Is("REPLACE") || Is("UPDATE") || Is("DELETE"))
        {
            return new ExplainStatement(ParseStatement());
        }

        var table = ParseTableName();
        // DESCRIBE t col and DESCRIBE t 'pattern': the column name is a LIKE pattern too (MySQL).
        string? like = Is(TokenKind.String) ? ParseStringValue() : IsNameToken(Current) ? ParseIdentifier() : null;
        return new ShowStatement(ShowKind.Columns, table, Like: like);
    }

    private ShowStatement ParseShow()
    {
        Expect("SHOW");
        bool full = Accept("FULL");
        var scope = VariableScope.Default;
        if (Accept("GLOBAL"))
        {
            scope = VariableScope.Global;
        }
        else if (Accept("SESSION") || Accept("LOCAL"))
        {
            scope = VariableScope.Session;
        }

        string word = CurrentWord();
        _pos++;
        var show = word switch
        {
            "DATABASES" or "SCHEMAS" => new ShowStatement(ShowKind.Databases),
            "TABLES" => new ShowStatement(ShowKind.Tables, Database: ParseOptionalFromDatabase()),
            "TABLE" => ParseShowTableStatus(),
            "COLUMNS" or "FIELDS" => ParseShowColumns(),
            "CREATE" => ParseShowCreate(),
            "INDEX" or "INDEXES" or "KEYS" => ParseShowIndex(),
            "VARIABLES" => new ShowStatement(ShowKind.Variables),
            "STATUS" => new ShowStatement(ShowKind.Status),
            "WARNINGS" => new ShowStatement(ShowKind.Warnings),
            "ERRORS" => new ShowStatement(ShowKind.Errors),
            "COUNT" => ParseShowCount(),
            "GRANTS" => ParseShowGrants(),
            "ENGINES" => new ShowStatement(ShowKind.Engines),
            "COLLATION" => new ShowStatement(ShowKind.Collation),
            "CHARSET" => new ShowStatement(ShowKind.CharacterSet),
            "CHARACTER" when Accept("SET") => new ShowStatement(ShowKind.CharacterSet),
            "PROCESSLIST" => new ShowStatement(ShowKind.ProcessList),
            _ => throw Error(_tokens[_pos - 1]),
        };

        bool allowsFull = show.Kind is ShowKind.Tables or ShowKind.Columns or ShowKind.ProcessList;
        bool allowsScope = show.Kind is ShowKind.Variables or ShowKind.Status;
        if ((full && !allowsFull) || (scope != VariableScope.Default && !allowsScope))
        {
            throw Error(_tokens[_pos - 1]);
        }

        show = show with { Full = full, Scope = scope };
        if (show.Kind is ShowKind.Warnings or ShowKind.Errors)
        {
            return show with { Limit = ParseOptionalLimit(allowOffset: true) };
        }

        if (show.Kind is ShowKind.CreateTable or ShowKind.CreateDatabase or ShowKind.Engines or ShowKind.WarningCount
            or ShowKind.ErrorCount or ShowKind.Grants or ShowKind.ProcessList)
        {
            return show;
        }

        if (Accept("LIKE"))
        {
            return show with { Like = ParseStringValue() };
        }

        return Accept("WHERE") ? show with { Where = ParseExpression() } : show;
    }

    private string? ParseOptionalFromDatabase() => Accept("FROM") || Accept("IN") ? ParseIdentifier() : null;

    private ShowStatement ParseShowTableStatus()
    {
        Expect("STATUS");
        return new ShowStatement(ShowKind.TableStatus, Database: ParseOptionalFromDatabase());
    }

    private ShowStatement ParseShowColumns()
    {
        if (!(Accept("FROM") || Accept("IN")))
        {
            throw Error();
        }

        return new ShowStatement(ShowKind.Columns, ParseTableWithOptionalDatabase());
    }

    private ShowStatement ParseShowIndex()
    {
        if (!(Accept("FROM") || Accept("IN")))
        {
            throw Error();
        }

        return new ShowStatement(ShowKind.Index, ParseTableWithOptionalDatabase());
    }

    // t [FROM db]: the database is folded into the table name.
    private TableName ParseTableWithOptionalDatabase()
    {
        var table = ParseTableName();
        string? database = ParseOptionalFromDatabase();
        return database is null ? table : table with { Schema = database };
    }

    private ShowStatement ParseShowCreate()
    {
        if (Accept("TABLE"))
        {
            return new ShowStatement(ShowKind.CreateTable, ParseTableName());
        }

        if (!(Accept("DATABASE") || Accept("SCHEMA")))
        {
            throw Error();
        }

        if (Accept("IF"))
        {
            Expect("NOT");
            Expect("EXISTS");
            return new ShowStatement(ShowKind.CreateDatabase, Database: ParseIdentifier(), IfNotExists: true);
        }

        return new ShowStatement(ShowKind.CreateDatabase, Database: ParseIdentifier());
    }

    // SHOW COUNT(*) WARNINGS | ERRORS.
    private ShowStatement ParseShowCount()
    {
        Expect(TokenKind.LParen);
        Expect(TokenKind.Star);
        Expect(TokenKind.RParen);
        if (Accept("WARNINGS"))
        {
            return new ShowStatement(ShowKind.WarningCount);
        }

        Expect("ERRORS");
        return new ShowStatement(ShowKind.ErrorCount);
    }

    // SHOW GRANTS [FOR CURRENT_USER[()] | user[@host]]: the grantee as written, null for the current user.
    private ShowStatement ParseShowGrants()
    {
        if (!Accept("FOR"))
        {
            return new ShowStatement(ShowKind.Grants);
        }

        if (Accept("CURRENT_USER"))
        {
            if (Accept(TokenKind.LParen))
            {
                Expect(TokenKind.RParen);
            }

            return new ShowStatement(ShowKind.Grants);
        }

        string user = ParseNameOrString();
        if (Current.Kind == TokenKind.UserVariable)
        {
            // user@host lexes as a name and a user variable token.
            var host = TextOf(Advance())[1..].ToString().Trim('\'', '"', '`');
            return new ShowStatement(ShowKind.Grants, Grantee: $"{user}@{host}");
        }

        return new ShowStatement(ShowKind.Grants, Grantee: user);
    }

    private KillStatement ParseKill()
    {
        Expect("KILL");
        bool query = Accept("QUERY");
        if (!query)
        {
            Accept("CONNECTION");
        }

        return new KillStatement(ParseLongValue(), query);
    }
}
