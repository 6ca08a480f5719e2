using OceanClassic.Common.Expr;

namespace OceanClassic.MergeServer.Engine.Binding;

// Walks and rewrites bound expressions generically (BoundSubquery's operands and outer references count
// as its children).
public static class BoundExprs
{
    public static IEnumerable<BoundExpr> Children(BoundExpr e) => e switch
    {
        BoundSubquery s => [.. s.Operands, .. s.OuterRefs],
        _ => BoundExprTree.Children(e),
    };

    // The column a plain column read reads: the bare column, or a TIMESTAMP column read in the session's zone
    // (TableScope.ColumnExpr); null for anything else.
    public static BoundColumn? ReadColumn(BoundExpr e) => e switch
    {
        BoundColumn c => c,
        BoundFunction { Name: "__TIMESTAMP", Args: [BoundColumn c] } => c,
        _ => null,
    };

    // Whether an expression holds a subquery that runs per row.
    public static bool HasSubquery(BoundExpr? e) => e is not null && Any(e, x => x is BoundSubquery);

    public static bool Any(BoundExpr root, Func<BoundExpr, bool> predicate)
    {
        var pending = new Stack<BoundExpr>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            if (predicate(e))
                return true;
            foreach (var child in Children(e))
                pending.Push(child);
        }
        return false;
    }

    // Row positions the expression reads.
    public static void Columns(BoundExpr root, ISet<int> into) => BoundExprTree.Columns(root, into, Children);

    // The expression with every node `replace` answers for replaced (children of a replaced node are not visited).
    // A left-deep chain (a + b + c ...) is rewritten in a loop down its left spine; deeper nesting checks
    // the stack (StackGuard).
    public static BoundExpr Rewrite(BoundExpr e, Func<BoundExpr, BoundExpr?> replace)
    {
        StackGuard.Check();
        if (replace(e) is { } replaced)
            return replaced;
        BoundExpr R(BoundExpr x) => Rewrite(x, replace);
        return e switch
        {
            BoundUnary u => u with { Operand = R(u.Operand) },
            BoundBinary b => RewriteChain(b, replace),
            BoundIsNull n => n with { Operand = R(n.Operand) },
            BoundIsBool n => n with { Operand = R(n.Operand) },
            BoundInList i => new BoundInList(R(i.Operand), [.. i.List.Select(R)], i.Negated),
            BoundBetween b => b with { Operand = R(b.Operand), Low = R(b.Low), High = R(b.High) },
            BoundLike l => l with { Operand = R(l.Operand), Pattern = R(l.Pattern), Escape = l.Escape is null ? null : R(l.Escape) },
            BoundFunction f => new BoundFunction(f.Name, [.. f.Args.Select(R)]),
            BoundCase c => new BoundCase(c.Operand is null ? null : R(c.Operand),
                [.. c.Whens.Select(w => new CaseWhen(R(w.When), R(w.Then)))], c.Else is null ? null : R(c.Else)),
            BoundCast c => c with { Operand = R(c.Operand) },
            BoundCollate c => c with { Operand = R(c.Operand) },
            BoundSubquery s => s with { Operands = [.. s.Operands.Select(R)], OuterRefs = [.. s.OuterRefs.Select(R)] },
            _ => e,
        };
    }

    private static BoundExpr RewriteChain(BoundBinary top, Func<BoundExpr, BoundExpr?> replace)
    {
        var spine = new List<BoundBinary> { top };
        BoundExpr? left = null;
        while (spine[^1].Left is BoundBinary next)
        {
            left = replace(next);
            if (left is not null)
                break;
            spine.Add(next);
        }
        left ??= Rewrite(spine[^1].Left, replace);
        for (var i = spine.Count - 1; i >= 0; i--)
            left = spine[i] with { Left = left, Right = Rewrite(spine[i].Right, replace) };
        return left;
    }

    // Positions shifted: position p becomes map(p).
    public static BoundExpr Remap(BoundExpr e, Func<int, int> map) =>
        Rewrite(e, x => x is BoundColumn c ? new BoundColumn(map(c.Index)) : null);
}
