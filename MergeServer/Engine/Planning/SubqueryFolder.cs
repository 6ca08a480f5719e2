using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;
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

    // Whether any expression of the SELECT holds a subquery: asked of every statement, so it walks the
    // expressions with one stack and no iterator or child array per node (Find's answer, cheaper).
    public static bool ContainsSubquery(SelectStatement select)
    {
        var pending = new Stack<Expr>();
        foreach (var item in select.Items)
            pending.Push(item.Expr);
        PushIfAny(select.Where, pending);
        PushIfAny(select.Having, pending);
        foreach (var g in select.GroupBy)
            pending.Push(g);
        foreach (var o in select.OrderBy)
            pending.Push(o.Expr);
        foreach (var reference in select.From)
            PushOnConditions(reference, pending);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            if (e is SubqueryExpr or ExistsExpr or InSubqueryExpr or QuantifiedComparisonExpr)
                return true;
            PushChildren(e, pending);
        }
        return false;
    }

    private static void PushIfAny(Expr? e, Stack<Expr> pending)
    {
        if (e is not null)
            pending.Push(e);
    }

    private static void PushOnConditions(TableReference reference, Stack<Expr> pending)
    {
        if (reference is not JoinedTable join)
            return;
        PushOnConditions(join.Left, pending);
        PushOnConditions(join.Right, pending);
        PushIfAny(join.On, pending);
    }

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
                    PushChildren(e, pending);
                    break;
            }
        }
    }

    // The operands of a node that is not a subquery, onto the walk's stack (no array per node).
    private static void PushChildren(Expr e, Stack<Expr> pending)
    {
        switch (e)
        {
            case UnaryExpr u:
                pending.Push(u.Operand);
                break;
            case BinaryExpr b:
                pending.Push(b.Left);
                pending.Push(b.Right);
                break;
            case IsNullExpr n:
                pending.Push(n.Operand);
                break;
            case IsBoolExpr n:
                pending.Push(n.Operand);
                break;
            case InListExpr i:
                pending.Push(i.Operand);
                PushAll(i.List, pending);
                break;
            case BetweenExpr b:
                pending.Push(b.Operand);
                pending.Push(b.Low);
                pending.Push(b.High);
                break;
            case LikeExpr l:
                pending.Push(l.Operand);
                pending.Push(l.Pattern);
                PushIfAny(l.Escape, pending);
                break;
            case FunctionCall f:
                PushAll(f.Args, pending);
                break;
            case CaseExpr c:
                PushIfAny(c.Operand, pending);
                foreach (var w in c.Whens)
                {
                    pending.Push(w.When);
                    pending.Push(w.Then);
                }
                PushIfAny(c.Else, pending);
                break;
            case CastExpr c:
                pending.Push(c.Operand);
                break;
            case IntervalExpr i:
                pending.Push(i.Value);
                break;
            case RowExpr r:
                PushAll(r.Items, pending);
                break;
            default:
                break;
        }
    }

    private static void PushAll(IReadOnlyList<Expr> items, Stack<Expr> pending)
    {
        for (var i = 0; i < items.Count; i++)
            pending.Push(items[i]);
    }
}
