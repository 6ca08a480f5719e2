using System.Buffers;
using System.Text;

namespace OceanClassic.Common.Types.Collations;

// The memcomparable form of a string under a collation: comparing two forms byte by byte gives
// Collation.Compare's order, and equal forms mean equal strings. The form holds weights only — the
// string itself cannot be recovered from it (see RowKeyCodec for where the original lives).
//
// Each character becomes a token of KeyWeightBytes big-endian bytes:
// - NO PAD: weight + 1 per character, then a terminator of zero bytes (a prefix sorts first).
// - PAD SPACE: trailing spaces are dropped; a non-space character is its weight; a space (weight 0x20)
//   is the space weight plus one byte saying how the string goes on after the run of spaces it
//   belongs to: 0x00 if the next non-space character weighs less than a space, 0x02 if more. The
//   terminator is the space weight plus 0x01 — it stands for endless padding spaces, so it sorts
//   after a space run that continues lower and before one that continues higher, and against a
//   non-space character exactly as a space would.
// Tokens of two forms stay aligned while they are equal, so the first differing byte decides.
public static class CollationKey
{
    private const byte SpaceThenLower = 0x00;
    private const byte End = 0x01;
    private const byte SpaceThenHigher = 0x02;

    public static void Append(IBufferWriter<byte> writer, string s, Collation collation)
    {
        var width = collation.KeyWeightBytes;
        var rented = ArrayPool<int>.Shared.Rent(s.Length);
        try
        {
            var span = s.AsSpan();
            var n = 0;
            for (var i = 0; i < span.Length;)
                rented[n++] = collation.NextWeight(span, ref i);
            var weights = rented.AsSpan(0, n);
            if (!collation.PadSpace)
            {
                var outSpan = writer.GetSpan((n + 1) * width);
                var o = 0;
                foreach (var w in weights)
                    o = Put(outSpan, o, w + 1, width);
                outSpan.Slice(o, width).Clear();
                writer.Advance(o + width);
                return;
            }
            while (n > 0 && weights[n - 1] == Collation.SpaceWeight)
                n--;
            weights = weights[..n];
            var total = (n * width) + CountSpaces(weights) + width + 1;
            var padded = writer.GetSpan(total);
            // Written back to front, so each space knows the first non-space weight after its run.
            var pos = total - (width + 1);
            Put(padded, pos, Collation.SpaceWeight, width);
            padded[pos + width] = End;
            var nextNonSpace = Collation.SpaceWeight;
            for (var k = n - 1; k >= 0; k--)
            {
                var w = weights[k];
                if (w == Collation.SpaceWeight)
                {
                    pos -= width + 1;
                    Put(padded, pos, w, width);
                    padded[pos + width] = nextNonSpace < Collation.SpaceWeight ? SpaceThenLower : SpaceThenHigher;
                }
                else
                {
                    pos -= width;
                    Put(padded, pos, w, width);
                    nextNonSpace = w;
                }
            }
            writer.Advance(total);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    // A readable rendering of a form (its weights as characters), for messages and system views:
    // under utf8mb4_general_ci that is the folded text ('bob' reads 'BOB').
    public static string Decode(ReadOnlySpan<byte> key, ref int pos, Collation collation)
    {
        var width = collation.KeyWeightBytes;
        var text = new StringBuilder();
        while (true)
        {
            var w = Get(key, pos, width);
            pos += width;
            if (!collation.PadSpace)
            {
                if (w == 0)
                    break;
                w--;
            }
            else if (w == Collation.SpaceWeight)
            {
                if (key[pos++] == End)
                    break;
            }
            text.Append(Rune.IsValid(w) ? new Rune(w).ToString() : "\uFFFD");
        }
        return text.ToString();
    }

    private static int CountSpaces(ReadOnlySpan<int> weights)
    {
        var count = 0;
        foreach (var w in weights)
        {
            if (w == Collation.SpaceWeight)
                count++;
        }
        return count;
    }

    private static int Put(Span<byte> span, int pos, int value, int width)
    {
        for (var b = width - 1; b >= 0; b--)
        {
            span[pos + b] = (byte)value;
            value >>= 8;
        }
        return pos + width;
    }

    private static int Get(ReadOnlySpan<byte> span, int pos, int width)
    {
        var value = 0;
        for (var b = 0; b < width; b++)
            value = (value << 8) | span[pos + b];
        return value;
    }
}
