using OceanClassic.MergeServer.Sql.Lexing;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Sql.Parsing;

// LOCK / UNLOCK TABLES, FLUSH, savepoints, and SQL-level PREPARE / EXECUTE / DEALLOCATE.
public sealed partial class Parser
{
    private LockTablesStatement ParseLockTables()
    {
        Expect("LOCK");
        if (!Accept("TABLES"))
        {
            Expect("TABLE");
        }

        var tables = new List<TableName>();
        do
        {
            tables.Add(ParseTableName());
            if (Accept("AS") || (IsNameToken(Current) && !Is("READ") && !Is("WRITE") && !Is("LOW_PRIORITY")))
            {
                ParseIdentifier();
            }

            if (Accept("READ"))
            {
                Accept("LOCAL");
            }
            else
            {
                Accept("LOW_PRIORITY");
                Expect("WRITE");
            }
        }
        while (Accept(TokenKind.Comma));
        return new LockTablesStatement(SqlList.From(tables));
    }

    private UnlockTablesStatement ParseUnlockTables()
    {
        Expect("UNLOCK");
        if (!Accept("TABLES"))
        {
            Expect("TABLE");
        }

        return new UnlockTablesStatement();
    }

    // FLUSH [NO_WRITE_TO_BINLOG | LOCAL] option [, option] ...: TABLES [t, ...] [WITH READ LOCK | FOR EXPORT],
    // [BINARY | ENGINE | ERROR | GENERAL | RELAY | SLOW] LOGS, PRIVILEGES, STATUS, HOSTS, USER_RESOURCES,
    // QUERY CACHE (what mariadb-dump's --flush-logs, --lock-all-tables and --master-data send).
    private FlushStatement ParseFlush()
    {
        Expect("FLUSH");
        if (!Accept("NO_WRITE_TO_BINLOG"))
        {
            Accept("LOCAL");
        }

        var tables = new List<TableName>();
        do
        {
            if (Accept("TABLES") || Accept("TABLE"))
            {
                if (IsNameToken(Current) && !Is("WITH") && !Is("FOR"))
                {
                    do
                    {
                        tables.Add(ParseTableName());
                    }
                    while (Accept(TokenKind.Comma));
                }

                if (Accept("WITH"))
                {
                    Expect("READ");
                    Expect("LOCK");
                }
                else if (Accept("FOR"))
                {
                    Expect("EXPORT");
                }

                return new FlushStatement(SqlList.From(tables));
            }

            if (Accept("BINARY") || Accept("ENGINE") || Accept("ERROR") || Accept("GENERAL") || Accept("RELAY") || Accept("SLOW"))
            {
                Expect("LOGS");
            }
            else if (Accept("QUERY"))
            {
                Expect("CACHE");
            }
            else if (!(Accept("LOGS") || Accept("PRIVILEGES") || Accept("STATUS") || Accept("HOSTS") || Accept("USER_RESOURCES")))
            {
                throw Error();
            }
        }
        while (Accept(TokenKind.Comma));
        return new FlushStatement(SqlList.From(tables));
    }

    private SavepointStatement ParseSavepoint()
    {
        Expect("SAVEPOINT");
        return new SavepointStatement(SavepointCommand.Set, ParseIdentifier());
    }

    private SavepointStatement ParseRelease()
    {
        Expect("RELEASE");
        Expect("SAVEPOINT");
        return new SavepointStatement(SavepointCommand.Release, ParseIdentifier());
    }

    // After ROLLBACK [WORK]: TO [SAVEPOINT] name.
    private SavepointStatement ParseRollbackTo()
    {
        Expect("TO");
        Accept("SAVEPOINT");
        return new SavepointStatement(SavepointCommand.RollbackTo, ParseIdentifier());
    }

    private PrepareStatement ParsePrepare()
    {
        Expect("PREPARE");
        string name = ParseIdentifier();
        Expect("FROM");
        Expr text = Current.Kind == TokenKind.UserVariable ? UserVariableOf(Advance()) : new StringLiteral(ParseStringValue());
        return new PrepareStatement(name, text);
    }

    private ExecuteStatement ParseExecute()
    {
        Expect("EXECUTE");
        string name = ParseIdentifier();
        var arguments = new List<Expr>();
        if (Accept("USING"))
        {
            do
            {
                arguments.Add(ParseExpression());
            }
            while (Accept(TokenKind.Comma));
        }

        return new ExecuteStatement(name, SqlList.From(arguments));
    }

    // DEALLOCATE PREPARE name; DROP PREPARE name arrives here after DROP.
    private DeallocatePrepareStatement ParseDeallocate()
    {
        Expect("DEALLOCATE");
        Expect("PREPARE");
        return new DeallocatePrepareStatement(ParseIdentifier());
    }
}
