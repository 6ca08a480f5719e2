using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public sealed record Assignment(ColumnRef Column, Expr Value) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        Column.WriteSql(builder);
        builder.Append(" = ");
        Value.WriteSql(builder);
    }
}

// INSERT/REPLACE. `INSERT ... SET a=1, b=2` is normalised to Columns (a, b) with one row.
// Either Rows or Select is used; an empty Columns list means "all columns in table order".
public sealed record InsertStatement(
    TableName Table,
    SqlList<string> Columns,
    SqlList<SqlList<Expr>> Rows,
    QueryStatement? Select,
    SqlList<Assignment> OnDuplicateKeyUpdate,
    bool Ignore = false,
    bool IsReplace = false) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(IsReplace ? "REPLACE" : "INSERT").Append(Ignore ? " IGNORE INTO " : " INTO ");
        Table.WriteSql(builder);
        if (Columns.Count > 0)
        {
            builder.Append(" (").AppendIdentifiers(Columns).Append(')');
        }

        if (Select is not null)
        {
            builder.Append(' ');
            Select.WriteSql(builder);
        }
        else
        {
            builder.Append(" VALUES ");
            for (int i = 0; i < Rows.Count; i++)
            {
                builder.Append(i == 0 ? "(" : ", (").AppendJoined(Rows[i]).Append(')');
            }
        }

        if (OnDuplicateKeyUpdate.Count > 0)
        {
            builder.Append(" ON DUPLICATE KEY UPDATE ").AppendJoined(OnDuplicateKeyUpdate);
        }
    }
}

public sealed record UpdateStatement(
    TableName Table,
    string? Alias,
    SqlList<Assignment> Assignments,
    Expr? Where,
    SqlList<OrderByItem> OrderBy,
    LimitClause? Limit,
    bool Ignore = false) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Ignore ? "UPDATE IGNORE " : "UPDATE ");
        Table.WriteSql(builder);
        if (Alias is not null)
        {
            builder.Append(" AS ").AppendIdentifier(Alias);
        }

        builder.Append(" SET ").AppendJoined(Assignments);
        SelectStatement.AppendWhere(builder, Where);
        SelectStatement.AppendOrderAndLimit(builder, OrderBy, Limit);
    }
}

public sealed record DeleteStatement(
    TableName Table,
    Expr? Where,
    SqlList<OrderByItem> OrderBy,
    LimitClause? Limit,
    bool Ignore = false) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Ignore ? "DELETE IGNORE FROM " : "DELETE FROM ");
        Table.WriteSql(builder);
        SelectStatement.AppendWhere(builder, Where);
        SelectStatement.AppendOrderAndLimit(builder, OrderBy, Limit);
    }
}

// UPDATE t1 JOIN t2 ON … SET t1.a = t2.b … WHERE …: an UPDATE over a join (or a comma list) of tables.
// MySQL allows no ORDER BY or LIMIT here.
public sealed record MultiTableUpdateStatement(
    SqlList<TableReference> From,
    SqlList<Assignment> Assignments,
    Expr? Where,
    bool Ignore = false) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Ignore ? "UPDATE IGNORE " : "UPDATE ").AppendJoined(From);
        builder.Append(" SET ").AppendJoined(Assignments);
        SelectStatement.AppendWhere(builder, Where);
    }
}

// DELETE t1, t2 FROM t1 JOIN t2 … WHERE … and DELETE FROM t1, t2 USING t1 JOIN t2 … WHERE …: deletes the
// rows of the Targets (table names or aliases of From) that the join produces.
public sealed record MultiTableDeleteStatement(
    SqlList<TableName> Targets,
    SqlList<TableReference> From,
    Expr? Where,
    bool Ignore = false,
    bool UsingForm = false) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Ignore ? "DELETE IGNORE " : "DELETE ");
        if (UsingForm)
        {
            builder.Append("FROM ").AppendJoined(Targets).Append(" USING ").AppendJoined(From);
        }
        else
        {
            builder.AppendJoined(Targets).Append(" FROM ").AppendJoined(From);
        }

        SelectStatement.AppendWhere(builder, Where);
    }
}

public enum LoadDuplicates
{
    Error,
    Replace,
    Ignore,
}

// LOAD DATA [LOCAL] INFILE 'file' [REPLACE | IGNORE] INTO TABLE t [FIELDS …] [LINES …] [IGNORE n LINES]
// [(col | @var, …)] [SET col = expr, …]. Separators are the unescaped strings; an empty Enclosure or
// Escape means none. An empty Targets list means "all columns in table order".
public sealed record LoadDataStatement(
    bool Local,
    string FileName,
    LoadDuplicates Duplicates,
    TableName Table,
    string FieldTerminator,
    string Enclosure,
    bool OptionallyEnclosed,
    string Escape,
    string LineStarter,
    string LineTerminator,
    long IgnoreLines,
    SqlList<Expr> Targets,
    SqlList<Assignment> Set) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Local ? "LOAD DATA LOCAL INFILE " : "LOAD DATA INFILE ");
        new StringLiteral(FileName).WriteSql(builder);
        builder.Append(Duplicates switch { LoadDuplicates.Replace => " REPLACE", LoadDuplicates.Ignore => " IGNORE", _ => "" });
        builder.Append(" INTO TABLE ");
        Table.WriteSql(builder);
        builder.Append(" FIELDS TERMINATED BY ");
        new StringLiteral(FieldTerminator).WriteSql(builder);
        builder.Append(OptionallyEnclosed ? " OPTIONALLY ENCLOSED BY " : " ENCLOSED BY ");
        new StringLiteral(Enclosure).WriteSql(builder);
        builder.Append(" ESCAPED BY ");
        new StringLiteral(Escape).WriteSql(builder);
        builder.Append(" LINES STARTING BY ");
        new StringLiteral(LineStarter).WriteSql(builder);
        builder.Append(" TERMINATED BY ");
        new StringLiteral(LineTerminator).WriteSql(builder);
        if (IgnoreLines > 0)
        {
            builder.Append(" IGNORE ").Append(IgnoreLines).Append(" LINES");
        }

        if (Targets.Count > 0)
        {
            builder.Append(" (").AppendJoined(Targets).Append(')');
        }

        if (Set.Count > 0)
        {
            builder.Append(" SET ").AppendJoined(Set);
        }
    }
}
