using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// The names in INSERT … ON DUPLICATE KEY UPDATE assignments: a column is the existing row's value
// (positions 0..n-1, updated as the assignments run left to right) and VALUES(col) the value the
// statement tried to insert into col (positions n..2n-1). VALUES() of something other than a column is
// MySQL's 1064 at parse time there; here it is refused the same way.
// After INSERT … SELECT the SELECT's tables are in scope too (MariaDB): a name both they and the target
// have is ambiguous (1052); reading a SELECT table's own columns there is not supported (1054).
public sealed class UpsertScope(TableSchema table, IReadOnlyList<TableSchema> selectTables, IReadOnlyList<string> selectNames) : IBindScope
{
    private readonly TableScope _existing = new(table, null);

    public BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause)
    {
        if (expr is not FunctionCall { Name: var name, Args: var args } || !name.Equals("VALUES", StringComparison.OrdinalIgnoreCase))
            return null;
        if (args.Count != 1 || args[0] is not ColumnRef column)
            throw SqlError.FromCode(ErrorCodes.ParseError, "You have an error in your SQL syntax near 'VALUES'");
        var index = _existing.Resolve(column, clause);
        return TableScope.ColumnExpr(table.Columns[index], table.Columns.Count + index);
    }

    public BoundExpr BindColumn(ColumnRef column, string clause)
    {
        var alsoInSelect = column.Table is null
            ? selectTables.Any(t => t.IndexOf(column.Column) >= 0)
            : selectNames.Contains(column.Table, StringComparer.OrdinalIgnoreCase) && table.IndexOf(column.Column) >= 0;
        if (alsoInSelect)
        {
            var shown = column.Table is null ? column.Column : $"{column.Table}.{column.Column}";
            throw SqlError.FromCode(ErrorCodes.NonUniq, $"Column '{shown}' in UPDATE is ambiguous");
        }
        return _existing.BindColumn(column, clause);
    }

    // The assigned column (never ambiguous: it is the target table's).
    public int Resolve(ColumnRef column, string clause) => _existing.Resolve(column, clause);
}
