using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// Runs correlated subqueries for one row: each BoundSubquery is planned again with its outer names bound
// to the row's values (OuterRowScope) — so a correlated `t2.id = t1.x` becomes a point read — run, and
// replaced by its result; results are cached per outer values for the statement.
public static class SubqueryRunner
{
    public static async ValueTask<ObObj> EvaluateAsync(BoundExpr expr, ObObj[] row, StatementContext context) =>
        ExprEvaluator.Evaluate(await ResolveAsync(expr, row, context), row, context.Eval);

    public static async ValueTask<BoundExpr> ResolveAsync(BoundExpr expr, ObObj[] row, StatementContext context)
    {
        var found = new List<BoundSubquery>();
        Collect(expr, found);
        if (found.Count == 0)
            return expr;
        var replacements = new Dictionary<BoundExpr, BoundExpr>(ReferenceEqualityComparer.Instance);
        foreach (var subquery in found)
        {
            var operands = new List<BoundExpr>(subquery.Operands.Count);
            foreach (var operand in subquery.Operands)
                operands.Add(await ResolveAsync(operand, row, context));
            var rows = await RowsAsync(subquery, row, context);
            replacements[subquery] = SubqueryResults.Build(subquery.Kind, operands, subquery.Op, subquery.All, subquery.Negated, rows);
        }
        return BoundExprs.Rewrite(expr, e => replacements.GetValueOrDefault(e));
    }

    private static async ValueTask<SubqueryRows> RowsAsync(BoundSubquery subquery, ObObj[] row, StatementContext context)
    {
        var key = new ObObj[subquery.OuterRefs.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = ExprEvaluator.Evaluate(subquery.OuterRefs[i], row, context.Eval);
        if (context.Subqueries.TryGetRun(subquery.Node, key, out var cached))
            return cached;
        var plan = await QueryPlanner.PlanAsync(subquery.Query, context, new OuterRowScope(subquery.Scope, row, context.Binder));
        // Charged to the statement's join memory as they are collected (SelectExecutor.RunAsync).
        var rows = await SelectExecutor.RunAsync(plan, context);
        var result = new SubqueryRows(rows, plan.Columns.Count);
        context.Subqueries.AddRun(subquery.Node, key, result);
        return result;
    }

    // The outermost subqueries in an expression, left to right (those inside their operands are resolved
    // with them); an explicit stack, so a chain of any length costs no recursion.
    private static void Collect(BoundExpr root, List<BoundSubquery> into)
    {
        var pending = new Stack<BoundExpr>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            if (e is BoundSubquery s)
            {
                into.Add(s);
                continue;
            }
            foreach (var child in BoundExprs.Children(e).Reverse())
                pending.Push(child);
        }
    }
}
