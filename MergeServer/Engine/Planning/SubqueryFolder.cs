using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// Before a statement's expressions are bound, each subquery in them is planned against a ProbeScope: one
// that reads no column of the enclosing query is uncorrelated and runs now, once per statement (its rows
// go to the SubqueryCache, and the binder turns them into literals — so `id IN (SELECT …)` still becomes
// key ranges); one that does is marked correlated with the outer names it reads, and runs per row.
public static class SubqueryFolder
{
    public static async ValueTask FoldAsync(IEnumerable<Expr?> expressions, StatementContext context)
    {
        foreach (var node in expressions.SelectMany(Find))
        {
            if (context.Subqueries.IsKnown(node))
                continue;
            var query = QueryOf(node);
            var probe = new ProbeScope();
            var plan = await QueryPlanner.PlanAsync(query, context, probe);
            if (probe.References.Count > 0)
            {
                context.Subqueries.AddCorrelated(node, probe.References);
                continue;
            }
            // Charged to the statement's join memory as they are collected (SelectExecutor.RunAsync).
            var rows = await SelectExecutor.RunAsync(plan, context);
            context.Subqueries.AddUncorrelated(node, new SubqueryRows(rows, plan.Columns.Count));
        }
    }

    // The expressions of a SELECT that may hold subqueries (FROM's ON conditions included).
    public static IEnumerable<Expr?> ExpressionsOf(SelectStatement select)
    {
        foreach (var item in select.Items)
            yield return item.Expr;
        yield return select.Where;
        yield return select.Having;
        foreach (var g in select.GroupBy)
            yield return g;
        foreach (var o in select.OrderBy)
            yield return o.Expr;
        foreach (var reference in select.From)
        {
            foreach (var on in OnConditions(reference))
                yield return on;
        }
    }

    public static QueryStatement QueryOf(Expr node) => node switch
    {
        SubqueryExpr s => s.Query,
        ExistsExpr e => e.RowCheck,
        InSubqueryExpr i => i.Query,
        QuantifiedComparisonExpr q => q.Query,
        _ => throw new ArgumentException("not a subquery", nameof(node)),
    };

    public static bool ContainsSubquery(SelectStatement select) => ExpressionsOf(select).SelectMany(Find).Any();

    private static IEnumerable<Expr> OnConditions(TableReference reference)
    {
        if (reference is not JoinedTable join)
            yield break;
        foreach (var e in OnConditions(join.Left))
            yield return e;
        foreach (var e in OnConditions(join.Right))
            yield return e;
        if (join.On is not null)
            yield return join.On;
    }

    // Subquery nodes in an expression, not looking inside the subqueries themselves.
    public static IEnumerable<Expr> Find(Expr? root)
    {
        if (root is null)
            yield break;
        var pending = new Stack<Expr>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            switch (e)
            {
                case SubqueryExpr or ExistsExpr:
                    yield return e;
                    break;
                case InSubqueryExpr i:
                    yield return e;
                    pending.Push(i.Operand);
                    break;
                case QuantifiedComparisonExpr q:
                    yield return e;
                    pending.Push(q.Operand);
                    break;
                default:
                    foreach (var child in Children(e))
                        pending.Push(child);
                    break;
            }
        }
    }

    private static IEnumerable<Expr> Children(Expr e) => e switch
    {
        UnaryExpr u => [u.Operand],
        BinaryExpr b => [b.Left, b.Right],
        IsNullExpr n => [n.Operand],
        IsBoolExpr n => [n.Operand],
        InListExpr i => [i.Operand, .. i.List],
        BetweenExpr b => [b.Operand, b.Low, b.High],
        LikeExpr l => l.Escape is null ? [l.Operand, l.Pattern] : [l.Operand, l.Pattern, l.Escape],
        FunctionCall f => f.Args,
        CaseExpr c => [.. OrEmpty(c.Operand), .. c.Whens.SelectMany(w => new[] { w.When, w.Then }), .. OrEmpty(c.Else)],
        CastExpr c => [c.Operand],
        IntervalExpr i => [i.Value],
        RowExpr r => r.Items,
        _ => [],
    };

    private static IEnumerable<Expr> OrEmpty(Expr? e) => e is null ? [] : [e];
}
