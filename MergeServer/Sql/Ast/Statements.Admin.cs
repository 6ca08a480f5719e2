using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public enum ShowKind
{
    Databases,
    Tables,
    TableStatus,
    Columns,
    CreateTable,
    CreateDatabase,
    Index,
    Variables,
    Status,
    Warnings,
    Errors,
    Engines,
    Collation,
    CharacterSet,
    ProcessList,
    WarningCount,
    ErrorCount,
    Grants,
}

// One record for every SHOW form; which properties apply depends on Kind:
// Table (Columns, CreateTable, Index), Database (Tables, TableStatus, CreateDatabase; FROM db),
// Scope (Variables, Status), Full (Tables, Columns, ProcessList), Like/Where filter (most list forms),
// Limit (Warnings, Errors), Grantee (Grants; null = the current user), IfNotExists (CreateDatabase).
// DESCRIBE t / DESC t parse to Kind = Columns; DESCRIBE t col or 'pattern' sets Like.
public sealed record ShowStatement(
    ShowKind Kind,
    TableName? Table = null,
    string? Database = null,
    VariableScope Scope = VariableScope.Default,
    bool Full = false,
    string? Like = null,
    Expr? Where = null,
    LimitClause? Limit = null,
    string? Grantee = null,
    bool IfNotExists = false) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("SHOW ");
        if (Full)
        {
            builder.Append("FULL ");
        }

        builder.Append(Scope switch
        {
            VariableScope.Global => "GLOBAL ",
            VariableScope.Session => "SESSION ",
            _ => string.Empty,
        });
        builder.Append(Kind switch
        {
            ShowKind.Databases => "DATABASES",
            ShowKind.Tables => "TABLES",
            ShowKind.TableStatus => "TABLE STATUS",
            ShowKind.Columns => "COLUMNS FROM ",
            ShowKind.CreateTable => "CREATE TABLE ",
            ShowKind.CreateDatabase => "CREATE DATABASE ",
            ShowKind.Index => "INDEX FROM ",
            ShowKind.Variables => "VARIABLES",
            ShowKind.Status => "STATUS",
            ShowKind.Warnings => "WARNINGS",
            ShowKind.Errors => "ERRORS",
            ShowKind.Engines => "ENGINES",
            ShowKind.Collation => "COLLATION",
            ShowKind.CharacterSet => "CHARACTER SET",
            ShowKind.WarningCount => "COUNT(*) WARNINGS",
            ShowKind.ErrorCount => "COUNT(*) ERRORS",
            ShowKind.Grants => "GRANTS",
            _ => "PROCESSLIST",
        });
        if (Grantee is not null)
        {
            builder.Append(" FOR ").Append(Grantee);
        }

        Table?.WriteSql(builder);
        if (Database is not null)
        {
            if (Kind != ShowKind.CreateDatabase)
            {
                builder.Append(" FROM ");
            }
            else if (IfNotExists)
            {
                builder.Append("IF NOT EXISTS ");
            }

            builder.AppendIdentifier(Database);
        }

        if (Like is not null)
        {
            builder.Append(" LIKE ").AppendString(Like);
        }
        else if (Where is not null)
        {
            builder.Append(" WHERE ");
            Where.WriteSql(builder);
        }
    }
}

public sealed record ExplainStatement(Statement Statement) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("EXPLAIN ");
        Statement.WriteSql(builder);
    }
}

public sealed record KillStatement(long ConnectionId, bool QueryOnly) : Statement
{
    public override void WriteSql(StringBuilder builder) =>
        builder.Append(QueryOnly ? "KILL QUERY " : "KILL ").AppendInvariant(ConnectionId);
}

public enum AlterSystemCommand
{
    MajorFreeze,
    MinorFreeze,
    SwitchUpsMaster,
    SetParameter,
}

// OceanBase administration: ALTER SYSTEM MAJOR FREEZE | MINOR FREEZE | SWITCH UPS MASTER [TO 'host:port']
// | SET name = 'value' (Target is the value, Parameter the name).
public sealed record AlterSystemStatement(AlterSystemCommand Command, string? Target = null, string? Parameter = null) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        if (Command == AlterSystemCommand.SetParameter)
        {
            builder.Append("ALTER SYSTEM SET ").Append(Parameter).Append(" = ").AppendString(Target ?? "");
            return;
        }
        builder.Append(Command switch
        {
            AlterSystemCommand.MajorFreeze => "ALTER SYSTEM MAJOR FREEZE",
            AlterSystemCommand.MinorFreeze => "ALTER SYSTEM MINOR FREEZE",
            _ => "ALTER SYSTEM SWITCH UPS MASTER",
        });
        if (Target is not null)
        {
            builder.Append(" TO ").AppendString(Target);
        }
    }
}
