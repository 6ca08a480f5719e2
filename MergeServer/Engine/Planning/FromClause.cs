using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Planning;

// The FROM clause of a joined SELECT as a join tree over its leaves (Execution/Select/FromLeaf: a
// ChunkServer table, a system view or a derived table).

// A node of the join tree: a leaf, or two subtrees joined. Leaves First..Last (FROM order) are below it,
// so its columns are the contiguous range ColumnStart..ColumnEnd of the joined row.
public abstract class FromNode
{
    public abstract int First { get; }

    public abstract int Last { get; }

    public bool Covers(int leaf) => leaf >= First && leaf <= Last;
}

public sealed class LeafNode(FromLeaf leaf) : FromNode
{
    public FromLeaf Leaf { get; } = leaf;

    public override int First => Leaf.Index;

    public override int Last => Leaf.Index;
}

public sealed class JoinNode(FromNode left, JoinKind kind, FromNode right) : FromNode
{
    public FromNode Left { get; } = left;

    // An outer join becomes Inner when the WHERE rejects its null-extended rows (OuterJoinSimplifier).
    public JoinKind Kind { get; set; } = kind;

    public FromNode Right { get; } = right;

    public override int First => Left.First;

    public override int Last => Right.Last;

    // USING / NATURAL columns: one column in the result, not ambiguous unqualified.
    public IReadOnlyList<string> Using { get; set; } = [];

    public Expr? On { get; init; }

    // Conjuncts deciding which left and right rows match (ON, and WHERE parts that read both sides).
    public List<BoundExpr> Conditions { get; } = [];

    // WHERE conjuncts that read the null-extended side of this outer join: they filter its output.
    public List<BoundExpr> PostFilters { get; } = [];

    public bool IsOuter => Kind is JoinKind.Left or JoinKind.Right;

    // The side whose rows an outer join keeps (the left of LEFT JOIN, the right of RIGHT JOIN).
    public FromNode Preserved => Kind == JoinKind.Right ? Right : Left;

    public FromNode NullSupplied => Kind == JoinKind.Right ? Left : Right;
}
