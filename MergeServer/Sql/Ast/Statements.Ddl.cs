using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

public sealed record CreateDatabaseStatement(string Name, bool IfNotExists, string? CharacterSet, string? Collation)
    : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(IfNotExists ? "CREATE DATABASE IF NOT EXISTS " : "CREATE DATABASE ").AppendIdentifier(Name);
        if (CharacterSet is not null)
        {
            builder.Append(" CHARACTER SET ").AppendIdentifier(CharacterSet);
        }

        if (Collation is not null)
        {
            builder.Append(" COLLATE ").AppendIdentifier(Collation);
        }
    }
}

public sealed record DropDatabaseStatement(string Name, bool IfExists) : Statement
{
    public override void WriteSql(StringBuilder builder) =>
        builder.Append(IfExists ? "DROP DATABASE IF EXISTS " : "DROP DATABASE ").AppendIdentifier(Name);
}

// Attributes are kept as flags: their order in the source carries no meaning.
// Nullable: true = NULL, false = NOT NULL, null = not specified.
public sealed record ColumnDefinition(
    string Name,
    SqlDataType Type,
    bool? Nullable = null,
    Expr? Default = null,
    bool AutoIncrement = false,
    bool PrimaryKey = false,
    bool Unique = false,
    string? Comment = null,
    string? CharacterSet = null,
    string? Collation = null,
    bool OnUpdateCurrentTimestamp = false,
    Expr? Check = null) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.AppendIdentifier(Name).Append(' ');
        Type.WriteSql(builder);
        if (CharacterSet is not null)
        {
            builder.Append(" CHARACTER SET ").AppendIdentifier(CharacterSet);
        }

        if (Collation is not null)
        {
            builder.Append(" COLLATE ").AppendIdentifier(Collation);
        }

        if (Nullable is bool nullable)
        {
            builder.Append(nullable ? " NULL" : " NOT NULL");
        }

        if (Default is not null)
        {
            builder.Append(" DEFAULT ").AppendExpr(Default, Precedence.Unary);
        }

        if (OnUpdateCurrentTimestamp)
        {
            builder.Append(" ON UPDATE CURRENT_TIMESTAMP");
        }

        if (AutoIncrement)
        {
            builder.Append(" AUTO_INCREMENT");
        }

        if (Unique)
        {
            builder.Append(" UNIQUE KEY");
        }

        if (PrimaryKey)
        {
            builder.Append(" PRIMARY KEY");
        }

        if (Comment is not null)
        {
            builder.Append(" COMMENT ").AppendString(Comment);
        }

        if (Check is not null)
        {
            builder.Append(" CHECK (").AppendExpr(Check, Precedence.Lowest).Append(')');
        }
    }
}

public sealed record IndexColumn(string Name, int? Length = null, bool Descending = false) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.AppendIdentifier(Name);
        if (Length is int length)
        {
            builder.Append('(').AppendInvariant(length).Append(')');
        }

        if (Descending)
        {
            builder.Append(" DESC");
        }
    }
}

public enum TableConstraintKind
{
    PrimaryKey,
    Unique,
    Index,
    Check,
    ForeignKey,
}

// Check: the CHECK's condition; References: a FOREIGN KEY's target (Columns are its own columns).
public sealed partial record TableConstraint(TableConstraintKind Kind, string? Name, SqlList<IndexColumn> Columns) : SqlNode
{
    public Expr? Check { get; init; }

    public ForeignKeyReference? References { get; init; }

    public override void WriteSql(StringBuilder builder)
    {
        if (Kind is TableConstraintKind.Check or TableConstraintKind.ForeignKey)
        {
            WriteDdlConstraint(builder);
            return;
        }

        if (Kind == TableConstraintKind.PrimaryKey)
        {
            if (Name is not null)
            {
                builder.Append("CONSTRAINT ").AppendIdentifier(Name).Append(' ');
            }

            builder.Append("PRIMARY KEY");
        }
        else
        {
            builder.Append(Kind == TableConstraintKind.Unique ? "UNIQUE KEY" : "KEY");
            if (Name is not null)
            {
                builder.Append(' ').AppendIdentifier(Name);
            }
        }

        builder.Append(" (").AppendJoined(Columns).Append(')');
    }
}

// ENGINE, CHARACTER SET, COLLATE, AUTO_INCREMENT, COMMENT, ROW_FORMAT ...: Name is upper-case and
// canonical (CHARSET becomes CHARACTER SET); IsString says Value was a quoted string.
public sealed record TableOption(string Name, string Value, bool IsString = false) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Name).Append(" = ");
        if (IsString)
        {
            builder.AppendString(Value);
        }
        else if (Value.Length > 0 && Value.All(c => char.IsAsciiDigit(c) || c == '.') && char.IsAsciiDigit(Value[0]))
        {
            builder.Append(Value);
        }
        else
        {
            builder.AppendIdentifier(Value);
        }
    }
}

// CREATE TABLE t LIKE src (Like), CREATE TABLE t [(...)] [AS] SELECT ... (AsSelect).
public sealed partial record CreateTableStatement(
    TableName Table,
    bool IfNotExists,
    SqlList<ColumnDefinition> Columns,
    SqlList<TableConstraint> Constraints,
    SqlList<TableOption> Options) : Statement
{
    public TableName? Like { get; init; }

    public QueryStatement? AsSelect { get; init; }

    public override void WriteSql(StringBuilder builder)
    {
        if (Like is not null || AsSelect is not null)
        {
            WriteDerivedSql(builder);
            return;
        }

        builder.Append(IfNotExists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ");
        Table.WriteSql(builder);
        builder.Append(" (").AppendJoined(Columns);
        if (Constraints.Count > 0)
        {
            builder.Append(", ").AppendJoined(Constraints);
        }

        builder.Append(')');
        if (Options.Count > 0)
        {
            builder.Append(' ').AppendJoined(Options, " ");
        }
    }
}

public sealed record DropTableStatement(SqlList<TableName> Tables, bool IfExists) : Statement
{
    public override void WriteSql(StringBuilder builder) =>
        builder.Append(IfExists ? "DROP TABLE IF EXISTS " : "DROP TABLE ").AppendJoined(Tables);
}

public sealed record CreateIndexStatement(string Name, TableName Table, SqlList<IndexColumn> Columns, bool Unique)
    : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ").AppendIdentifier(Name).Append(" ON ");
        Table.WriteSql(builder);
        builder.Append(" (").AppendJoined(Columns).Append(')');
    }
}

public sealed record DropIndexStatement(string Name, TableName Table) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("DROP INDEX ").AppendIdentifier(Name).Append(" ON ");
        Table.WriteSql(builder);
    }
}

public sealed record TruncateTableStatement(TableName Table) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("TRUNCATE TABLE ");
        Table.WriteSql(builder);
    }
}

public abstract record AlterTableAction : SqlNode;

public sealed record AddColumnAction(ColumnDefinition Column, ColumnPosition? Position = null) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("ADD COLUMN ");
        Column.WriteSql(builder);
        Position?.WriteSql(builder);
    }
}

public sealed record AddConstraintAction(TableConstraint Constraint) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("ADD ");
        Constraint.WriteSql(builder);
    }
}

public sealed record DropColumnAction(string Name, bool IfExists = false) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder) =>
        builder.Append(IfExists ? "DROP COLUMN IF EXISTS " : "DROP COLUMN ").AppendIdentifier(Name);
}

public sealed record DropIndexAction(string Name) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder) => builder.Append("DROP INDEX ").AppendIdentifier(Name);
}

public sealed record AlterTableStatement(TableName Table, SqlList<AlterTableAction> Actions) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("ALTER TABLE ");
        Table.WriteSql(builder);
        builder.Append(' ').AppendJoined(Actions);
    }
}
