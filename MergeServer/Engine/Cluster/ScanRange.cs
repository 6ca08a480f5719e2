using Google.Protobuf;
using OceanClassic.Common.Protos;

namespace OceanClassic.MergeServer.Engine.Cluster;

// A range of encoded rowkeys; a null bound is -inf / +inf.
public sealed record ScanRange(byte[]? Start, bool StartInclusive, byte[]? End, bool EndInclusive)
{
    public static ScanRange Full { get; } = new(null, true, null, true);

    public static ScanRange Point(byte[] key) => new(key, true, key, true);

    public bool IsPoint => Start is not null && End is not null && StartInclusive && EndInclusive && Start.AsSpan().SequenceEqual(End);

    public bool IsEmpty
    {
        get
        {
            if (Start is null || End is null)
                return false;
            var c = Start.AsSpan().SequenceCompareTo(End);
            return c > 0 || (c == 0 && !(StartInclusive && EndInclusive));
        }
    }

    public static ScanRange FromProto(KeyRange r) => new(
        r.StartIsMin ? null : r.Start.ToByteArray(), r.StartInclusive || r.StartIsMin,
        r.EndIsMax ? null : r.End.ToByteArray(), r.EndInclusive || r.EndIsMax);

    // The bounds are wrapped, not copied (a range's keys are never changed once built), and a point's one
    // key is wrapped once for both bounds.
    public KeyRange ToProto()
    {
        var start = Start is null ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(Start);
        return new KeyRange
        {
            Start = start,
            StartInclusive = Start is null || StartInclusive,
            StartIsMin = Start is null,
            End = End is null ? ByteString.Empty : ReferenceEquals(End, Start) ? start : UnsafeByteOperations.UnsafeWrap(End),
            EndInclusive = End is null || EndInclusive,
            EndIsMax = End is null,
        };
    }

    // The part of this range inside `other`, or null when they do not overlap.
    public ScanRange? Intersect(ScanRange other)
    {
        var (start, startInc) = MaxStart(Start, StartInclusive, other.Start, other.StartInclusive);
        var (end, endInc) = MinEnd(End, EndInclusive, other.End, other.EndInclusive);
        var r = new ScanRange(start, startInc, end, endInc);
        return r.IsEmpty ? null : r;
    }

    // The rest of this range after `lastKey` (paging).
    public ScanRange After(byte[] lastKey) => new(lastKey, false, End, EndInclusive);

    private static (byte[]?, bool) MaxStart(byte[]? a, bool aInc, byte[]? b, bool bInc)
    {
        if (a is null)
            return (b, bInc);
        if (b is null)
            return (a, aInc);
        var c = a.AsSpan().SequenceCompareTo(b);
        return c > 0 ? (a, aInc) : c < 0 ? (b, bInc) : (a, aInc && bInc);
    }

    private static (byte[]?, bool) MinEnd(byte[]? a, bool aInc, byte[]? b, bool bInc)
    {
        if (a is null)
            return (b, bInc);
        if (b is null)
            return (a, aInc);
        var c = a.AsSpan().SequenceCompareTo(b);
        return c < 0 ? (a, aInc) : c > 0 ? (b, bInc) : (a, aInc && bInc);
    }
}
