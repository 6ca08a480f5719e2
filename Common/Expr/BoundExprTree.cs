namespace OceanClassic.Common.Expr;

// The children of the expression nodes this library defines, and the row positions an expression reads
// (a ChunkServer decodes only those cells of a row before it filters it). A node kind defined elsewhere
// (the MergeServer's subqueries) has no children here: its owner walks it (MergeServer BoundExprs).
public static class BoundExprTree
{
    public static IEnumerable<BoundExpr> Children(BoundExpr e) => e switch
    {
        BoundUnary u => [u.Operand],
        BoundBinary b => [b.Left, b.Right],
        BoundIsNull n => [n.Operand],
        BoundIsBool n => [n.Operand],
        BoundInList i => [i.Operand, .. i.List],
        BoundBetween b => [b.Operand, b.Low, b.High],
        BoundLike l => l.Escape is null ? [l.Operand, l.Pattern] : [l.Operand, l.Pattern, l.Escape],
        BoundFunction f => f.Args,
        BoundCase c => [.. c.Operand is null ? [] : new[] { c.Operand }, .. c.Whens.SelectMany(w => new[] { w.When, w.Then }),
            .. c.Else is null ? [] : new[] { c.Else }],
        BoundCast c => [c.Operand],
        BoundCollate c => [c.Operand],
        _ => [],
    };

    // Row positions the expression reads, through `children` (default: this library's nodes; the MergeServer
    // passes its own, which also enter subqueries).
    public static void Columns(BoundExpr root, ISet<int> into, Func<BoundExpr, IEnumerable<BoundExpr>>? children = null)
    {
        children ??= Children;
        var pending = new Stack<BoundExpr>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            if (e is BoundColumn c)
                into.Add(c.Index);
            foreach (var child in children(e))
                pending.Push(child);
        }
    }
}
