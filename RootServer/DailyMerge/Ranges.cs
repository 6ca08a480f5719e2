using OceanClassic.Common.Protos;

namespace OceanClassic.RootServer.DailyMerge;

// Tablet ranges [start, end) as the root table holds them (start_is_min / end_is_max for the open ends).
public static class Ranges
{
    public static readonly IComparer<KeyRange> StartComparer = Comparer<KeyRange>.Create((a, b) => CompareStart(a, b));

    public static bool Covers(KeyRange outer, KeyRange inner) =>
        CompareStart(outer, inner) <= 0 && CompareEnd(inner, outer) <= 0;

    public static bool Overlap(KeyRange a, KeyRange b) =>
        StartBeforeEnd(a, b) && StartBeforeEnd(b, a);

    // True when the sorted parts cover parent exactly, each starting where the previous ended.
    public static bool Partition(KeyRange parent, IReadOnlyList<KeyRange> sortedParts)
    {
        if (sortedParts.Count == 0 || CompareStart(sortedParts[0], parent) != 0 || CompareEnd(sortedParts[^1], parent) != 0)
            return false;
        for (var i = 1; i < sortedParts.Count; i++)
        {
            var prev = sortedParts[i - 1];
            var next = sortedParts[i];
            if (prev.EndIsMax || next.StartIsMin || !prev.End.Span.SequenceEqual(next.Start.Span))
                return false;
        }
        return true;
    }

    public static string Render(KeyRange r) =>
        $"[{(r.StartIsMin ? "MIN" : Convert.ToHexString(r.Start.Span))}, {(r.EndIsMax ? "MAX" : Convert.ToHexString(r.End.Span))})";

    private static int CompareStart(KeyRange a, KeyRange b)
    {
        if (a.StartIsMin || b.StartIsMin)
            return (a.StartIsMin ? 0 : 1) - (b.StartIsMin ? 0 : 1);
        return a.Start.Span.SequenceCompareTo(b.Start.Span);
    }

    private static int CompareEnd(KeyRange a, KeyRange b)
    {
        if (a.EndIsMax || b.EndIsMax)
            return (a.EndIsMax ? 1 : 0) - (b.EndIsMax ? 1 : 0);
        return a.End.Span.SequenceCompareTo(b.End.Span);
    }

    // a's start lies before b's end.
    private static bool StartBeforeEnd(KeyRange a, KeyRange b) =>
        b.EndIsMax || a.StartIsMin || a.Start.Span.SequenceCompareTo(b.End.Span) < 0;
}
