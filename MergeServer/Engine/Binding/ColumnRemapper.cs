using OceanClassic.Common.Expr;

namespace OceanClassic.MergeServer.Engine.Binding;

// Rewrites column positions, e.g. from a table's column index to the position in the scan's projection.
public static class ColumnRemapper
{
    public static BoundExpr Remap(BoundExpr expr, IReadOnlyDictionary<int, int> map)
    {
        StackGuard.Check();
        return RemapAt(expr, map);
    }

    private static BoundExpr RemapChain(BoundBinary top, IReadOnlyDictionary<int, int> map)
    {
        if (top.Left is not BoundBinary)
        {
            // One operator (`id = 5`): no spine list, and the node itself when its columns keep their places.
            var left = Remap(top.Left, map);
            var right = Remap(top.Right, map);
            return ReferenceEquals(left, top.Left) && ReferenceEquals(right, top.Right) ? top : top with { Left = left, Right = right };
        }
        var spine = top.LeftSpine();
        var result = Remap(spine[^1].Left, map);
        for (var i = spine.Count - 1; i >= 0; i--)
            result = spine[i] with { Left = result, Right = Remap(spine[i].Right, map) };
        return result;
    }

    private static BoundExpr RemapAt(BoundExpr expr, IReadOnlyDictionary<int, int> map) => expr switch
    {
        BoundColumn c => map[c.Index] is var to && to == c.Index ? c : new BoundColumn(to),
        BoundLiteral => expr,
        BoundUnary u => u with { Operand = Remap(u.Operand, map) },
        BoundBinary b => RemapChain(b, map),
        BoundIsNull n => n with { Operand = Remap(n.Operand, map) },
        BoundIsBool n => n with { Operand = Remap(n.Operand, map) },
        BoundInList i => RemapInList(i, map),
        BoundBetween b => b with { Operand = Remap(b.Operand, map), Low = Remap(b.Low, map), High = Remap(b.High, map) },
        BoundLike l => l with { Operand = Remap(l.Operand, map), Pattern = Remap(l.Pattern, map), Escape = l.Escape is null ? null : Remap(l.Escape, map) },
        BoundFunction f => RemapFunction(f, map),
        BoundCase c => RemapCase(c, map),
        BoundCast c => c with { Operand = Remap(c.Operand, map) },
        BoundCollate c => c with { Operand = Remap(c.Operand, map) },
        _ => throw new NotSupportedException(expr.GetType().Name),
    };

    // (Lambdas over map live here, not in RemapAt: a lambda there made its closure on every node.)
    private static BoundInList RemapInList(BoundInList i, IReadOnlyDictionary<int, int> map) =>
        new(Remap(i.Operand, map), [.. i.List.Select(e => Remap(e, map))], i.Negated);

    private static BoundFunction RemapFunction(BoundFunction f, IReadOnlyDictionary<int, int> map) =>
        new(f.Name, [.. f.Args.Select(a => Remap(a, map))]);

    private static BoundCase RemapCase(BoundCase c, IReadOnlyDictionary<int, int> map) =>
        new(c.Operand is null ? null : Remap(c.Operand, map),
            [.. c.Whens.Select(w => new CaseWhen(Remap(w.When, map), Remap(w.Then, map)))], c.Else is null ? null : Remap(c.Else, map));
}
