using OceanClassic.Common.Expr;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Execution.Select;
using OceanClassic.MergeServer.Engine.Operators.Joins;

namespace OceanClassic.MergeServer.Engine.Planning;

// Picks each join's operator, bottom up. Equality conjuncts between the two sides (of one kind of value:
// numbers, strings or dates) are join keys. When the inner side is one table whose whole primary key the
// keys pin — or, failing that, the leading columns of one of its READY secondary indexes (a UNIQUE index
// pinned whole first, then the index with most columns pinned) — and the outer side is small (point
// reads, or at most IndexJoinOuterRows rows expected), an IndexLookupJoin reads just the matching rows
// (batched primary-key or index lookups); else with keys a HashJoin builds on the smaller estimated
// side (an outer join builds on its null-extended side); else a NestedLoopJoin. A RIGHT JOIN runs as a
// LEFT JOIN with its sides swapped (rows keep their column positions).
public static class JoinStrategyPlanner
{
    public const long IndexJoinOuterRows = 10_000;

    // locking: the locking read's mode, applied to every base table read (null for a plain read).
    public static IRowSource Build(FromClause from, StatementContext context, RowLockMode? locking = null) =>
        Build(from.Root, from, context, locking).Source;

    private static (IRowSource Source, long Estimate) Build(FromNode node, FromClause from, StatementContext context, RowLockMode? locking)
    {
        if (node is LeafNode { Leaf: var leaf })
        {
            var scan = new LeafRowSource(leaf, from.Width, context, locking);
            return (scan, scan.Estimate);
        }
        var join = (JoinNode)node;
        var left = Build(join.Left, from, context, locking);
        var right = Build(join.Right, from, context, locking);
        var (source, estimate) = join.IsOuter
            ? OuterJoin(join, join.Kind == JoinKind.Right ? right : left, join.Kind == JoinKind.Right ? left : right, from)
            : InnerJoin(join, left, right, from);
        if (join.PostFilters.Count > 0)
            source = new FilteredRowSource(source, new RowPredicate(Conjuncts.Join(join.PostFilters)));
        return (source, estimate);
    }

    private static (IRowSource, long) OuterJoin(JoinNode join, (IRowSource Source, long Estimate) preserved,
        (IRowSource Source, long Estimate) nullSupplied, FromClause from)
    {
        var (pairs, residual) = EquiPairs(join.Conditions, join.Preserved, join.NullSupplied, from);
        var all = new RowPredicate(Conjuncts.Join(join.Conditions));
        if (IndexKeys(pairs, nullSupplied.Source, preserved.Estimate) is var (keys, index))
            return (new IndexLookupJoin(preserved.Source, (LeafRowSource)nullSupplied.Source, keys, all, true, index), preserved.Estimate);
        var columns = ColumnsOf(join.NullSupplied, from);
        if (pairs.Count > 0)
            return (new HashJoin(preserved.Source, nullSupplied.Source, [.. pairs.Select(p => p.A)], [.. pairs.Select(p => p.B)],
                new RowPredicate(Conjuncts.Join(residual)), true, columns), preserved.Estimate);
        return (new NestedLoopJoin(preserved.Source, nullSupplied.Source, all, true, columns), preserved.Estimate);
    }

    private static (IRowSource, long) InnerJoin(JoinNode join, (IRowSource Source, long Estimate) left,
        (IRowSource Source, long Estimate) right, FromClause from)
    {
        var (pairs, residual) = EquiPairs(join.Conditions, join.Left, join.Right, from);
        var all = new RowPredicate(Conjuncts.Join(join.Conditions));
        if (IndexKeys(pairs, right.Source, left.Estimate) is var (rightKeys, rightIndex))
            return (new IndexLookupJoin(left.Source, (LeafRowSource)right.Source, rightKeys, all, false, rightIndex), JoinedEstimate(left.Estimate, rightIndex));
        var swapped = pairs.Select(p => (A: p.B, B: p.A)).ToList();
        if (IndexKeys(swapped, left.Source, right.Estimate) is var (leftKeys, leftIndex))
            return (new IndexLookupJoin(right.Source, (LeafRowSource)left.Source, leftKeys, all, false, leftIndex), JoinedEstimate(right.Estimate, leftIndex));
        if (pairs.Count > 0)
        {
            var estimate = Math.Min(left.Estimate, right.Estimate);
            var rest = new RowPredicate(Conjuncts.Join(residual));
            if (left.Estimate < right.Estimate)
                return (new HashJoin(right.Source, left.Source, [.. pairs.Select(p => p.B)], [.. pairs.Select(p => p.A)], rest, false,
                    ColumnsOf(join.Left, from)), estimate);
            return (new HashJoin(left.Source, right.Source, [.. pairs.Select(p => p.A)], [.. pairs.Select(p => p.B)], rest, false,
                ColumnsOf(join.Right, from)), estimate);
        }
        var product = left.Estimate > 0 && right.Estimate > long.MaxValue / left.Estimate ? long.MaxValue : left.Estimate * right.Estimate;
        if (left.Estimate < right.Estimate)
            return (new NestedLoopJoin(right.Source, left.Source, all, false, ColumnsOf(join.Left, from)), product);
        return (new NestedLoopJoin(left.Source, right.Source, all, false, ColumnsOf(join.Right, from)), product);
    }

    // The outer side's key expressions when the pairs (outer A = inner B) pin the whole primary key of the
    // inner table (index null), else the leading columns of one of its READY indexes, and the outer side
    // is small enough; else null.
    private static (List<BoundExpr> Keys, IndexLayout? Index)? IndexKeys(List<(BoundExpr A, BoundExpr B)> pairs, IRowSource inner, long outerEstimate)
    {
        if (outerEstimate > IndexJoinOuterRows || inner is not LeafRowSource { Leaf: { Table: { } table } leaf } source)
            return null;
        if (KeysFor(pairs, leaf, table.RowKeyColumns) is { Count: var n } primary && n == table.RowKeyColumns.Count)
            return (primary, null);
        (List<BoundExpr> Keys, IndexLayout? Index)? best = null;
        var bestRank = (Whole: false, Pinned: 0);
        foreach (var layout in source.ReadyIndexes)
        {
            if (KeysFor(pairs, leaf, layout.BaseColumns.Take(layout.ValueCount).ToList()) is not { Count: > 0 } keys)
                continue;
            var rank = (Whole: layout.Index.Unique && keys.Count == layout.ValueCount, Pinned: keys.Count);
            if (best is null || rank.CompareTo(bestRank) > 0)
                (best, bestRank) = ((keys, layout), rank);
        }
        return best;
    }

    // The outer expressions pinning the leading key columns (base column positions of the inner leaf),
    // as many as the pairs pin in a row.
    private static List<BoundExpr> KeysFor(List<(BoundExpr A, BoundExpr B)> pairs, FromLeaf leaf, IReadOnlyList<int> keyColumns)
    {
        var keys = new List<BoundExpr>();
        foreach (var keyColumn in keyColumns)
        {
            var column = leaf.Table!.Columns[keyColumn];
            if (column.StorageType is not (ObType.Int or ObType.UInt or ObType.String))
                break;
            var pair = pairs.FirstOrDefault(p => p.B is BoundColumn c && c.Index == leaf.Offset + keyColumn && p.A is not BoundLiteral);
            if (pair.A is null)
                break;
            keys.Add(pair.A);
        }
        return keys;
    }

    // Rows out of an index lookup join: one per outer row through a primary key, more through an index.
    private static long JoinedEstimate(long outer, IndexLayout? index) =>
        index is null || index.Index.Unique ? outer : outer > long.MaxValue / 10 ? long.MaxValue : outer * 10;

    // Equality conjuncts a = b with a over side x and b over side y (both non-empty, same kind of value).
    private static (List<(BoundExpr A, BoundExpr B)> Pairs, List<BoundExpr> Residual) EquiPairs(
        IReadOnlyList<BoundExpr> conditions, FromNode x, FromNode y, FromClause from)
    {
        var pairs = new List<(BoundExpr, BoundExpr)>();
        var residual = new List<BoundExpr>();
        foreach (var c in conditions)
        {
            if (c is BoundBinary { Op: BinaryOp.Eq, Left: BoundColumn, Right: BoundColumn } eq)
            {
                var l = ConjunctPlacer.Leaves(eq.Left, from);
                var r = ConjunctPlacer.Leaves(eq.Right, from);
                var sameKind = KindOf(eq.Left, from) is var k && k != KeyKind.Other && k == KindOf(eq.Right, from);
                if (sameKind && Within(l, x) && Within(r, y))
                {
                    pairs.Add((eq.Left, eq.Right));
                    continue;
                }
                if (sameKind && Within(l, y) && Within(r, x))
                {
                    pairs.Add((eq.Right, eq.Left));
                    continue;
                }
            }
            residual.Add(c);
        }
        return (pairs, residual);
    }

    private static bool Within(HashSet<int> leaves, FromNode node) => leaves.Count > 0 && leaves.All(node.Covers);

    private static (int Start, int End) ColumnsOf(FromNode node, FromClause from) =>
        (from.Leaves[node.First].Offset, from.Leaves[node.Last].Offset + from.Leaves[node.Last].Width);

    private enum KeyKind
    {
        Other,
        Number,
        Text,
        Temporal,
    }

    private static KeyKind KindOf(BoundExpr e, FromClause from)
    {
        var type = ExprTyping.Infer(e, from.TypeOf);
        return type.Type switch
        {
            _ when type.IsExactNumber => KeyKind.Number,
            MySqlColumnType.Float or MySqlColumnType.Double => KeyKind.Number,
            MySqlColumnType.VarChar or MySqlColumnType.VarString or MySqlColumnType.String or MySqlColumnType.Blob => KeyKind.Text,
            MySqlColumnType.Date or MySqlColumnType.DateTime or MySqlColumnType.Timestamp => KeyKind.Temporal,
            _ => KeyKind.Other,
        };
    }
}
