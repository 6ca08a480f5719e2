using OceanClassic.MergeServer.Engine.Execution.Select;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Planning.Prepared;

// Plans a query of a prepared statement's execution, keeping what depends only on its shape for the
// next execution (issue 21: COM_STMT_EXECUTE bound and planned the statement afresh every time). A
// single-table SELECT without subqueries is bound once (KeptSelect: source, clauses, result columns,
// the scan's columns and remapped outputs); each later execution puts its values into the kept WHERE
// and chooses the access path, key ranges, pushed-down filter and limit from them, as a fresh plan
// would. KeptSelect.Fits says when a kept plan may not be used (schema version, session variables,
// current database); the privilege check runs on every execution. Any other query plans as a text
// query does.
public static class PreparedSelectPlanner
{
    public static ValueTask<SelectPlan> PlanAsync(QueryStatement query, StatementContext context, PreparedPlanSlot slot)
    {
        if (slot.Kept is KeptSelect kept && kept.Fits(context))
            return ValueTask.FromResult(kept.Plan(context));
        return slot.Kept is NotKept ? QueryPlanner.PlanAsync(query, context) : PlanAndKeepAsync(query, context, slot);
    }

    private static async ValueTask<SelectPlan> PlanAndKeepAsync(QueryStatement query, StatementContext context, PreparedPlanSlot slot)
    {
        if (query is not SelectStatement select || !SelectPlanner.IsSingleSource(select) || select.WithRollup || select.From.Count == 0
            || SubqueryFolder.ContainsSubquery(select))
        {
            slot.Kept = NotKept.Instance;
            return await QueryPlanner.PlanAsync(query, context);
        }
        var warnings = context.Warnings.Count;
        var sessionReads = context.Binder.SessionReads;
        var bound = await SelectPlanner.BindAsync(select, context);
        var shapes = new ReadShapes();
        var plan = SelectPlanner.Plan(bound, bound.Clauses.Where, bound.Clauses.Offset, bound.Clauses.Limit, context, shapes);
        slot.Kept = context.Warnings.Count == warnings && context.Binder.SessionReads == sessionReads
            ? KeptSelect.TryKeep(bound, shapes, context, slot.ParameterCount) ?? (object)NotKept.Instance
            : NotKept.Instance;
        return plan;
    }

    // A prepared statement whose plan is not kept: its shape (or what binding read) depends on more than
    // the schema and the session's variables.
    private sealed class NotKept
    {
        public static readonly NotKept Instance = new();
    }
}
