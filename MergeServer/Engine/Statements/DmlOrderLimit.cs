using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Operators;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Statements;

// UPDATE/DELETE … ORDER BY … LIMIT n: which of the matching rows are touched.
public static class DmlOrderLimit
{
    public static List<ObObj[]> Apply(List<ObObj[]> rows, IReadOnlyList<(BoundExpr Expr, bool Descending)> order, long? limit, StatementContext context)
    {
        if (order.Count > 0)
        {
            var keyed = rows.Select(r => (ObObj[])[.. order.Select(o => ExprEvaluator.Evaluate(o.Expr, r, context.Eval)), .. r]).ToList();
            RowSorter.Sort(keyed, [.. order.Select((o, i) => new SortKey(i, o.Descending))]);
            rows = [.. keyed.Select(k => k[order.Count..])];
        }
        return SelectExecutor.Window(rows, 0, limit);
    }

    public static List<(BoundExpr Expr, bool Descending)> Bind(IReadOnlyList<OrderByItem> orderBy, TableScope scope, StatementContext context) =>
        [.. orderBy.Select(o => (context.Binder.Bind(o.Expr, scope, "order clause"), o.Descending))];

    public static long? Limit(LimitClause? limit, StatementContext context) =>
        limit is null ? null : context.LimitValue(limit.Count, "LIMIT");
}
