using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Planning;

// An outer join whose null-extended rows the WHERE always rejects is an inner join (MySQL does the same):
// a conjunct such as `o.amount > 5` or `o.id IS NOT NULL` is never true when o's columns are NULL. As an
// inner join its conditions and the WHERE can move into either side (pushdown, hash join either way).
// Only conjuncts whose every path from a column to the comparison is NULL-propagating count (comparisons,
// arithmetic, CAST, BETWEEN, LIKE, IN lists, IS NOT NULL) — never OR, IS NULL, <=>, CASE or functions.
public static class OuterJoinSimplifier
{
    public static void Simplify(FromClause from, IReadOnlyList<BoundExpr> whereConjuncts)
    {
        var rejected = new HashSet<int>();
        foreach (var conjunct in whereConjuncts)
        {
            var positions = new HashSet<int>();
            if (NullRejects(conjunct, positions))
                rejected.UnionWith(positions.Select(p => from.LeafAt(p).Index));
        }
        if (rejected.Count > 0)
            Visit(from.Root, rejected);
    }

    private static void Visit(FromNode node, HashSet<int> rejected)
    {
        if (node is not JoinNode join)
            return;
        if (join.IsOuter && rejected.Any(join.NullSupplied.Covers))
            join.Kind = JoinKind.Inner;
        Visit(join.Left, rejected);
        Visit(join.Right, rejected);
    }

    // Whether the conjunct is false or NULL whenever any column it reads (collected) is NULL.
    private static bool NullRejects(BoundExpr e, HashSet<int> columns) => e switch
    {
        BoundBinary { Op: BinaryOp.Eq or BinaryOp.Ne or BinaryOp.Lt or BinaryOp.Le or BinaryOp.Gt or BinaryOp.Ge } b =>
            Strict(b.Left, columns) && Strict(b.Right, columns),
        BoundIsNull { Negated: true } n => Strict(n.Operand, columns),
        BoundBetween { Negated: false } b => Strict(b.Operand, columns) && Strict(b.Low, columns) && Strict(b.High, columns),
        BoundLike l => Strict(l.Operand, columns) && Strict(l.Pattern, columns),
        BoundInList i => Strict(i.Operand, columns) && i.List.All(x => x is BoundLiteral),
        _ => false,
    };

    // NULL in, NULL out.
    private static bool Strict(BoundExpr e, HashSet<int> columns)
    {
        switch (e)
        {
            case BoundColumn c:
                columns.Add(c.Index);
                return true;
            case BoundLiteral:
                return true;
            case BoundBinary { Op: BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul or BinaryOp.Div or BinaryOp.IntDiv or BinaryOp.Mod } b:
                return Strict(b.Left, columns) && Strict(b.Right, columns);
            case BoundUnary { Op: UnaryOp.Neg } u:
                return Strict(u.Operand, columns);
            case BoundCast c:
                return Strict(c.Operand, columns);
            default:
                return false;
        }
    }
}
