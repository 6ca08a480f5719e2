using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Binding;

// One statement's subqueries, keyed by their AST node: the rows of each uncorrelated one (it ran once),
// the outer column references of each correlated one, and a correlated one's rows per outer values.
public sealed class SubqueryCache
{
    // Built on first use: most statements have no subquery, and every statement's binder holds a cache.
    private Dictionary<Expr, SubqueryRows>? _uncorrelated;
    private Dictionary<Expr, IReadOnlyList<ColumnRef>>? _correlated;
    private Dictionary<Expr, Dictionary<ObObj[], SubqueryRows>>? _perOuterValues;

    public bool IsCorrelated(Expr node) => _correlated?.ContainsKey(node) == true;

    public bool IsKnown(Expr node) => _uncorrelated?.ContainsKey(node) == true || IsCorrelated(node);

    public void AddUncorrelated(Expr node, SubqueryRows rows) => (_uncorrelated ??= new(ReferenceEqualityComparer.Instance))[node] = rows;

    public void AddCorrelated(Expr node, IReadOnlyList<ColumnRef> outerRefs) => (_correlated ??= new(ReferenceEqualityComparer.Instance))[node] = outerRefs;

    public bool TryGetUncorrelated(Expr node, out SubqueryRows rows)
    {
        rows = null!;
        return _uncorrelated is not null && _uncorrelated.TryGetValue(node, out rows!);
    }

    public bool TryGetCorrelated(Expr node, out IReadOnlyList<ColumnRef> outerRefs)
    {
        outerRefs = null!;
        return _correlated is not null && _correlated.TryGetValue(node, out outerRefs!);
    }

    public bool TryGetRun(Expr node, ObObj[] outerValues, out SubqueryRows rows)
    {
        rows = null!;
        return _perOuterValues is not null && _perOuterValues.TryGetValue(node, out var runs) && runs.TryGetValue(outerValues, out rows!);
    }

    public void AddRun(Expr node, ObObj[] outerValues, SubqueryRows rows)
    {
        _perOuterValues ??= new(ReferenceEqualityComparer.Instance);
        if (!_perOuterValues.TryGetValue(node, out var runs))
            _perOuterValues[node] = runs = new Dictionary<ObObj[], SubqueryRows>(ExactRowEquality.Instance);
        runs[outerValues] = rows;
    }
}

// What a subquery returned: its rows and how many columns it has.
public sealed record SubqueryRows(IReadOnlyList<ObObj[]> Rows, int Columns);
