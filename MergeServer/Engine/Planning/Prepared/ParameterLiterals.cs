using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Planning.Prepared;

// The literals a prepared statement's `?`s bound to (ExprBinder.ParameterLiterals), by identity, with the
// `?` each stands for: a kept bound tree is refilled with the next execution's values by replacing
// exactly those nodes (a literal written in the statement with an equal value is a different node and
// stays). Nodes above no such literal are shared with the kept tree, not copied.
public sealed class ParameterLiterals
{
    private readonly Dictionary<BoundLiteral, int> _index = new(ReferenceEqualityComparer.Instance);

    public ParameterLiterals(IEnumerable<(BoundLiteral Literal, int Index)> recorded)
    {
        foreach (var (literal, index) in recorded)
            _index[literal] = index;
    }

    // Whether every recorded literal is a node of the tree.
    public bool AllIn(BoundExpr? tree)
    {
        if (tree is null)
            return _index.Count == 0;
        var found = new HashSet<BoundLiteral>(ReferenceEqualityComparer.Instance);
        BoundExprs.Any(tree, e =>
        {
            if (e is BoundLiteral l && _index.ContainsKey(l))
                found.Add(l);
            return false;
        });
        return found.Count == _index.Count;
    }

    // Whether any recorded literal is a node of the tree.
    public bool AnyIn(BoundExpr? tree) => tree is not null && BoundExprs.Any(tree, e => e is BoundLiteral l && _index.ContainsKey(l));

    // The tree with each recorded literal replaced by a literal of values[its `?`].
    public BoundExpr? Refill(BoundExpr? tree, IReadOnlyList<ObObj> values) => tree is null || _index.Count == 0 ? tree : At(tree, values);

    private BoundExpr At(BoundExpr e, IReadOnlyList<ObObj> values)
    {
        StackGuard.Check();
        switch (e)
        {
            case BoundLiteral l:
                return _index.TryGetValue(l, out var index) ? new BoundLiteral(values[index]) : l;
            case BoundColumn:
                return e;
            case BoundBinary b:
                return Chain(b, values);
            case BoundUnary u:
                return At(u.Operand, values) is var unary && ReferenceEquals(unary, u.Operand) ? u : u with { Operand = unary };
            case BoundIsNull n:
                return At(n.Operand, values) is var isNull && ReferenceEquals(isNull, n.Operand) ? n : n with { Operand = isNull };
            case BoundIsBool n:
                return At(n.Operand, values) is var isBool && ReferenceEquals(isBool, n.Operand) ? n : n with { Operand = isBool };
            case BoundInList i:
                {
                    var operand = At(i.Operand, values);
                    var list = All(i.List, values);
                    return ReferenceEquals(operand, i.Operand) && ReferenceEquals(list, i.List) ? i : new BoundInList(operand, list, i.Negated);
                }
            case BoundBetween b:
                {
                    var (operand, low, high) = (At(b.Operand, values), At(b.Low, values), At(b.High, values));
                    return ReferenceEquals(operand, b.Operand) && ReferenceEquals(low, b.Low) && ReferenceEquals(high, b.High)
                        ? b : b with { Operand = operand, Low = low, High = high };
                }
            case BoundLike l:
                {
                    var (operand, pattern) = (At(l.Operand, values), At(l.Pattern, values));
                    var escape = l.Escape is null ? null : At(l.Escape, values);
                    return ReferenceEquals(operand, l.Operand) && ReferenceEquals(pattern, l.Pattern) && ReferenceEquals(escape, l.Escape)
                        ? l : l with { Operand = operand, Pattern = pattern, Escape = escape };
                }
            case BoundFunction f:
                return All(f.Args, values) is var args && ReferenceEquals(args, f.Args) ? f : new BoundFunction(f.Name, args);
            case BoundCast c:
                return At(c.Operand, values) is var cast && ReferenceEquals(cast, c.Operand) ? c : c with { Operand = cast };
            case BoundCollate c:
                return At(c.Operand, values) is var collate && ReferenceEquals(collate, c.Operand) ? c : c with { Operand = collate };
            default:
                // CASE and anything else: rewritten whole (they hold a `?` rarely).
                return BoundExprs.Rewrite(e, x => x is BoundLiteral l && _index.TryGetValue(l, out var i) ? new BoundLiteral(values[i]) : null);
        }
    }

    // A left-deep chain in a loop down its spine (a long sum is one spine, not a deep recursion).
    private BoundExpr Chain(BoundBinary top, IReadOnlyList<ObObj> values)
    {
        if (top.Left is not BoundBinary)
        {
            var left = At(top.Left, values);
            var right = At(top.Right, values);
            return ReferenceEquals(left, top.Left) && ReferenceEquals(right, top.Right) ? top : top with { Left = left, Right = right };
        }
        var spine = top.LeftSpine();
        var result = At(spine[^1].Left, values);
        for (var i = spine.Count - 1; i >= 0; i--)
        {
            var node = spine[i];
            var right = At(node.Right, values);
            result = ReferenceEquals(result, node.Left) && ReferenceEquals(right, node.Right) ? node : node with { Left = result, Right = right };
        }
        return result;
    }

    // The list itself when no element changed.
    private IReadOnlyList<BoundExpr> All(IReadOnlyList<BoundExpr> list, IReadOnlyList<ObObj> values)
    {
        BoundExpr[]? changed = null;
        for (var i = 0; i < list.Count; i++)
        {
            var refilled = At(list[i], values);
            if (changed is null && !ReferenceEquals(refilled, list[i]))
            {
                changed = new BoundExpr[list.Count];
                for (var j = 0; j < i; j++)
                    changed[j] = list[j];
            }
            if (changed is not null)
                changed[i] = refilled;
        }
        return changed ?? list;
    }
}
