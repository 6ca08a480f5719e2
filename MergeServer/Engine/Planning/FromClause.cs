using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Planning;

// The FROM clause of a joined SELECT. Every table reference is a leaf: a ChunkServer table, a system view
// or a derived table. A joined row holds every leaf's columns side by side (leaf i at Offset, in FROM
// order); a leaf not (yet) joined, or null-extended by an outer join, holds NULLs there.
public sealed class FromLeaf
{
    public required string Name { get; init; }

    // The database of a table or view named without alias (a qualified `db.t.c` must match it).
    public string? Database { get; init; }

    public required IReadOnlyList<string> ColumnNames { get; init; }

    public required IReadOnlyList<ResultType> ColumnTypes { get; init; }

    public int Offset { get; init; }

    public int Index { get; init; }

    public int Width => ColumnNames.Count;

    public TableSchema? Table { get; init; }

    public ISystemView? View { get; init; }

    public SelectPlan? Derived { get; init; }

    // Leaf-local column indexes some clause reads.
    public HashSet<int> Used { get; } = [];

    // Conjuncts (over the joined row) that only read this leaf and may filter it before any join.
    public List<BoundExpr> Filters { get; } = [];

    public int IndexOf(string column)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (string.Equals(ColumnNames[i], column, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }
}

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
