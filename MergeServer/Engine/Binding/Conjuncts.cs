using OceanClassic.Common.Expr;

namespace OceanClassic.MergeServer.Engine.Binding;

// Top-level AND parts of a condition, and back; and the top-level OR branches of one.
public static class Conjuncts
{
    public static List<BoundExpr> Split(BoundExpr? e)
    {
        var result = new List<BoundExpr>();
        if (e is not null)
            Add(e, BinaryOp.And, result);
        return result;
    }

    public static List<BoundExpr> Branches(BoundExpr e)
    {
        var result = new List<BoundExpr>();
        Add(e, BinaryOp.Or, result);
        return result;
    }

    public static BoundExpr? Join(IReadOnlyList<BoundExpr> parts)
    {
        if (parts.Count == 0)
            return null;
        var result = parts[0];
        for (var i = 1; i < parts.Count; i++)
            result = new BoundBinary(BinaryOp.And, result, parts[i]);
        return result;
    }

    private static void Add(BoundExpr e, BinaryOp op, List<BoundExpr> into)
    {
        // With an explicit stack: an AND (OR) tree of any shape costs no recursion.
        var pending = new Stack<BoundExpr>();
        pending.Push(e);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next is BoundBinary b && b.Op == op)
            {
                pending.Push(b.Right);
                pending.Push(b.Left);
                continue;
            }
            into.Add(next);
        }
    }
}
