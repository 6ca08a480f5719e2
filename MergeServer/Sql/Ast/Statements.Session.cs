using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public sealed record UseStatement(string Database) : Statement
{
    public override void WriteSql(StringBuilder builder) => builder.Append("USE ").AppendIdentifier(Database);
}

// Variable is a SystemVariable or a UserVariable. A bare word value (SET sql_mode = ANSI, ON, OFF)
// arrives as a StringLiteral, the way MySQL treats it.
public sealed record VariableAssignment(Expr Variable, Expr Value) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        Variable.WriteSql(builder);
        builder.Append(" = ");
        Value.WriteSql(builder);
    }
}

public sealed record SetStatement(SqlList<VariableAssignment> Assignments) : Statement
{
    public override void WriteSql(StringBuilder builder) => builder.Append("SET ").AppendJoined(Assignments);
}

// SET NAMES x [COLLATE y]; Charset null means SET NAMES DEFAULT.
public sealed record SetNamesStatement(string? Charset, string? Collation) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("SET NAMES ");
        if (Charset is null)
        {
            builder.Append("DEFAULT");
            return;
        }

        builder.AppendString(Charset);
        if (Collation is not null)
        {
            builder.Append(" COLLATE ").AppendString(Collation);
        }
    }
}

public sealed record SetCharacterSetStatement(string? Charset) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("SET CHARACTER SET ");
        if (Charset is null)
        {
            builder.Append("DEFAULT");
        }
        else
        {
            builder.AppendString(Charset);
        }
    }
}

public enum IsolationLevel
{
    ReadUncommitted,
    ReadCommitted,
    RepeatableRead,
    Serializable,
}

// SET [GLOBAL|SESSION] TRANSACTION ...; Scope Default means "next transaction only".
public sealed record SetTransactionStatement(VariableScope Scope, IsolationLevel? Isolation, bool? ReadOnly) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Scope switch
        {
            VariableScope.Global => "SET GLOBAL TRANSACTION ",
            VariableScope.Session => "SET SESSION TRANSACTION ",
            _ => "SET TRANSACTION ",
        });
        if (Isolation is IsolationLevel level)
        {
            builder.Append("ISOLATION LEVEL ").Append(level switch
            {
                IsolationLevel.ReadUncommitted => "READ UNCOMMITTED",
                IsolationLevel.ReadCommitted => "READ COMMITTED",
                IsolationLevel.RepeatableRead => "REPEATABLE READ",
                _ => "SERIALIZABLE",
            });
            if (ReadOnly is not null)
            {
                builder.Append(", ");
            }
        }

        if (ReadOnly is bool readOnly)
        {
            builder.Append(readOnly ? "READ ONLY" : "READ WRITE");
        }
    }
}

// BEGIN [WORK] and START TRANSACTION [modifiers] are the same statement.
public sealed record BeginStatement(bool? ReadOnly = null, bool WithConsistentSnapshot = false) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        if (ReadOnly is null && !WithConsistentSnapshot)
        {
            builder.Append("BEGIN");
            return;
        }

        builder.Append("START TRANSACTION");
        string separator = " ";
        if (WithConsistentSnapshot)
        {
            builder.Append(" WITH CONSISTENT SNAPSHOT");
            separator = ", ";
        }

        if (ReadOnly is bool readOnly)
        {
            builder.Append(separator).Append(readOnly ? "READ ONLY" : "READ WRITE");
        }
    }
}

public sealed record CommitStatement : Statement
{
    public override void WriteSql(StringBuilder builder) => builder.Append("COMMIT");
}

public sealed record RollbackStatement : Statement
{
    public override void WriteSql(StringBuilder builder) => builder.Append("ROLLBACK");
}
