using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// Names after GROUP BY: the aggregation output row is [group values..., aggregate results...]. A GROUP BY
// expression binds to its group column, an aggregate call to its result column; a bare column that is
// not grouped reads some row of the group (MySQL 5.x without ONLY_FULL_GROUP_BY).
public sealed class AggregateScope : IBindScope
{
    private readonly TableScopeOrEmpty _input;
    private readonly IReadOnlyList<Expr> _groupExprs;
    private readonly List<BoundExpr> _aggregateArgs = [];
    private readonly List<AggregateSpec> _aggregates = [];
    private readonly List<(Expr Ast, int Column)> _bound = [];

    public AggregateScope(IBindScope input, IReadOnlyList<Expr> groupExprs, IReadOnlyList<BoundExpr> boundGroups)
    {
        _input = new TableScopeOrEmpty(input);
        _groupExprs = groupExprs;
        GroupExprs = boundGroups;
    }

    // Over the input (scan) row.
    public IReadOnlyList<BoundExpr> GroupExprs { get; }

    // Over the input row; aggregate i reads argument position GroupExprs.Count + its argument index.
    public IReadOnlyList<BoundExpr> AggregateArgs => _aggregateArgs;

    public IReadOnlyList<AggregateSpec> Aggregates => _aggregates;

    // (output column, aggregate) pairs for result typing.
    public int AggregateColumn(int aggregate) => GroupExprs.Count + aggregate;

    public BoundExpr? TryBindWhole(Expr expr, ExprBinder binder, string clause)
    {
        for (var i = 0; i < _groupExprs.Count; i++)
        {
            if (SameExpr(_groupExprs[i], expr))
                return new BoundColumn(i);
        }
        foreach (var (ast, column) in _bound)
        {
            if (ast.Equals(expr))
                return new BoundColumn(column);
        }
        if (expr is FunctionCall f && AggregateFunctions.KindOf(f) is { } kind)
            return new BoundColumn(AddAggregate(expr, kind, f, binder));
        if (expr is GroupConcatExpr g)
            return new BoundColumn(AddGroupConcat(g, binder));
        if (expr is ColumnRef c)
        {
            var arg = _input.Scope.BindColumn(c, clause);
            return new BoundColumn(AddSpec(expr, AggregateKind.First, arg, distinct: false));
        }
        return null;
    }

    public BoundExpr BindColumn(ColumnRef column, string clause) => throw BindErrors.UnknownColumn(column, clause);

    private int AddAggregate(Expr expr, AggregateKind kind, FunctionCall f, ExprBinder binder)
    {
        if (kind == AggregateKind.CountStar)
            return AddSpec(expr, kind, null, false);
        if (kind == AggregateKind.Count && f.Distinct && f.Args.Count > 1)
            return AddDistinctTupleCount(expr, f, binder);
        if (kind is AggregateKind.BitAnd or AggregateKind.BitOr or AggregateKind.BitXor && f.Distinct)
            throw SqlError.FromCode(ErrorCodes.ParseError, $"You have an error in your SQL syntax near 'DISTINCT' in {f.Name}");
        if (f.Args.Count != 1)
            throw SqlError.FromCode(ErrorCodes.ParseError, $"Incorrect parameter count in the call to native function '{f.Name}'");
        if (AggregateFunctions.Contains(f.Args[0]))
            throw BindErrors.InvalidGroupFunction();
        var arg = binder.Bind(f.Args[0], _input.Scope, "field list");
        return AddSpec(expr, kind, arg, f.Distinct);
    }

    // COUNT(DISTINCT a, b, ...): the distinct tuples without a NULL; the arguments are consecutive inputs.
    private int AddDistinctTupleCount(Expr expr, FunctionCall f, ExprBinder binder)
    {
        if (f.Args.Any(AggregateFunctions.Contains))
            throw BindErrors.InvalidGroupFunction();
        var argIndex = GroupExprs.Count + _aggregateArgs.Count;
        foreach (var a in f.Args)
            _aggregateArgs.Add(binder.Bind(a, _input.Scope, "field list"));
        _aggregates.Add(new AggregateSpec(AggregateKind.Count, argIndex, true) { ArgumentCount = f.Args.Count });
        var column = GroupExprs.Count + _aggregates.Count - 1;
        _bound.Add((expr, column));
        return column;
    }

    // GROUP_CONCAT(a, b ORDER BY k): the argument is CONCAT(a, b) (NULL if any part is), the ORDER BY keys
    // are further inputs.
    private int AddGroupConcat(GroupConcatExpr g, ExprBinder binder)
    {
        if (g.Args.Any(AggregateFunctions.Contains) || g.OrderBy.Any(o => AggregateFunctions.Contains(o.Expr)))
            throw BindErrors.InvalidGroupFunction();
        var parts = g.Args.Select(a => binder.Bind(a, _input.Scope, "field list")).ToList();
        var arg = new BoundFunction("CONCAT", parts);
        var order = new List<SortKey>();
        foreach (var o in g.OrderBy)
        {
            order.Add(new SortKey(GroupExprs.Count + _aggregateArgs.Count, o.Descending));
            _aggregateArgs.Add(binder.Bind(o.Expr, _input.Scope, "order clause"));
        }
        var maxLength = binder.SystemVariable("group_concat_max_len") is { IsNull: false } v ? (long)v.ToDecimal() : 1048576;
        var argIndex = GroupExprs.Count + _aggregateArgs.Count;
        _aggregateArgs.Add(arg);
        _aggregates.Add(new AggregateSpec(AggregateKind.GroupConcat, argIndex, g.Distinct) { ConcatOrder = order, Separator = g.Separator, MaxLength = maxLength });
        var column = GroupExprs.Count + _aggregates.Count - 1;
        _bound.Add((g, column));
        return column;
    }

    private int AddSpec(Expr ast, AggregateKind kind, BoundExpr? arg, bool distinct)
    {
        var argIndex = -1;
        if (arg is not null)
        {
            argIndex = GroupExprs.Count + _aggregateArgs.Count;
            _aggregateArgs.Add(arg);
        }
        _aggregates.Add(new AggregateSpec(kind, argIndex, distinct));
        var column = GroupExprs.Count + _aggregates.Count - 1;
        _bound.Add((ast, column));
        return column;
    }

    // GROUP BY k matches k, t.k and `k` alike.
    private static bool SameExpr(Expr a, Expr b)
    {
        if (a is ColumnRef ca && b is ColumnRef cb)
            return string.Equals(ca.Column, cb.Column, StringComparison.OrdinalIgnoreCase)
                   && (ca.Table is null || cb.Table is null || string.Equals(ca.Table, cb.Table, StringComparison.OrdinalIgnoreCase));
        return a.Equals(b);
    }

    private readonly record struct TableScopeOrEmpty(IBindScope Scope);
}
