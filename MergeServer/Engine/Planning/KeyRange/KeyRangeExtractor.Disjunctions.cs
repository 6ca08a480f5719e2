using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Planning.KeyRange;

// OR conjuncts: `k BETWEEN 1 AND 5 OR k BETWEEN 20 AND 25 OR k = 40` (or `id = 1 OR id = 7`) narrows
// the key to the union of what each branch narrows it to, together with the other AND conjuncts: each
// branch is analysed as (the other conjuncts AND the branch), and the branches' ranges become one
// sorted, merged range set (KeyRangeSet), read in key order. When any branch leaves the key
// unrestricted the OR does not narrow it (a full scan it is, unless another conjunct narrows). The
// first OR conjunct that narrows is used; a statement analyses at most MaxBranchAnalyses branches and
// keeps at most MaxPoints ranges, else the OR is ignored (the ranges stay a superset: the filter runs).
public static partial class KeyRangeExtractor
{
    public const int MaxBranchAnalyses = 4096;

    private sealed class DisjunctionBudget
    {
        public int BranchesLeft { get; set; } = MaxBranchAnalyses;
    }

    private static KeyRanges Analyze(List<BoundExpr> conjuncts, TableSchema keyTable, IReadOnlyList<int> whereColumns, DisjunctionBudget budget)
    {
        var plain = AnalyzeConjuncts(conjuncts, keyTable, whereColumns);
        if (plain.Ranges.Count == 0)
            return plain;
        for (var i = 0; i < conjuncts.Count; i++)
        {
            if (conjuncts[i] is not BoundBinary { Op: BinaryOp.Or } or)
                continue;
            var branches = Conjuncts.Branches(or);
            if (branches.Count > budget.BranchesLeft)
                return plain;
            budget.BranchesLeft -= branches.Count;
            // The ORs before this one did not narrow the key; their branches are not tried again.
            var rest = new List<BoundExpr>(conjuncts.Count);
            for (var j = 0; j < conjuncts.Count; j++)
            {
                if (j > i || (j < i && conjuncts[j] is not BoundBinary { Op: BinaryOp.Or }))
                    rest.Add(conjuncts[j]);
            }
            var parts = new List<KeyRanges>(branches.Count);
            foreach (var branch in branches)
            {
                var part = Analyze(rest.Count == 0 ? Conjuncts.Split(branch) : [.. rest, .. Conjuncts.Split(branch)], keyTable, whereColumns, budget);
                if (part.IsFull)
                    break;
                parts.Add(part);
            }
            if (parts.Count == branches.Count && UnionOf(parts) is { } union)
                return union;
        }
        return plain;
    }

    // The branches' ranges as one set; null when it narrows nothing or holds too many ranges. Its
    // EqualityColumns are those every branch fixes — 0 when branches with different ranges merged into
    // one range, which then holds more than one value of those columns (see AccessPathChooser.IsOrdered).
    private static KeyRanges? UnionOf(List<KeyRanges> parts)
    {
        var live = parts.Where(p => p.Ranges.Count > 0).ToList();
        if (live.Count == 0)
            return new KeyRanges([], parts.Max(p => p.EqualityColumns), false);
        var ranges = KeyRangeSet.Union(live.SelectMany(p => p.Ranges));
        if (ranges.Count > MaxPoints || (ranges.Count == 1 && ranges[0].Start is null && ranges[0].End is null))
            return null;
        var equality = live.Min(p => p.EqualityColumns);
        if (ranges.Count == 1 && !live.All(p => SameRanges(p.Ranges, live[0].Ranges)))
            equality = 0;
        var bounded = live.All(p => p.EqualityColumns > equality || p.Bounded);
        return new KeyRanges(ranges, equality, bounded);
    }

    private static bool SameRanges(IReadOnlyList<ScanRange> a, IReadOnlyList<ScanRange> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First == p.Second
            || (Same(p.First.Start, p.Second.Start) && p.First.StartInclusive == p.Second.StartInclusive
                && Same(p.First.End, p.Second.End) && p.First.EndInclusive == p.Second.EndInclusive));

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);
}
