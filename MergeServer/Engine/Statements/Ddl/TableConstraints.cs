using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// CREATE TABLE's parts beyond columns: a table without a PRIMARY KEY gets a hidden rowkey (InnoDB's
// DB_ROW_ID: a BIGINT UNSIGNED filled from its own AUTO_INCREMENT counter, never shown), CHECK constraints
// (column-level ones named after their column, unnamed table-level ones CONSTRAINT_1, CONSTRAINT_2 ... as
// MariaDB names them) and FOREIGN KEYs (named <table>_ibfk_<n> when unnamed; recorded, not enforced).
public static partial class TableDefinitionBuilder
{
    public static TableSchema WithConstraints(TableSchema table, CreateTableStatement create)
    {
        if (table.RowKeyColumns.Count == 0)
            table = WithHiddenRowKey(table);
        var checks = new List<CheckConstraint>();
        foreach (var column in create.Columns.Where(c => c.Check is not null))
            checks.Add(new CheckConstraint(column.Name, CheckText(column.Check!), column.Name));
        var foreignKeys = new List<ForeignKey>();
        foreach (var constraint in create.Constraints)
        {
            if (constraint.Kind == TableConstraintKind.Check)
                checks.Add(NewCheck(constraint, checks));
            else if (constraint.Kind == TableConstraintKind.ForeignKey)
                foreignKeys.Add(NewForeignKey(table, constraint, foreignKeys.Count + 1));
        }
        return table with { Checks = checks, ForeignKeys = foreignKeys, NextColumnId = table.ColumnIdAfterLast };
    }

    public static TableSchema WithHiddenRowKey(TableSchema table)
    {
        var hidden = new ColumnSchema(table.ColumnIdAfterLast, TableSchema.HiddenRowKeyName, ColumnType.BigInt, Unsigned: true, Nullable: false) { Hidden = true };
        return table with { Columns = [.. table.Columns, hidden], RowKeyColumns = [table.Columns.Count] };
    }

    public static CheckConstraint NewCheck(TableConstraint constraint, IReadOnlyList<CheckConstraint> existing)
    {
        var name = constraint.Name;
        if (name is null)
        {
            var n = 1;
            while (existing.Any(c => string.Equals(c.Name, $"CONSTRAINT_{n}", StringComparison.OrdinalIgnoreCase)))
                n++;
            name = $"CONSTRAINT_{n}";
        }
        else if (existing.Any(c => c.Column is null && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            SqlError.Throw(ErrorCodes.DuplicateConstraintName, $"Duplicate CHECK constraint name '{name}'");
        }
        return new CheckConstraint(name, CheckText(constraint.Check!));
    }

    public static ForeignKey NewForeignKey(TableSchema table, TableConstraint constraint, int ordinal)
    {
        var reference = constraint.References!;
        var columns = constraint.Columns.Select(c => table.Columns[ColumnIndex(table, c.Name)].Name).ToList();
        var keyCovers = table.RowKeyColumns.Count >= columns.Count && !table.HiddenRowKey
            && columns.Select((c, i) => string.Equals(table.Columns[table.RowKeyColumns[i]].Name, c, StringComparison.OrdinalIgnoreCase)).All(x => x);
        return new ForeignKey(constraint.Name ?? $"{table.Name}_ibfk_{ordinal}", columns, reference.Table.Schema ?? table.Database,
            reference.Table.Name, [.. reference.Columns], reference.OnDelete, reference.OnUpdate, keyCovers ? null : constraint.Name ?? columns[0]);
    }

    // A CHECK's condition as MariaDB prints it in SHOW CREATE TABLE and information_schema.
    public static string CheckText(Expr condition) => SqlWriter.ToSqlQuotingAll(condition);

    private static int ColumnIndex(TableSchema table, string name)
    {
        var i = table.IndexOf(name);
        if (i < 0 || table.Columns[i].Hidden)
            SqlError.Throw(ErrorCodes.KeyColumnDoesNotExist, $"Key column '{name}' doesn't exist in table");
        return i;
    }
}
