using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// UNION / INTERSECT / EXCEPT: every member is planned on its own (all must have as many columns as the
// first, else 1222); the result takes the first member's column names. ORDER BY / LIMIT over the whole
// name result columns (by name or position); the combined rows are the plan's source.
public static class SetOperationPlanner
{
    public static async ValueTask<SelectPlan> PlanAsync(SetOperationStatement set, StatementContext context, IBindScope? outer)
    {
        var source = await BuildAsync(set, context, outer);
        var columns = source.Columns;
        var scope = new ResultColumnScope(columns);
        var projections = new List<BoundExpr>();
        for (var i = 0; i < columns.Count; i++)
            projections.Add(new BoundColumn(i));
        var order = new List<SortKey>();
        foreach (var o in set.OrderBy)
        {
            int position;
            if (o.Expr is Int64Literal { Value: var n })
            {
                if (n < 1 || n > columns.Count)
                    throw SqlError.FromCode(ErrorCodes.BadField, $"Unknown column '{n}' in 'order clause'");
                position = (int)n - 1;
            }
            else
            {
                projections.Add(context.Binder.Bind(o.Expr, scope, "order clause"));
                position = projections.Count - 1;
            }
            order.Add(new SortKey(position, o.Descending));
        }
        long offset = 0;
        long? limit = null;
        if (set.Limit is not null)
        {
            offset = set.Limit.Offset is null ? 0 : context.LimitValue(set.Limit.Offset, "LIMIT") ?? 0;
            limit = context.LimitValue(set.Limit.Count, "LIMIT");
        }
        return new SelectPlan
        {
            Source = source,
            Projections = projections,
            Columns = columns,
            Order = order,
            Offset = offset,
            Limit = limit,
        };
    }

    // A chain (a UNION b UNION c ..., left-deep as parsed) is planned in a loop down its left spine, not
    // one nested planning per member; a left member with its own ORDER BY / LIMIT is planned whole.
    private static async ValueTask<SetOperationRowSource> BuildAsync(SetOperationStatement set, StatementContext context, IBindScope? outer)
    {
        var spine = new List<SetOperationStatement> { set };
        while (spine[^1].Left is SetOperationStatement { OrderBy.Count: 0, Limit: null } next)
            spine.Add(next);
        var left = await QueryPlanner.PlanAsync(spine[^1].Left, context, outer);
        SetOperationRowSource? source = null;
        for (var i = spine.Count - 1; i >= 0; i--)
        {
            if (source is not null)
                left = Unordered(source);
            var right = await QueryPlanner.PlanAsync(spine[i].Right, context, outer);
            if (left.Columns.Count != right.Columns.Count)
                throw SqlError.FromCode(ErrorCodes.WrongNumberOfColumnsInSelect,
                    "The used SELECT statements have a different number of columns");
            var columns = left.Columns.Select((c, k) => Unify(c, right.Columns[k])).ToList();
            source = new SetOperationRowSource(left, spine[i].Operator, spine[i].All, right, columns) { LeftChain = source };
        }
        return source!;
    }

    // A member of a chain as its own plan: every column, in order, nothing sorted or cut.
    private static SelectPlan Unordered(SetOperationRowSource source) => new()
    {
        Source = source,
        Projections = [.. Enumerable.Range(0, source.Columns.Count).Select(i => (BoundExpr)new BoundColumn(i))],
        Columns = source.Columns,
        Order = [],
    };

    // The result column: the first member's name; a type both members' values fit.
    private static ResultColumn Unify(ResultColumn a, ResultColumn b)
    {
        if (a.Type == b.Type)
            return a with { Length = Math.Max(a.Length, b.Length), Decimals = Math.Max(a.Decimals, b.Decimals), NotNull = a.NotNull && b.NotNull, Table = "", Database = "" };
        var ta = new ResultType(a.Type, a.Length, a.Decimals, a.Unsigned);
        var tb = new ResultType(b.Type, b.Length, b.Decimals, b.Unsigned);
        var type = b.Type == Common.MySql.MySqlColumnType.Null ? ta
            : a.Type == Common.MySql.MySqlColumnType.Null ? tb
            : ta.IsExactNumber && tb.IsExactNumber ? (ta.IsInteger && tb.IsInteger ? ResultType.BigInt : ResultType.Decimal(Math.Max(a.Decimals, b.Decimals)))
            : ResultType.Text;
        return type.ToColumn(a.Name);
    }

    // ORDER BY over a set operation's result: names are its column names.
    private sealed class ResultColumnScope(IReadOnlyList<ResultColumn> columns) : IBindScope
    {
        public BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause) => null;

        public BoundExpr BindColumn(ColumnRef column, string clause)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (column.Table is null && string.Equals(columns[i].Name, column.Column, StringComparison.OrdinalIgnoreCase))
                    return new BoundColumn(i);
            }
            throw BindErrors.UnknownColumn(column, clause);
        }
    }
}
