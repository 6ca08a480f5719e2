using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Engine.Planning.KeyRange;

// The union of key ranges as a sorted set: ranges in key order, no two sharing a key, ranges that
// overlap or meet with no key between them ([a, b) and [b, c)) merged into one, empty ranges dropped.
// A null start is -inf, a null end +inf. Reading the set's ranges one after the other reads every key
// of the union once, in key order (an OR of ranges on one key becomes such a set).
public static class KeyRangeSet
{
    public static List<ScanRange> Union(IEnumerable<ScanRange> ranges)
    {
        var sorted = new List<ScanRange>(ranges is IReadOnlyCollection<ScanRange> known ? known.Count : 4);
        foreach (var range in ranges)
        {
            if (!range.IsEmpty)
                sorted.Add(range);
        }
        // One range (a point select's, each branch of an OR): already a set.
        if (sorted.Count <= 1)
            return sorted;
        sorted.Sort(CompareStarts);
        var result = new List<ScanRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (result.Count > 0 && Joins(result[^1], range))
            {
                var last = result[^1];
                if (CompareEnds(range, last) > 0)
                    result[^1] = last with { End = range.End, EndInclusive = range.EndInclusive };
                continue;
            }
            result.Add(range);
        }
        return result;
    }

    // Whether `next` (starting at or after `current`'s start) overlaps `current` or continues it with no gap.
    private static bool Joins(ScanRange current, ScanRange next)
    {
        if (current.End is null || next.Start is null)
            return true;
        var c = next.Start.AsSpan().SequenceCompareTo(current.End);
        return c < 0 || (c == 0 && (current.EndInclusive || next.StartInclusive));
    }

    // -inf first; at the same key an inclusive start comes before an exclusive one.
    private static int CompareStarts(ScanRange a, ScanRange b)
    {
        if (a.Start is null || b.Start is null)
            return (a.Start is null ? 0 : 1) - (b.Start is null ? 0 : 1);
        var c = a.Start.AsSpan().SequenceCompareTo(b.Start);
        return c != 0 ? c : (a.StartInclusive ? 0 : 1) - (b.StartInclusive ? 0 : 1);
    }

    // +inf last; at the same key an inclusive end reaches further than an exclusive one.
    private static int CompareEnds(ScanRange a, ScanRange b)
    {
        if (a.End is null || b.End is null)
            return (a.End is null ? 1 : 0) - (b.End is null ? 1 : 0);
        var c = a.End.AsSpan().SequenceCompareTo(b.End);
        return c != 0 ? c : (a.EndInclusive ? 1 : 0) - (b.EndInclusive ? 1 : 0);
    }
}
