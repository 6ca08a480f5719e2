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
        var (table, alias, view) = await ResolveSourceAsync(select, context);
        IBindScope inputScope = table is null ? outer ?? EmptyScope.Instance : new TableScope(table, alias, outer);

        var items = ExpandStars(select.Items, table, alias);
        Func<int, ResultType> inputType = table is null ? _ => ResultType.Text : i => ResultType.OfColumn(table.Columns[i]);
        var clauses = SelectClauses.Bind(select, items, inputScope, inputType,
            _ => table is null ? null : (alias ?? table.Name, table.Database), context);
        var where = clauses.Where;
        var projections = clauses.Projections;
        var having = clauses.Having;
        var groupExprs = clauses.GroupExprs;
        var aggregateArgs = clauses.AggregateArgs;
        IRowSource source = SingleRowSource.Instance;
        var filter = where;
        IReadOnlyList<SortKey> order = clauses.Order;

        if (view is not null)
        {
            var pinned = SystemViewFilter.From(Conjuncts.Split(where), 0, view.Schema.Columns.Count);
            source = new MemoryRowSource(c => view.LoadAsync(c, pinned));
        }
        else if (table is not null)
        {
            // The scan returns only the columns some clause reads, in this order.
            var scope = (TableScope)inputScope;
            var read = scope.UsedColumns.ToList();
            var locking = RowLockMode.Of(select);
            var limited = !clauses.Aggregate && !select.Distinct && having is null && clauses.Limit is not null;
            // A locking read returns its rows as it re-reads them after locking: in primary-key order.
            var orderColumns = limited && locking is null ? AccessPathChooser.PlainAscendingColumns(clauses.Order, projections) : null;
            var path = AccessPathChooser.Choose(table, where, read, orderColumns, context.Schema.ReadyIndexLayoutsOf(table));
            if (locking is not null || (path.ThroughIndex && !path.Covering))
                read = [.. read.Union(table.RowKeyColumns)]; // a locking read names the rows it locks; a lookup needs the key
            if (read.Count == 0)
                read.Add(table.RowKeyColumns[0]);
            var used = read.Order().ToList();
            var map = new Dictionary<int, int>();
            for (var i = 0; i < used.Count; i++)
                map[used[i]] = i;
            if (path.Ordered)
                order = []; // the read comes in ORDER BY order
            var pushLimit = limited && order.Count == 0 && !select.CalcFoundRows ? clauses.Offset + clauses.Limit!.Value : 0;
            var access = new AccessSourceBuilder.Read(table, path, used, where, pushLimit, where is null ? null : context.Eval);
            source = locking is not null
                ? AccessSourceBuilder.BuildLocking(access, locking)
                : AccessSourceBuilder.Build(access, context.ReadSnapshot);
            filter = null; // the ChunkServers apply it
            if (clauses.Aggregate)
            {
                groupExprs = [.. groupExprs.Select(g => ColumnRemapper.Remap(g, map))];
                aggregateArgs = [.. aggregateArgs.Select(a => ColumnRemapper.Remap(a, map))];
            }
            else
            {
                for (var i = 0; i < projections.Count; i++)
                    projections[i] = ColumnRemapper.Remap(projections[i], map);
                if (having is not null)
                    having = ColumnRemapper.Remap(having, map);
            }
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
            Offset = clauses.Offset,
            Limit = clauses.Limit,
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
