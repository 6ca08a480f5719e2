using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Operators;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Planning;

// Plans a SELECT over at most one table or system view: binds every clause, pushes the WHERE (as key
// ranges and a filter), the needed columns and — when nothing reorders or groups — the limit down to the
// ChunkServers, and lays out aggregation, projection, DISTINCT, ORDER BY and LIMIT for the MergeServer.
public static class SelectPlanner
{
    public static async ValueTask<SelectPlan> PlanAsync(SelectStatement select, StatementContext context)
    {
        var (table, alias, view) = await ResolveSourceAsync(select, context);
        IBindScope inputScope = table is null ? EmptyScope.Instance : new TableScope(table, alias);
        var binder = context.Binder;

        var items = ExpandStars(select.Items, table, alias);
        var aggregate = select.GroupBy.Count > 0 || items.Any(i => AggregateFunctions.Contains(i.Expr))
                        || AggregateFunctions.Contains(select.Having) || select.OrderBy.Any(o => AggregateFunctions.Contains(o.Expr));

        BoundExpr? where = null;
        if (select.Where is not null)
        {
            if (AggregateFunctions.Contains(select.Where))
                throw BindErrors.InvalidGroupFunction();
            where = binder.Bind(select.Where, inputScope, "where clause");
        }

        Func<int, ResultType> inputType = table is null ? _ => ResultType.Text : i => ResultType.OfColumn(table.Columns[i]);
        IBindScope outputScope = inputScope;
        AggregateScope? aggScope = null;
        if (aggregate)
        {
            var groupAsts = select.GroupBy.Select(g => ResolveGroupItem(g, items)).ToList();
            var boundGroups = groupAsts.Select(g => binder.Bind(g, inputScope, "group statement")).ToList();
            aggScope = new AggregateScope(inputScope, groupAsts, boundGroups);
            outputScope = aggScope;
        }

        var projections = new List<BoundExpr>();
        var names = new List<string>();
        foreach (var item in items)
        {
            projections.Add(binder.Bind(item.Expr, outputScope, "field list"));
            names.Add(item.Alias ?? ColumnName(item.Expr));
        }
        var visible = projections.Count;

        BoundExpr? having = null;
        if (select.Having is not null)
            having = binder.Bind(SubstituteAliases(select.Having, items), outputScope, "having clause");

        var order = new List<SortKey>();
        foreach (var o in select.OrderBy)
            order.Add(new SortKey(OrderPosition(o.Expr, items, projections, outputScope, binder), o.Descending));

        var (offset, limit) = LimitOf(select.Limit, context);

        // Output column types: over the source row, or over the aggregation output.
        Func<int, ResultType> outputType = inputType;
        if (aggScope is not null)
        {
            var groupTypes = aggScope.GroupExprs.Select(g => ExprTyping.Infer(g, inputType)).ToList();
            var aggTypes = aggScope.Aggregates.Select(a => ExprTyping.OfAggregate(a,
                a.ArgumentIndex < 0 ? null : ExprTyping.Infer(aggScope.AggregateArgs[a.ArgumentIndex - aggScope.GroupExprs.Count], inputType))).ToList();
            outputType = i => i < groupTypes.Count ? groupTypes[i] : aggTypes[i - groupTypes.Count];
        }
        var columns = new List<ResultColumn>(visible);
        for (var i = 0; i < visible; i++)
        {
            var type = ExprTyping.Infer(projections[i], outputType);
            var fromTable = table is not null && items[i].Expr is ColumnRef && !aggregate;
            columns.Add(type.ToColumn(names[i], fromTable ? (alias ?? table!.Name) : "", fromTable ? table!.Database : ""));
        }

        var distinct = select.Distinct;
        var groupExprs = aggScope?.GroupExprs ?? [];
        var aggregateArgs = aggScope?.AggregateArgs ?? [];
        var aggregates = aggScope?.Aggregates ?? [];
        IRowSource source = SingleRowSource.Instance;
        var filter = where;

        if (view is not null)
        {
            source = new MemoryRowSource(view.LoadAsync);
        }
        else if (table is not null)
        {
            // The scan returns only the columns some clause reads, in this order.
            var scope = (TableScope)inputScope;
            var used = scope.UsedColumns.Order().ToList();
            if (used.Count == 0)
                used.Add(table.RowKeyColumns[0]);
            var map = new Dictionary<int, int>();
            for (var i = 0; i < used.Count; i++)
                map[used[i]] = i;
            var ranges = KeyRangeExtractor.Extract(where, table);
            var remappedWhere = where is null ? null : ColumnRemapper.Remap(where, map);
            var pushLimit = !aggregate && !distinct && order.Count == 0 && having is null && limit is not null ? offset + limit.Value : 0;
            var spec = new TableScanSpec(table, ranges, [.. used.Select(i => table.Columns[i].Id)],
                remappedWhere is null ? [] : ExprSerializer.Serialize(remappedWhere), pushLimit);
            source = new TableRowSource(spec, new ReadSnapshot(0, context.Session.Transaction.TxId));
            filter = null; // the ChunkServers apply it
            if (aggregate)
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
            Source = source,
            Filter = filter,
            Aggregate = aggregate,
            GroupExprs = groupExprs,
            AggregateArgs = aggregateArgs,
            Aggregates = aggregates,
            Having = having,
            Projections = projections,
            Columns = columns,
            Distinct = distinct,
            Order = order,
            Offset = offset,
            Limit = limit,
        };
    }

    // How MySQL names an unaliased result column: the column name, else the expression's text.
    public static string ColumnName(Expr expr) => expr switch
    {
        ColumnRef c => c.Column,
        _ => expr.ToSql(),
    };

    private static async ValueTask<(TableSchema? Table, string? Alias, ISystemView? View)> ResolveSourceAsync(SelectStatement select, StatementContext context)
    {
        if (select.From.Count == 0)
            return (null, null, null);
        if (select.From.Count > 1 || select.From[0] is not TableSource source)
            throw BindErrors.NotSupported("joins and derived tables");
        if (context.Engine.SystemViews.Find(source.Name.Schema, source.Name.Name) is { } view)
            return (view.Schema, source.Alias, view);
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
                result.AddRange(table.Columns.Select(c => new SelectItem(new ColumnRef(null, c.Name))));
                continue;
            }
            result.Add(item);
        }
        return result;
    }

    // GROUP BY 2 / GROUP BY alias refer to select items.
    private static Expr ResolveGroupItem(Expr g, List<SelectItem> items)
    {
        if (g is Int64Literal { Value: var n })
        {
            if (n < 1 || n > items.Count)
                throw SqlError.FromCode(ErrorCodes.BadField, $"Unknown column '{n}' in 'group statement'");
            return items[(int)n - 1].Expr;
        }
        if (g is ColumnRef { Table: null } c && items.FirstOrDefault(i => string.Equals(i.Alias, c.Column, StringComparison.OrdinalIgnoreCase)) is { } aliased)
            return aliased.Expr;
        return g;
    }

    private static Expr SubstituteAliases(Expr e, List<SelectItem> items)
    {
        StackGuard.Check();
        return SubstituteAliasesAt(e, items);
    }

    private static Expr SubstituteAliasesAt(Expr e, List<SelectItem> items) => e switch
    {
        ColumnRef { Table: null } c when items.FirstOrDefault(i => string.Equals(i.Alias, c.Column, StringComparison.OrdinalIgnoreCase)) is { } item => item.Expr,
        BinaryExpr b => b with { Left = SubstituteAliases(b.Left, items), Right = SubstituteAliases(b.Right, items) },
        UnaryExpr u => u with { Operand = SubstituteAliases(u.Operand, items) },
        IsNullExpr n => n with { Operand = SubstituteAliases(n.Operand, items) },
        BetweenExpr b => b with { Operand = SubstituteAliases(b.Operand, items), Low = SubstituteAliases(b.Low, items), High = SubstituteAliases(b.High, items) },
        InListExpr i => i with { Operand = SubstituteAliases(i.Operand, items) },
        _ => e,
    };

    // ORDER BY position, alias or expression; an expression not in the select list becomes a hidden column.
    private static int OrderPosition(Expr e, List<SelectItem> items, List<BoundExpr> projections, IBindScope scope, ExprBinder binder)
    {
        if (e is Int64Literal { Value: var n })
        {
            if (n < 1 || n > items.Count)
                throw SqlError.FromCode(ErrorCodes.BadField, $"Unknown column '{n}' in 'order clause'");
            return (int)n - 1;
        }
        if (e is ColumnRef { Table: null } c)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (string.Equals(items[i].Alias, c.Column, StringComparison.OrdinalIgnoreCase))
                    return i;
            }
        }
        var bound = binder.Bind(e, scope, "order clause");
        for (var i = 0; i < projections.Count; i++)
        {
            if (projections[i].Equals(bound))
                return i;
        }
        projections.Add(bound);
        return projections.Count - 1;
    }

    private static (long Offset, long? Limit) LimitOf(LimitClause? limit, StatementContext context)
    {
        if (limit is null)
            return (0, null);
        var offset = limit.Offset is null ? 0 : context.LimitValue(limit.Offset, "LIMIT") ?? 0;
        return (offset, context.LimitValue(limit.Count, "LIMIT"));
    }
}
