using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// Plans any query: runs its uncorrelated subqueries first (SubqueryFolder), then a SELECT over at most
// one table without correlated subqueries takes the single-table fast path (SelectPlanner); joins,
// derived tables and correlated subqueries take JoinSelectPlanner; UNION / INTERSECT / EXCEPT take
// SetOperationPlanner. outer is the enclosing query's scope when planning a subquery. A locking read
// (FOR UPDATE, LOCK IN SHARE MODE) locks the rows it reads from the base tables of its own FROM on
// either path; as in MariaDB, tables inside its subqueries and derived tables are locked only by a
// locking clause of their own.
public static class QueryPlanner
{
    public static async ValueTask<SelectPlan> PlanAsync(QueryStatement query, StatementContext context, IBindScope? outer = null)
    {
        // Nested subqueries plan recursively.
        StackGuard.Check();
        if (query is SetOperationStatement set)
            return await SetOperationPlanner.PlanAsync(set, context, outer);
        var select = (SelectStatement)query;
        var hasSubqueries = SubqueryFolder.ContainsSubquery(select);
        if (hasSubqueries)
            await SubqueryFolder.FoldAsync(SubqueryFolder.ExpressionsOf(select), context);
        if (SelectPlanner.IsSingleSource(select) && !select.WithRollup
            && (!hasSubqueries || !SubqueryFolder.ExpressionsOf(select).SelectMany(SubqueryFolder.Find).Any(context.Subqueries.IsCorrelated)))
            return await SelectPlanner.PlanAsync(select, context, outer);
        return await JoinSelectPlanner.PlanAsync(select, context, outer);
    }
}
