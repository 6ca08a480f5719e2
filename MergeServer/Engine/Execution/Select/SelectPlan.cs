using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Engine.Execution.Select;

// A planned single-table SELECT. Source rows come in the source's layout; Filter (when not already
// applied by the ChunkServers) runs on them; with aggregation, rows become [GroupExprs..., AggregateArgs...]
// for the aggregator and the output layout is [groups..., aggregates...]; Having and Projections run on
// that layout (or directly on source rows without aggregation). Projections = visible columns then
// hidden ORDER BY keys.
public sealed class SelectPlan
{
    private bool? _hasSubqueries;

    public required IRowSource Source { get; init; }

    public BoundExpr? Filter { get; init; }

    public bool Aggregate { get; init; }

    public IReadOnlyList<BoundExpr> GroupExprs { get; init; } = [];

    public IReadOnlyList<BoundExpr> AggregateArgs { get; init; } = [];

    public IReadOnlyList<AggregateSpec> Aggregates { get; init; } = [];

    public BoundExpr? Having { get; init; }

    public required IReadOnlyList<BoundExpr> Projections { get; init; }

    public required IReadOnlyList<ResultColumn> Columns { get; init; }

    public bool Distinct { get; init; }

    // GROUP BY … WITH ROLLUP: after the groups, super-aggregate rows for each group prefix.
    public bool WithRollup { get; init; }

    // Some expression holds a correlated subquery: rows are evaluated through SubqueryRunner.
    // False for single-table fast-path plans: they never hold a correlated subquery (no walk per execution).
    public bool MayHoldSubqueries { get; init; } = true;

    public bool HasSubqueries => MayHoldSubqueries && (_hasSubqueries ??= HasSubquery(Filter) || HasSubquery(Having) || Projections.Any(HasSubquery)
                                                    || GroupExprs.Any(HasSubquery) || AggregateArgs.Any(HasSubquery));

    public IReadOnlyList<SortKey> Order { get; init; } = [];

    public long Offset { get; init; }

    public long? Limit { get; init; }

    // SELECT SQL_CALC_FOUND_ROWS: the rows before LIMIT are counted for FOUND_ROWS() (StatementContext.FoundRowsBeforeLimit).
    public bool CalcFoundRows { get; init; }

    // Rows can flow straight to the client (no aggregation, DISTINCT or ORDER BY).
    public bool Streaming => !Aggregate && !Distinct && Order.Count == 0;

    private static bool HasSubquery(BoundExpr? e) => BoundExprs.HasSubquery(e);
}
