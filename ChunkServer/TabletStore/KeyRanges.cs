using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.TabletStore;

// Bound arithmetic on KeyRange (memcomparable keys, compared as raw bytes).
public static class KeyRanges
{
    public static KeyRange All => new() { StartIsMin = true, EndIsMax = true };

    public static bool Contains(KeyRange range, ReadOnlySpan<byte> key)
    {
        if (!range.StartIsMin)
        {
            var c = key.SequenceCompareTo(range.Start.Span);
            if (c < 0 || (c == 0 && !range.StartInclusive))
                return false;
        }
        if (!range.EndIsMax)
        {
            var c = key.SequenceCompareTo(range.End.Span);
            if (c > 0 || (c == 0 && !range.EndInclusive))
                return false;
        }
        return true;
    }

    // True if every key of inner is in outer.
    public static bool Covers(KeyRange outer, KeyRange inner) =>
        CompareLower(outer, inner) <= 0 && CompareUpper(inner, outer) <= 0;

    // The rest of range after key (exclusive): where a paged scan continues.
    public static KeyRange After(KeyRange range, byte[] key)
    {
        var next = range.Clone();
        next.Start = Google.Protobuf.ByteString.CopyFrom(key);
        next.StartInclusive = false;
        next.StartIsMin = false;
        return next;
    }

    // Orders lower bounds: -inf < [k < (k < [k' for k < k'.
    private static int CompareLower(KeyRange a, KeyRange b)
    {
        if (a.StartIsMin || b.StartIsMin)
            return (a.StartIsMin ? 0 : 1) - (b.StartIsMin ? 0 : 1);
        var c = a.Start.Span.SequenceCompareTo(b.Start.Span);
        return c != 0 ? c : (a.StartInclusive ? 0 : 1) - (b.StartInclusive ? 0 : 1);
    }

    // Orders upper bounds: k) < k] < k') for k < k', all < +inf.
    private static int CompareUpper(KeyRange a, KeyRange b)
    {
        if (a.EndIsMax || b.EndIsMax)
            return (a.EndIsMax ? 1 : 0) - (b.EndIsMax ? 1 : 0);
        var c = a.End.Span.SequenceCompareTo(b.End.Span);
        return c != 0 ? c : (a.EndInclusive ? 1 : 0) - (b.EndInclusive ? 1 : 0);
    }
}
