using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Accounts;
using OceanClassic.MergeServer.Engine.Execution.Select;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Planning.Prepared;

// A prepared single-table SELECT bound once, kept between executions. Kept only when its bound form
// does not depend on the values of its `?`s: every `?` outside LIMIT binds to a literal of its own that
// stays in the WHERE as it is (not folded into another literal, as `-?` is) and no `?` reaches the select
// list, HAVING, GROUP BY or ORDER BY (a result column's type may follow a value's type), LIMIT / OFFSET
// `?`s are read again per execution, and binding folded no session state (LAST_INSERT_ID(), variables,
// ...) and raised no warning. It fits an execution while the schema version (any DDL, GRANT or REVOKE
// makes a new one), the session's variables (sql_mode, time_zone, character sets, user variables: any
// SET) and the current database are those it was bound under. What depends on the values — access
// path, key ranges, the pushed-down filter's bytes, the limit pushed down — is made per execution by
// SelectPlanner.Plan from the refilled WHERE, exactly as for a fresh plan.
public sealed class KeptSelect
{
    private readonly BoundSelect _bound;
    private readonly ReadShapes _shapes;
    private readonly ParameterLiterals _literals;
    private readonly ulong _schemaVersion;
    private readonly long _variablesVersion;
    private readonly string? _database;
    private readonly string _tableDatabase;
    private readonly string _tableName;

    private KeptSelect(BoundSelect bound, ReadShapes shapes, ParameterLiterals literals, StatementContext context, string tableDatabase, string tableName)
    {
        _bound = bound;
        _shapes = shapes;
        _literals = literals;
        _schemaVersion = context.Schema.Version;
        _variablesVersion = context.Session.Variables.Version;
        _database = context.Session.CurrentDatabase;
        _tableDatabase = tableDatabase;
        _tableName = tableName;
    }

    public static KeptSelect? TryKeep(BoundSelect bound, ReadShapes shapes, StatementContext context, int parameterCount)
    {
        if (bound.Table is null || bound.View is not null || context.PlanningOnly || context.Binder.ParameterLiterals is not { } recorded)
            return null;
        var select = bound.Select;
        var seen = new bool[parameterCount];
        foreach (var marker in LimitMarkers(select.Limit))
        {
            if (seen[marker.Index])
                return null;
            seen[marker.Index] = true;
        }
        foreach (var (_, index) in recorded)
        {
            if (seen[index])
                return null;
            seen[index] = true;
        }
        if (Array.IndexOf(seen, false) >= 0)
            return null;
        var literals = new ParameterLiterals(recorded);
        var clauses = bound.Clauses;
        if (!literals.AllIn(clauses.Where)
            || clauses.Projections.Any(literals.AnyIn) || literals.AnyIn(clauses.Having)
            || clauses.GroupExprs.Any(literals.AnyIn) || clauses.AggregateArgs.Any(literals.AnyIn))
            return null;
        var source = (TableSource)select.From[0];
        return new KeptSelect(bound, shapes, literals, context, context.RequireDatabase(source.Name.Schema), source.Name.Name);
    }

    private static IEnumerable<ParameterMarker> LimitMarkers(LimitClause? limit)
    {
        if (limit?.Count is ParameterMarker count)
            yield return count;
        if (limit?.Offset is ParameterMarker offset)
            yield return offset;
    }

    public bool Fits(StatementContext context) =>
        context.Schema.Version == _schemaVersion && context.Session.Variables.Version == _variablesVersion
        && string.Equals(context.Session.CurrentDatabase, _database, StringComparison.Ordinal) && !context.PlanningOnly
        && context.Parameters is not null;

    // The plan for this execution: the table's privilege checked as a fresh resolve checks it, this
    // execution's values in the WHERE and LIMIT, then the value-dependent half of planning.
    public SelectPlan Plan(StatementContext context)
    {
        context.MarkTablesUsed();
        AccessCheck.RequireTable(context, _tableDatabase, _tableName, Privilege.Select);
        var where = _literals.Refill(_bound.Clauses.Where, context.Parameters!);
        var (offset, limit) = SelectClauses.LimitOf(_bound.Select.Limit, context);
        return SelectPlanner.Plan(_bound, where, offset, limit, context, _shapes);
    }
}
