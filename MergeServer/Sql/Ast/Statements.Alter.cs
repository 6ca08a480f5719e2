using System.Text;

namespace OceanClassic.MergeServer.Sql.Ast;

// ALTER TABLE actions other than indexes, RENAME TABLE, CHECK / FOREIGN KEY constraints and the
// derived CREATE TABLE forms (LIKE, AS SELECT).

// FIRST, or AFTER a column (After is null for FIRST).
public sealed record ColumnPosition(string? After) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        if (After is null)
            builder.Append(" FIRST");
        else
            builder.Append(" AFTER ").AppendIdentifier(After);
    }
}

// MODIFY [COLUMN] def (OldName null) or CHANGE [COLUMN] old def.
public sealed record ModifyColumnAction(ColumnDefinition Column, string? OldName, ColumnPosition? Position) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder)
    {
        if (OldName is null)
            builder.Append("MODIFY COLUMN ");
        else
            builder.Append("CHANGE COLUMN ").AppendIdentifier(OldName).Append(' ');
        Column.WriteSql(builder);
        Position?.WriteSql(builder);
    }
}

public sealed record RenameColumnAction(string OldName, string NewName) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder) =>
        builder.Append("RENAME COLUMN ").AppendIdentifier(OldName).Append(" TO ").AppendIdentifier(NewName);
}

public sealed record RenameTableAction(TableName NewName) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("RENAME TO ");
        NewName.WriteSql(builder);
    }
}

// ALTER [COLUMN] c SET DEFAULT v (Default) or DROP DEFAULT (Default null).
public sealed record AlterDefaultAction(string Column, Expr? Default) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("ALTER COLUMN ").AppendIdentifier(Column);
        if (Default is null)
            builder.Append(" DROP DEFAULT");
        else
            builder.Append(" SET DEFAULT ").AppendExpr(Default, Precedence.Unary);
    }
}

public sealed record TableOptionsAction(SqlList<TableOption> Options) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder) => builder.AppendJoined(Options, " ");
}

public enum DropConstraintKind
{
    Constraint,
    Check,
    ForeignKey,
    PrimaryKey,
}

public sealed record DropConstraintAction(DropConstraintKind Kind, string? Name, bool IfExists = false) : AlterTableAction
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append(Kind switch
        {
            DropConstraintKind.Check => "DROP CHECK ",
            DropConstraintKind.ForeignKey => "DROP FOREIGN KEY ",
            DropConstraintKind.PrimaryKey => "DROP PRIMARY KEY",
            _ => "DROP CONSTRAINT ",
        });
        if (IfExists)
            builder.Append("IF EXISTS ");
        if (Name is not null)
            builder.AppendIdentifier(Name);
    }
}

// REFERENCES t (cols) [ON DELETE action] [ON UPDATE action].
public sealed record ForeignKeyReference(TableName Table, SqlList<string> Columns, string? OnDelete, string? OnUpdate) : SqlNode
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("REFERENCES ");
        Table.WriteSql(builder);
        builder.Append(" (").AppendIdentifiers(Columns).Append(')');
        if (OnDelete is not null)
            builder.Append(" ON DELETE ").Append(OnDelete);
        if (OnUpdate is not null)
            builder.Append(" ON UPDATE ").Append(OnUpdate);
    }
}

// RENAME TABLE a TO b [, c TO d ...].
public sealed record RenameTableStatement(SqlList<(TableName From, TableName To)> Pairs) : Statement
{
    public override void WriteSql(StringBuilder builder)
    {
        builder.Append("RENAME TABLE ");
        for (var i = 0; i < Pairs.Count; i++)
        {
            if (i > 0)
                builder.Append(", ");
            Pairs[i].From.WriteSql(builder);
            builder.Append(" TO ");
            Pairs[i].To.WriteSql(builder);
        }
    }
}

public sealed partial record TableConstraint
{
    private void WriteDdlConstraint(StringBuilder builder)
    {
        if (Name is not null)
            builder.Append("CONSTRAINT ").AppendIdentifier(Name).Append(' ');
        if (Kind == TableConstraintKind.Check)
        {
            builder.Append("CHECK (").AppendExpr(Check!, Precedence.Lowest).Append(')');
            return;
        }
        builder.Append("FOREIGN KEY (").AppendJoined(Columns).Append(") ");
        References!.WriteSql(builder);
    }
}

public sealed partial record CreateTableStatement
{
    private void WriteDerivedSql(StringBuilder builder)
    {
        builder.Append(IfNotExists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ");
        Table.WriteSql(builder);
        if (Like is not null)
        {
            builder.Append(" LIKE ");
            Like.WriteSql(builder);
            return;
        }
        if (Columns.Count > 0 || Constraints.Count > 0)
        {
            builder.Append(" (").AppendJoined(Columns);
            if (Constraints.Count > 0)
                builder.Append(Columns.Count > 0 ? ", " : "").AppendJoined(Constraints);
            builder.Append(')');
        }
        if (Options.Count > 0)
            builder.Append(' ').AppendJoined(Options, " ");
        builder.Append(" AS ");
        AsSelect!.WriteSql(builder);
    }
}
