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
        var spine = top.LeftSpine();
        var result = Remap(spine[^1].Left, map);
        for (var i = spine.Count - 1; i >= 0; i--)
            result = spine[i] with { Left = result, Right = Remap(spine[i].Right, map) };
        return result;
    }

    private static BoundExpr RemapAt(BoundExpr expr, IReadOnlyDictionary<int, int> map) => expr switch
    {
        BoundColumn c => new BoundColumn(map[c.Index]),
        BoundLiteral => expr,
        BoundUnary u => u with { Operand = Remap(u.Operand, map) },
        BoundBinary b => RemapChain(b, map),
        BoundIsNull n => n with { Operand = Remap(n.Operand, map) },
        BoundIsBool n => n with { Operand = Remap(n.Operand, map) },
        BoundInList i => new BoundInList(Remap(i.Operand, map), [.. i.List.Select(e => Remap(e, map))], i.Negated),
        BoundBetween b => b with { Operand = Remap(b.Operand, map), Low = Remap(b.Low, map), High = Remap(b.High, map) },
        BoundLike l => l with { Operand = Remap(l.Operand, map), Pattern = Remap(l.Pattern, map), Escape = l.Escape is null ? null : Remap(l.Escape, map) },
        BoundFunction f => new BoundFunction(f.Name, [.. f.Args.Select(a => Remap(a, map))]),
        BoundCase c => new BoundCase(c.Operand is null ? null : Remap(c.Operand, map),
            [.. c.Whens.Select(w => new CaseWhen(Remap(w.When, map), Remap(w.Then, map)))], c.Else is null ? null : Remap(c.Else, map)),
        BoundCast c => c with { Operand = Remap(c.Operand, map) },
        BoundCollate c => c with { Operand = Remap(c.Operand, map) },
        _ => throw new NotSupportedException(expr.GetType().Name),
    };
}
