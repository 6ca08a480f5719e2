using System.Runtime.CompilerServices;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Parsing;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// What DDL makes every written row obey: DEFAULT CURRENT_TIMESTAMP and ON UPDATE CURRENT_TIMESTAMP, the
// hidden rowkey of a table without a PRIMARY KEY (its own AUTO_INCREMENT counter, under the table id with
// the top bit set), and CHECK constraints (a condition that is FALSE fails with 4025; NULL passes, as in
// MariaDB). A CHECK is bound once per table definition.
public static class RowRules
{
    private const ulong HiddenRowKeyCounter = 1UL << 63;
    private static readonly ConditionalWeakTable<TableSchema, BoundExpr[]> s_checks = [];

    public static bool HasDefault(ColumnSchema column) => column.Default is not null || column.DefaultFunction is not null;

    // The value a column takes when a statement does not give one, as a statement would write it (a TIMESTAMP's
    // in the session's zone: ColumnValueConverter stores it as UTC); null when it has no default.
    public static ObObj? DefaultOf(ColumnSchema column, StatementContext context) =>
        column.DefaultFunction is not null ? TemporalDefaults.Now(column, context.Eval)
        : ColumnValueConverter.WrittenDefault(column, context.ZoneOffsetFor(column)) ?? column.ImplicitDefault;

    // The default in its stored form (a TIMESTAMP's as UTC): what a column added by ALTER TABLE reads as in old rows.
    public static ObObj? StoredDefaultOf(ColumnSchema column, StatementContext context) =>
        column.DefaultFunction is not null ? TemporalDefaults.StoredNow(column, context) : column.Default ?? column.ImplicitDefault;

    // INSERT without a column list fills the visible columns in order.
    public static int[] VisibleColumns(TableSchema table) =>
        [.. Enumerable.Range(0, table.Columns.Count).Where(i => !table.Columns[i].Hidden)];

    public static async ValueTask<ObObj> HiddenRowKeyAsync(TableSchema table, StatementContext context) =>
        ObObj.FromUInt(await context.Engine.AutoIncrement.NextAsync(table.TableId | HiddenRowKeyCounter, context.Ct));

    // An UPDATE that changed the row sets its ON UPDATE CURRENT_TIMESTAMP columns it did not assign.
    public static void StampOnUpdate(TableSchema table, ObObj[] row, ISet<int> changed, IEnumerable<int> assigned, StatementContext context)
    {
        if (changed.Count == 0)
            return;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (table.Columns[c].OnUpdateCurrentTimestamp && !assigned.Contains(c))
            {
                row[c] = TemporalDefaults.StoredNow(table.Columns[c], context);
                changed.Add(c);
            }
        }
    }

    public static bool NeedsWholeRow(TableSchema table) => table.Checks.Count > 0;

    // The columns an UPDATE may set without assigning them (ON UPDATE CURRENT_TIMESTAMP).
    public static IEnumerable<int> OnUpdateColumns(TableSchema table) =>
        Enumerable.Range(0, table.Columns.Count).Where(c => table.Columns[c].OnUpdateCurrentTimestamp);

    public static void Check(TableSchema table, ObObj[] row, StatementContext context)
    {
        if (table.Checks.Count == 0)
            return;
        var bound = s_checks.GetValue(table, t => [.. t.Checks.Select(c => Bind(t, c, context))]);
        for (var i = 0; i < bound.Length; i++)
        {
            var v = ExprEvaluator.Evaluate(bound[i], row, context.Eval);
            if (!v.IsNull && !ExprValues.IsTrue(v))
            {
                var check = table.Checks[i];
                var name = check.Column is null ? check.Name : $"{table.Name}.{check.Column}";
                SqlError.Throw(ErrorCodes.ConstraintFailed, $"CONSTRAINT `{name}` failed for `{table.Database}`.`{table.Name}`");
            }
        }
    }

    private static BoundExpr Bind(TableSchema table, CheckConstraint check, StatementContext context) =>
        context.Binder.Bind(SqlParser.ParseExpression(check.Expression), new TableScope(table, null), "CHECK");
}
