// The register checker: splits the history by key (P-compositionality) and runs the Wing-Gong search on
// each key's operations from the registers' initial value. For a key that is not linearizable it narrows
// the failure to a small sub-history: the shortest prefix that is already not linearizable (operations
// invoked up to a point, those still running there counted as indeterminate; a prefix of a linearizable
// history is linearizable, so a binary search finds it), then the latest quiescent point of that prefix
// (no operation running across it) from which on, starting from an unknown value, it still fails.
namespace OceanClassic.Jepsen.Checker;

public sealed record KeyVerdict(long Key, int Operations, CheckOutcome Outcome, IReadOnlyList<RegisterOperation> FailingWindow);

public sealed record LinearizabilityVerdict(CheckOutcome Outcome, int Operations, IReadOnlyList<KeyVerdict> Keys)
{
    public IEnumerable<KeyVerdict> Failing => Keys.Where(k => k.Outcome == CheckOutcome.Invalid);
}

public static class LinearizabilityChecker
{
    public static LinearizabilityVerdict Check(IReadOnlyDictionary<long, List<RegisterOperation>> byKey, long initial, TimeSpan budgetPerKey)
    {
        var keys = new List<KeyVerdict>();
        foreach (var (key, ops) in byKey)
        {
            var outcome = WingGongSearch.Check(ops, initial, budgetPerKey);
            var window = outcome == CheckOutcome.Invalid ? FailingWindow(ops, initial, budgetPerKey) : [];
            keys.Add(new KeyVerdict(key, ops.Count, outcome, window));
        }
        var overall = keys.Any(k => k.Outcome == CheckOutcome.Invalid) ? CheckOutcome.Invalid
            : keys.Any(k => k.Outcome == CheckOutcome.Unknown) ? CheckOutcome.Unknown
            : CheckOutcome.Valid;
        return new LinearizabilityVerdict(overall, keys.Sum(k => k.Operations), keys);
    }

    public static IReadOnlyList<RegisterOperation> FailingWindow(IReadOnlyList<RegisterOperation> ops, long initial, TimeSpan budget)
    {
        // The shortest failing prefix, cut at one of the returns.
        var cuts = ops.Where(o => !o.Indeterminate).Select(o => o.Return).Distinct().Order().ToList();
        int lo = 0, hi = cuts.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (WingGongSearch.Check(Prefix(ops, cuts[mid]), initial, budget) == CheckOutcome.Invalid)
                hi = mid;
            else
                lo = mid + 1;
        }
        var prefix = cuts.Count == 0 ? [.. ops.OrderBy(o => o.Call)] : Prefix(ops, cuts[lo]);

        // The latest quiescent start from which the prefix still fails with the value unknown there.
        var starts = QuiescentPoints(prefix);
        lo = 0;
        hi = starts.Count - 1;
        var best = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (WingGongSearch.Check(From(prefix, starts[mid]), RegisterModel.Unknown, budget) == CheckOutcome.Invalid)
            {
                best = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return best < 0 ? prefix : From(prefix, starts[best]);
    }

    private static List<RegisterOperation> Prefix(IReadOnlyList<RegisterOperation> ops, long cut) =>
        [.. ops.Where(o => o.Call <= cut && (o.Return <= cut || o.Function != RegisterFunction.Read))
            .Select(o => o.Return <= cut ? o : o with { Return = RegisterOperation.Pending })
            .OrderBy(o => o.Call)];

    private static List<RegisterOperation> From(List<RegisterOperation> ops, long start) => [.. ops.Where(o => o.Call >= start)];

    // Call times before which every earlier operation had returned.
    private static List<long> QuiescentPoints(List<RegisterOperation> byCall)
    {
        var points = new List<long>();
        var latestReturn = long.MinValue;
        foreach (var op in byCall)
        {
            if (latestReturn < op.Call)
                points.Add(op.Call);
            latestReturn = Math.Max(latestReturn, op.Return);
        }
        return points;
    }
}
