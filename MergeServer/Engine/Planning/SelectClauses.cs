using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// The clauses of one SELECT bound over its input rows, whatever produces them (one table, a join, no
// FROM): WHERE over the input; with aggregation, GROUP BY and aggregate arguments over the input and the
// select list, HAVING and ORDER BY over [groups..., aggregates...]; the result columns' names and types.
public sealed class SelectClauses
{
    public BoundExpr? Where { get; private init; }

    public bool Aggregate { get; private init; }

    public IReadOnlyList<BoundExpr> GroupExprs { get; private init; } = [];

    public IReadOnlyList<BoundExpr> AggregateArgs { get; private init; } = [];

    public IReadOnlyList<AggregateSpec> Aggregates { get; private init; } = [];

    public required List<BoundExpr> Projections { get; init; }

    public required List<ResultColumn> Columns { get; init; }

    public BoundExpr? Having { get; private init; }

    public required List<SortKey> Order { get; init; }

    public long Offset { get; private init; }

    public long? Limit { get; private init; }

    public bool CalcFoundRows { get; private init; }

    // items: the select list with stars expanded; origin names the table a plain column reference of
    // the input comes from (for the column definition), null when it is computed.
    public static SelectClauses Bind(SelectStatement select, IReadOnlyList<SelectItem> items, IBindScope inputScope,
        Func<int, ResultType> inputType, Func<int, (string Table, string Database)?> origin, StatementContext context)
    {
        var binder = context.Binder;
        var aggregate = select.GroupBy.Count > 0 || items.Any(i => AggregateFunctions.Contains(i.Expr))
                        || AggregateFunctions.Contains(select.Having) || select.OrderBy.Any(o => AggregateFunctions.Contains(o.Expr));

        BoundExpr? where = null;
        if (select.Where is not null)
        {
            if (AggregateFunctions.Contains(select.Where))
                throw BindErrors.InvalidGroupFunction();
            where = binder.Bind(select.Where, inputScope, "where clause");
        }

        IBindScope outputScope = inputScope;
        AggregateScope? aggScope = null;
        if (aggregate)
        {
            var groupAsts = select.GroupBy.Select(g => ResolveGroupItem(g, items)).ToList();
            for (var i = 0; i < groupAsts.Count; i++)
                groupAsts[i] = SelectNameIfAmbiguous(groupAsts[i], items, inputScope, binder, "group statement");
            var boundGroups = groupAsts.Select(g => binder.Bind(g, inputScope, "group statement")).ToList();
            aggScope = new AggregateScope(inputScope, groupAsts, boundGroups);
            outputScope = aggScope;
        }

        var projections = new List<BoundExpr>();
        var names = new List<string>();
        foreach (var item in items)
        {
            projections.Add(binder.Bind(item.Expr, outputScope, "field list"));
            names.Add(item.Alias ?? ColumnName(item));
        }
        var visible = projections.Count;

        BoundExpr? having = null;
        if (select.Having is not null)
            having = binder.Bind(SubstituteAliases(select.Having, items), outputScope, "having clause");

        var order = new List<SortKey>();
        foreach (var o in select.OrderBy)
            order.Add(new SortKey(OrderPosition(o.Expr, items, projections, outputScope, binder), o.Descending));

        var (offset, limit) = LimitOf(select.Limit, context);

        // Output column types: over the input row, or over the aggregation output.
        var outputType = inputType;
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
            var from = !aggregate && items[i].Expr is ColumnRef && BoundExprs.ReadColumn(projections[i]) is { } c ? origin(c.Index) : null;
            columns.Add(type.ToColumn(names[i], from?.Table ?? "", from?.Database ?? ""));
        }

        return new SelectClauses
        {
            Where = where,
            Aggregate = aggregate,
            GroupExprs = aggScope?.GroupExprs ?? [],
            AggregateArgs = aggScope?.AggregateArgs ?? [],
            Aggregates = aggScope?.Aggregates ?? [],
            Projections = projections,
            Columns = columns,
            Having = having,
            Order = order,
            Offset = offset,
            Limit = limit,
            CalcFoundRows = select.CalcFoundRows,
        };
    }

    public SelectPlan ToPlan(IRowSource source, BoundExpr? filter, bool distinct, bool withRollup = false) => new()
    {
        WithRollup = withRollup,
        Source = source,
        Filter = filter,
        Aggregate = Aggregate,
        GroupExprs = GroupExprs,
        AggregateArgs = AggregateArgs,
        Aggregates = Aggregates,
        Having = Having,
        Projections = Projections,
        Columns = Columns,
        Distinct = distinct,
        Order = Order,
        Offset = Offset,
        Limit = Limit,
        CalcFoundRows = CalcFoundRows,
    };

    // How MySQL names an unaliased result column: a column's name, a string literal's value, another
    // literal's own text (without the parentheses around it), else the expression's text as written.
    public static string ColumnName(SelectItem item) => item.Expr switch
    {
        ColumnRef c => c.Column,
        StringLiteral s => s.Value,
        NullLiteral => "NULL",
        BoolLiteral b => b.Value ? "TRUE" : "FALSE",
        Literal when item.Text is not null => WithoutParentheses(item.Text),
        _ => item.Text ?? item.Expr.ToSql(),
    };

    // On a span: 100,000 parentheses are peeled in linear time, not by copying the text each time.
    private static string WithoutParentheses(string text)
    {
        var span = text.AsSpan().Trim();
        while (span.Length >= 2 && span[0] == '(' && span[^1] == ')')
            span = span[1..^1].Trim();
        return span.ToString();
    }

    // GROUP BY 2 / GROUP BY alias refer to select items.
    private static Expr ResolveGroupItem(Expr g, IReadOnlyList<SelectItem> items)
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

    private static Expr SubstituteAliases(Expr e, IReadOnlyList<SelectItem> items)
    {
        StackGuard.Check();
        return SubstituteAliasesAt(e, items);
    }

    private static Expr SubstituteAliasesAt(Expr e, IReadOnlyList<SelectItem> items) => e switch
    {
        ColumnRef { Table: null } c when items.FirstOrDefault(i => string.Equals(i.Alias, c.Column, StringComparison.OrdinalIgnoreCase)) is { } item => item.Expr,
        BinaryExpr b => SubstituteInChain(b, items),
        UnaryExpr u => u with { Operand = SubstituteAliases(u.Operand, items) },
        IsNullExpr n => n with { Operand = SubstituteAliases(n.Operand, items) },
        BetweenExpr b => b with { Operand = SubstituteAliases(b.Operand, items), Low = SubstituteAliases(b.Low, items), High = SubstituteAliases(b.High, items) },
        InListExpr i => i with { Operand = SubstituteAliases(i.Operand, items) },
        _ => e,
    };

    private static Expr SubstituteInChain(BinaryExpr top, IReadOnlyList<SelectItem> items)
    {
        var spine = top.LeftSpine();
        var result = SubstituteAliases(spine[^1].Left, items);
        for (var i = spine.Count - 1; i >= 0; i--)
            result = spine[i] with { Left = result, Right = SubstituteAliases(spine[i].Right, items) };
        return result;
    }

    // ORDER BY position, alias or expression; an expression not in the select list becomes a hidden column.
    private static int OrderPosition(Expr e, IReadOnlyList<SelectItem> items, List<BoundExpr> projections, IBindScope scope, ExprBinder binder)
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
        var bound = binder.Bind(SelectNameIfAmbiguous(e, items, scope, binder, "order clause"), scope, "order clause");
        for (var i = 0; i < projections.Count; i++)
        {
            if (projections[i].Equals(bound))
                return i;
        }
        projections.Add(bound);
        return projections.Count - 1;
    }

    // An unqualified name that is ambiguous among the joined tables but names exactly one plain column of
    // the select list means that column (MySQL looks in the select list too).
    private static Expr SelectNameIfAmbiguous(Expr e, IReadOnlyList<SelectItem> items, IBindScope scope, ExprBinder binder, string clause)
    {
        if (e is not ColumnRef { Table: null } c)
            return e;
        try
        {
            binder.Bind(e, scope, clause);
            return e;
        }
        catch (SqlError error) when (error.Code == ErrorCodes.NonUniq)
        {
            var named = items.Where(i => i.Alias is null && i.Expr is ColumnRef r && string.Equals(r.Column, c.Column, StringComparison.OrdinalIgnoreCase)).ToList();
            if (named.Count != 1)
                throw;
            return named[0].Expr;
        }
    }

    // LIMIT [offset,] count as numbers (a `?` read from the statement's values).
    public static (long Offset, long? Limit) LimitOf(LimitClause? limit, StatementContext context)
    {
        if (limit is null)
            return (0, null);
        var offset = limit.Offset is null ? 0 : context.LimitValue(limit.Offset, "LIMIT") ?? 0;
        return (offset, context.LimitValue(limit.Count, "LIMIT"));
    }
}
