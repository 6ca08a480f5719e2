using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

// Statements dump files and drivers send that this design accepts with MySQL's syntax: table locks,
// FLUSH, key maintenance switches, savepoints and SQL-level prepared statements.

// LOCK TABLES t1 READ [LOCAL], t2 [LOW_PRIORITY] WRITE, ...; the lock kinds are not kept.
public sealed record LockTablesStatement(SqlList<TableName> Tables) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("LOCK TABLES ");
        for (int i = 0; i < Tables.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Tables[i].WriteSql(builder);
            builder.Append(" WRITE");
        }
    }
}

public sealed record UnlockTablesStatement : Statement
{
    public override void WriteSql(StringBuilder builder) => builder.Append("UNLOCK TABLES");
}

// FLUSH TABLES [t, ...] [WITH READ LOCK], FLUSH LOGS, ...: only the named tables are kept.
public sealed record FlushStatement(SqlList<TableName> Tables) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("FLUSH TABLES");
        for (int i = 0; i < Tables.Count; i++)
        {
            builder.Append(i > 0 ? ", " : " ");
            Tables[i].WriteSql(builder);
        }
    }
}

// ALTER TABLE t DISABLE KEYS / ENABLE KEYS.
public sealed record KeysAction(bool Enable) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder) => builder.Append(Enable ? "ENABLE KEYS" : "DISABLE KEYS");
}

public enum SavepointCommand
{
    Set,
    RollbackTo,
    Release,
}

// SAVEPOINT s / ROLLBACK [WORK] TO [SAVEPOINT] s / RELEASE SAVEPOINT s.
public sealed record SavepointStatement(SavepointCommand Command, string Name) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Command switch
        {
            SavepointCommand.Set => "SAVEPOINT ",
            SavepointCommand.RollbackTo => "ROLLBACK TO SAVEPOINT ",
            _ => "RELEASE SAVEPOINT ",
        }).AppendIdentifier(Name);
    }
}

// PREPARE name FROM 'text' | @variable.
public sealed record PrepareStatement(string Name, Expr Text) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("PREPARE ").AppendIdentifier(Name).Append(" FROM ");
        Text.WriteSql(builder);
    }
}

// EXECUTE name [USING @a, @b, ...].
public sealed record ExecuteStatement(string Name, SqlList<Expr> Using) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("EXECUTE ").AppendIdentifier(Name);
        if (Using.Count > 0)
        {
            builder.Append(" USING ").AppendJoined(Using);
        }
    }
}

// DEALLOCATE PREPARE name / DROP PREPARE name.
public sealed record DeallocatePrepareStatement(string Name) : Statement
{
    public override void WriteSql(StringBuilder builder) => builder.Append("DEALLOCATE PREPARE ").AppendIdentifier(Name);
}
