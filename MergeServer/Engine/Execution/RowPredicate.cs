using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Execution;

// A condition over joined rows (null = always true). One holding a correlated subquery is resolved per
// row through the planner's SubqueryRunner (ICorrelatedSubqueries); any other is evaluated directly.
public sealed class RowPredicate(BoundExpr? condition)
{
    private readonly bool _correlated = BoundExprs.HasSubquery(condition);

    public BoundExpr? Condition { get; } = condition;

    public bool IsAlwaysTrue => Condition is null;

    public ValueTask<bool> TestAsync(ObObj[] row, StatementContext context)
    {
        if (Condition is null)
            return ValueTask.FromResult(true);
        if (!_correlated)
            return ValueTask.FromResult(ExprValues.IsTrue(ExprEvaluator.Evaluate(Condition, row, context.Eval)));
        return TestCorrelatedAsync(row, context);
    }

    private async ValueTask<bool> TestCorrelatedAsync(ObObj[] row, StatementContext context) =>
        ExprValues.IsTrue(await context.Engine.CorrelatedSubqueries.EvaluateAsync(Condition!, row, context));
}

// Joined rows: both sides are rows of the full joined width; a side's columns are a contiguous range.
public static class JoinRows
{
    public static ObObj[] Merge(ObObj[] into, ObObj[] from, int start, int end)
    {
        var row = (ObObj[])into.Clone();
        Array.Copy(from, start, row, start, end - start);
        return row;
    }
}
