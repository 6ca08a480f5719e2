using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Binding;

// The names in INSERT … ON DUPLICATE KEY UPDATE assignments: a column is the existing row's value
// (positions 0..n-1, updated as the assignments run left to right) and VALUES(col) the value the
// statement tried to insert into col (positions n..2n-1). VALUES() of something other than a column is
// MySQL's 1064 at parse time there; here it is refused the same way.
public sealed class UpsertScope(TableSchema table) : IBindScope
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

    public BoundExpr BindColumn(ColumnRef column, string clause) => _existing.BindColumn(column, clause);

    public int Resolve(ColumnRef column, string clause) => _existing.Resolve(column, clause);
}
