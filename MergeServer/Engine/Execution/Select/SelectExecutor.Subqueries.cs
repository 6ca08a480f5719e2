using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Execution.Select;

// The same pipeline for plans whose expressions hold correlated subqueries: each expression is resolved
// for its row through SubqueryRunner (a cached result when the outer values repeat) before it is evaluated.
public static partial class SelectExecutor
{
    private static async ValueTask<List<ObObj[]>> CollectWithSubqueriesAsync(SelectPlan plan, StatementContext context, bool forCaller)
    {
        var output = Hold(plan, context, forCaller);
        var filter = new RowPredicate(plan.Filter);
        var having = new RowPredicate(plan.Having);
        if (plan.Aggregate)
        {
            var groupCount = plan.GroupExprs.Count;
            var aggregator = NewAggregator(plan);
            var groups = new GroupCharge(plan, aggregator, context);
            await foreach (var row in plan.Source.ReadAsync(context))
            {
                if (!await filter.TestAsync(row, context))
                    continue;
                var input = new ObObj[groupCount + plan.AggregateArgs.Count];
                for (var i = 0; i < groupCount; i++)
                    input[i] = await ValueAsync(plan.GroupExprs[i], row, context);
                for (var i = 0; i < plan.AggregateArgs.Count; i++)
                    input[groupCount + i] = await ValueAsync(plan.AggregateArgs[i], row, context);
                aggregator.Add(input);
                groups.After(input);
            }
            foreach (var groupRow in aggregator.Results())
            {
                if (await having.TestAsync(groupRow, context))
                    output.Add(await ProjectAsync(plan, groupRow, context));
            }
            groups.Release();
        }
        else
        {
            await foreach (var row in plan.Source.ReadAsync(context))
            {
                if (await filter.TestAsync(row, context) && await having.TestAsync(row, context))
                    output.Add(await ProjectAsync(plan, row, context));
            }
        }
        return Finish(plan, output, context);
    }

    private static async ValueTask<ObObj[]> ProjectAsync(SelectPlan plan, ObObj[] row, StatementContext context)
    {
        var result = new ObObj[plan.Projections.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = await ValueAsync(plan.Projections[i], row, context);
        return result;
    }

    private static ValueTask<ObObj> ValueAsync(BoundExpr e, ObObj[] row, StatementContext context) =>
        BoundExprs.HasSubquery(e) ? context.Engine.CorrelatedSubqueries.EvaluateAsync(e, row, context) : ValueTask.FromResult(ExprEvaluator.Evaluate(e, row, context.Eval));
}
