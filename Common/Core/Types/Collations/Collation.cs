using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace OceanClassic.Common.Types.Collations;

// A collation maps each character (code point) to a weight; strings compare by their weight sequences.
// PAD SPACE collations (both utf8mb4 ones, as in MariaDB) compare as if the shorter string were padded
// with spaces, so trailing spaces never matter and 'a\t' < 'a' < 'a!'; `binary` is NO PAD.
// Compare/Equals/GetHashCode agree: equal strings hash alike. The memcomparable form of the same order
// is CollationKey (rowkeys).
public abstract class Collation
{
    public const int SpaceWeight = 0x20;

    public static Collation Utf8mb4GeneralCi { get; } = new GeneralCiCollation();
    public static Collation Utf8mb4Bin { get; } = new Utf8mb4BinCollation();
    public static Collation Binary { get; } = new BinaryCollation();

    public static Collation Default => Utf8mb4GeneralCi;

    private static readonly Collation[] ById = [Utf8mb4GeneralCi, Utf8mb4Bin, Binary];

    public abstract CollationId Id { get; }

    // MariaDB's name and number (the number is what result-set column definitions carry).
    public abstract string Name { get; }
    public abstract int Number { get; }
    public abstract string CharacterSet { get; }
    public abstract bool PadSpace { get; }

    // Bytes per weight in the rowkey form (CollationKey).
    public abstract int KeyWeightBytes { get; }

    public abstract int Weight(int codePoint);

    // Weight(c) of every BMP character c as one table, when the collation has one (null: ask Weight): Compare
    // and GetHashCode read it without a virtual call per character (DISTINCT and ORDER BY of long strings).
    protected virtual ushort[]? BmpWeights => null;

    // Every BMP character weighing its own code point (utf8mb4_bin, binary).
    protected static ushort[] CodePointWeights { get; } = BuildCodePointWeights();

    private static ushort[] BuildCodePointWeights()
    {
        var weights = new ushort[0x10000];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = (ushort)i;
        return weights;
    }

    public static Collation Of(CollationId id) => ById[(int)id];

    // Collation names as MariaDB 10.11 accepts them (case-insensitive). utf8mb3 names are the same
    // collation here (text is stored as utf8mb4).
    public static bool TryFind(string name, [NotNullWhen(true)] out Collation? collation)
    {
        collation = name.ToLowerInvariant() switch
        {
            "utf8mb4_general_ci" or "utf8mb3_general_ci" or "utf8_general_ci" => Utf8mb4GeneralCi,
            "utf8mb4_bin" or "utf8mb3_bin" or "utf8_bin" => Utf8mb4Bin,
            "binary" => Binary,
            _ => null,
        };
        return collation is not null;
    }

    // The default collation of a character set (null: a character set this server does not store).
    public static Collation? DefaultOf(string characterSet) => characterSet.ToLowerInvariant() switch
    {
        "utf8mb4" or "utf8mb3" or "utf8" => Utf8mb4GeneralCi,
        "binary" => Binary,
        _ => null,
    };

    public int Compare(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
            return 0;
        if (a is null || b is null)
            return a is null ? -1 : 1;
        var sa = a.AsSpan();
        var sb = b.AsSpan();
        // Equal characters weigh alike, so the ordinal common prefix (found vectorized) is skipped; a
        // high surrogate just before the first difference is stepped back onto, so its pair is weighed whole.
        var i = sa.CommonPrefixLength(sb);
        if (i > 0 && char.IsHighSurrogate(sa[i - 1]))
            i--;
        var j = i;
        var bmp = BmpWeights;
        while (i < sa.Length && j < sb.Length)
        {
            var wa = NextWeight(sa, ref i, bmp);
            var wb = NextWeight(sb, ref j, bmp);
            if (wa != wb)
                return wa < wb ? -1 : 1;
        }
        if (i < sa.Length)
            return PadSpace ? RestAgainstSpaces(sa, i) : 1;
        if (j < sb.Length)
            return PadSpace ? -RestAgainstSpaces(sb, j) : -1;
        return 0;
    }

    public bool Equals(string? a, string? b) => Compare(a, b) == 0;

    // Hash of the weights; trailing spaces are left out under PAD SPACE.
    public int GetHashCode(string s)
    {
        var hash = new HashCode();
        var pendingSpaces = 0;
        var span = s.AsSpan();
        var i = 0;
        var bmp = BmpWeights;
        while (i < span.Length)
        {
            var w = NextWeight(span, ref i, bmp);
            if (PadSpace && w == SpaceWeight)
            {
                pendingSpaces++;
                continue;
            }
            for (; pendingSpaces > 0; pendingSpaces--)
                hash.Add(SpaceWeight);
            hash.Add(w);
        }
        if (!PadSpace)
            hash.Add(span.Length);
        return hash.ToHashCode();
    }

    // The weight of the character at s[i], advancing i past it.
    public int NextWeight(ReadOnlySpan<char> s, ref int i)
    {
        var c = s[i];
        if (!char.IsSurrogate(c))
        {
            i++;
            return Weight(c);
        }
        if (Rune.DecodeFromUtf16(s[i..], out var rune, out var used) != OperationStatus.Done)
        {
            // A lone surrogate (LosslessUtf8's escape of an invalid byte) weighs as itself.
            i++;
            return Weight(c);
        }
        i += used;
        return Weight(rune.Value);
    }

    // NextWeight through the BMP table when there is one (the same weight Weight gives).
    private int NextWeight(ReadOnlySpan<char> s, ref int i, ushort[]? bmp)
    {
        var c = s[i];
        if (bmp is null || char.IsSurrogate(c))
            return NextWeight(s, ref i);
        i++;
        return bmp[c];
    }

    public override string ToString() => Name;

    // The rest of a longer string against the padding spaces of the shorter one.
    private int RestAgainstSpaces(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length)
        {
            var w = NextWeight(s, ref i);
            if (w != SpaceWeight)
                return w < SpaceWeight ? -1 : 1;
        }
        return 0;
    }
}

// utf8mb4_bin: a character weighs its code point; PAD SPACE.
internal sealed class Utf8mb4BinCollation : Collation
{
    public override CollationId Id => CollationId.Utf8mb4Bin;
    public override string Name => "utf8mb4_bin";
    public override int Number => 46;
    public override string CharacterSet => "utf8mb4";
    public override bool PadSpace => true;
    public override int KeyWeightBytes => 3;
    public override int Weight(int codePoint) => codePoint;
    protected override ushort[]? BmpWeights => CodePointWeights;
}

// binary (BINARY, VARBINARY, BLOB): each unit weighs itself; NO PAD.
internal sealed class BinaryCollation : Collation
{
    public override CollationId Id => CollationId.Binary;
    public override string Name => "binary";
    public override int Number => 63;
    public override string CharacterSet => "binary";
    public override bool PadSpace => false;
    public override int KeyWeightBytes => 3;
    public override int Weight(int codePoint) => codePoint;
    protected override ushort[]? BmpWeights => CodePointWeights;
}
