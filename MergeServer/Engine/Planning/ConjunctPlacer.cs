using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Planning;

// Moves each conjunct as close to the tables it reads as SQL's meaning allows. A filter on a node's
// output may go into an inner join's condition, into either side of an inner join when it reads only that
// side, and into the preserved side of an outer join; one reading the null-extended side of an outer join
// stays above it (PostFilters). An outer join's own ON conjunct may only move into its null-extended side
// (filtering those rows first matches the same rows); any other stays a condition of that join.
public static class ConjunctPlacer
{
    public static void PlaceFilter(BoundExpr conjunct, FromNode node, FromClause from) =>
        PlaceFilter(conjunct, Leaves(conjunct, from), node);

    public static void PlaceCondition(BoundExpr conjunct, JoinNode join, FromClause from) =>
        PlaceCondition(conjunct, Leaves(conjunct, from), join);

    private static void PlaceFilter(BoundExpr conjunct, HashSet<int> leaves, FromNode node)
    {
        switch (node)
        {
            case LeafNode leaf:
                leaf.Leaf.Filters.Add(conjunct);
                return;
            case JoinNode { IsOuter: false } inner:
                PlaceCondition(conjunct, leaves, inner);
                return;
            case JoinNode outer:
                if (Within(leaves, outer.Preserved))
                    PlaceFilter(conjunct, leaves, outer.Preserved);
                else
                    outer.PostFilters.Add(conjunct);
                return;
        }
    }

    private static void PlaceCondition(BoundExpr conjunct, HashSet<int> leaves, JoinNode join)
    {
        if (join.IsOuter)
        {
            if (leaves.Count > 0 && Within(leaves, join.NullSupplied))
                PlaceFilter(conjunct, leaves, join.NullSupplied);
            else
                join.Conditions.Add(conjunct);
            return;
        }
        if (Within(leaves, join.Left))
            PlaceFilter(conjunct, leaves, join.Left);
        else if (Within(leaves, join.Right))
            PlaceFilter(conjunct, leaves, join.Right);
        else
            join.Conditions.Add(conjunct);
    }

    private static bool Within(HashSet<int> leaves, FromNode node) => leaves.All(node.Covers);

    // The leaves (by index) a conjunct reads.
    public static HashSet<int> Leaves(BoundExpr conjunct, FromClause from)
    {
        var positions = new HashSet<int>();
        BoundExprs.Columns(conjunct, positions);
        return [.. positions.Select(p => from.LeafAt(p).Index)];
    }

    public static bool IsOuterKind(JoinKind kind) => kind is JoinKind.Left or JoinKind.Right;
}
