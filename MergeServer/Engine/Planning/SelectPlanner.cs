using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// Plans a SELECT over at most one table or system view (the fast path: point selects and single-table
// scans): binds every clause, chooses how to read the table (AccessPathChooser: primary key, a secondary
// index, or a full scan), pushes the WHERE (as key ranges and a filter), the needed columns and — when
// nothing reorders or groups, or the read already comes in ORDER BY order — the limit down to the
// ChunkServers, and lays out aggregation,
// projection, DISTINCT, ORDER BY and LIMIT for the MergeServer. Joins, derived tables and correlated
// subqueries go through JoinSelectPlanner instead (QueryPlanner chooses).
public static class SelectPlanner
{
    public static async ValueTask<SelectPlan> PlanAsync(SelectStatement select, StatementContext context, IBindScope? outer = null)
    {
        var bound = await BindAsync(select, context, outer);
        return Plan(bound, bound.Clauses.Where, bound.Clauses.Offset, bound.Clauses.Limit, context, kept: null);
    }

    // The part that depends only on the statement's text, the schema and the session: the source resolved
    // (with its privilege check), stars expanded, every clause bound, the columns the clauses read.
    public static async ValueTask<BoundSelect> BindAsync(SelectStatement select, StatementContext context, IBindScope? outer = null)
    {
        var (table, alias, view) = await ResolveSourceAsync(select, context);
        IBindScope inputScope = table is null ? outer ?? EmptyScope.Instance : new TableScope(table, alias, outer);

        var items = ExpandStars(select.Items, table, alias);
        Func<int, ResultType> inputType = table is null ? _ => ResultType.Text : i => ResultType.OfColumn(table.Columns[i]);
        var clauses = SelectClauses.Bind(select, items, inputScope, inputType,
            _ => table is null ? null : (alias ?? table.Name, table.Database), context);
        var read = table is null || view is not null ? [] : ((TableScope)inputScope).UsedColumns.ToList();
        return new BoundSelect(select, table, view, clauses, read);
    }

    // The part that depends on the WHERE's values: how the table is read (AccessPathChooser) and the read
    // that does it. where, offset and limit are the bound clauses' own, or a prepared statement's next
    // values put into them (Prepared/PreparedSelectPlanner); kept holds the remapped outputs between its
    // executions (null: remap the bound clauses in place, they are not used again).
    public static SelectPlan Plan(BoundSelect bound, BoundExpr? where, long offset, long? limit, StatementContext context, ReadShapes? kept)
    {
        var select = bound.Select;
        var table = bound.Table;
        var clauses = bound.Clauses;
        IReadOnlyList<BoundExpr> projections = clauses.Projections;
        IReadOnlyList<BoundExpr> groupExprs = clauses.GroupExprs;
        IReadOnlyList<BoundExpr> aggregateArgs = clauses.AggregateArgs;
        var having = clauses.Having;
        IRowSource source = SingleRowSource.Instance;
        var filter = where;
        IReadOnlyList<SortKey> order = clauses.Order;

        if (bound.View is { } view)
        {
            var pinned = SystemViewFilter.From(Conjuncts.Split(where), 0, view.Schema.Columns.Count);
            source = new MemoryRowSource(c => view.LoadAsync(c, pinned));
        }
        else if (table is not null)
        {
            // The scan returns only the columns some clause reads, in this order.
            var locking = RowLockMode.Of(select);
            var limited = !clauses.Aggregate && !select.Distinct && having is null && limit is not null;
            // A locking read returns its rows as it re-reads them after locking: in primary-key order.
            var orderColumns = limited && locking is null ? AccessPathChooser.PlainAscendingColumns(clauses.Order, clauses.Projections) : null;
            var path = AccessPathChooser.Choose(table, where, bound.Read, orderColumns, context.Schema.ReadyIndexLayoutsOf(table));
            // A locking read names the rows it locks; a lookup needs the key.
            var withKey = locking is not null || (path.ThroughIndex && !path.Covering);
            var shape = kept is null ? ReadShape.Of(bound, withKey, inPlace: true) : kept.Get(bound, withKey);
            if (path.Ordered)
                order = []; // the read comes in ORDER BY order
            var pushLimit = limited && order.Count == 0 && !select.CalcFoundRows ? offset + limit!.Value : 0;
            // The key range read enforces `id BETWEEN ..` / `id = ..` itself: no row is tested against them again.
            var pushed = locking is null ? KeyEnforcedConjuncts.Residual(where, path, table) : where;
            var access = new AccessSourceBuilder.Read(table, path, shape.Used, pushed, pushLimit, pushed is null ? null : context.Eval, shape.Map, shape.ColumnIds);
            source = locking is not null
                ? AccessSourceBuilder.BuildLocking(access, locking)
                : AccessSourceBuilder.Build(access, context.ReadSnapshot);
            filter = null; // the ChunkServers apply it
            projections = shape.Projections;
            groupExprs = shape.GroupExprs;
            aggregateArgs = shape.AggregateArgs;
            having = shape.Having;
        }

        return new SelectPlan
        {
            MayHoldSubqueries = false,
            Source = source,
            Filter = filter,
            Aggregate = clauses.Aggregate,
            GroupExprs = groupExprs,
            AggregateArgs = aggregateArgs,
            Aggregates = clauses.Aggregates,
            Having = having,
            Projections = projections,
            Columns = clauses.Columns,
            Distinct = select.Distinct,
            Order = order,
            Offset = offset,
            Limit = limit,
            CalcFoundRows = select.CalcFoundRows,
        };
    }

    // Whether the fast path can plan this SELECT: at most one table or view, no derived table.
    public static bool IsSingleSource(SelectStatement select) =>
        select.From.Count == 0 || (select.From.Count == 1 && select.From[0] is TableSource);

    private static async ValueTask<(TableSchema? Table, string? Alias, ISystemView? View)> ResolveSourceAsync(SelectStatement select, StatementContext context)
    {
        if (select.From.Count == 0)
            return (null, null, null);
        var source = (TableSource)select.From[0];
        if (SystemViewRegistry.Find(source.Name.Schema ?? context.Session.CurrentDatabase, source.Name.Name) is { } view)
        {
            context.MarkTablesUsed();
            AccessCheck.RequireSystemView(context, source.Name.Schema ?? context.Session.CurrentDatabase);
            return (view.Schema, source.Alias, view);
        }
        var table = await context.ResolveTableAsync(source.Name);
        return (table, source.Alias, null);
    }

    private static List<SelectItem> ExpandStars(IReadOnlyList<SelectItem> items, TableSchema? table, string? alias)
    {
        var result = new List<SelectItem>();
        foreach (var item in items)
        {
            if (item.Expr is StarExpr star)
            {
                if (table is null)
                    throw SqlError.FromCode(ErrorCodes.NoTablesUsed, "No tables used");
                if (star.Table is not null && !string.Equals(star.Table, alias ?? table.Name, StringComparison.OrdinalIgnoreCase))
                    throw SqlError.FromCode(ErrorCodes.BadTable, $"Unknown table '{star.Table}'");
                result.AddRange(table.VisibleColumns.Select(c => new SelectItem(new ColumnRef(null, c.Name))));
                continue;
            }
            result.Add(item);
        }
        return result;
    }
}
