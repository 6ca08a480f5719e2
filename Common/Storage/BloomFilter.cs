using System.Buffers.Binary;
using System.Numerics;

namespace OceanClassic.Common.Storage;

// A bloom filter over rowkeys: k probes by double hashing (h1 + i*h2) over one 64-bit hash.
// No false negatives; at 10 bits per key and k = 7 the false-positive rate is about 0.8%.
// Serialized as: version u8, k u8, 6 reserved bytes, word count u64, then the u64 words (LE).
public sealed class BloomFilter
{
    private const byte FormatVersion = 1;
    private const int HeaderSize = 16;

    private readonly ulong[] _words;
    private readonly ulong _bitCount;

    public BloomFilter(long expectedKeys, int bitsPerKey)
    {
        if (bitsPerKey is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(bitsPerKey), bitsPerKey, "bits per key must be 1..64");
        var bits = Math.Max(64, expectedKeys * bitsPerKey);
        _words = new ulong[(bits + 63) / 64];
        _bitCount = (ulong)_words.Length * 64;
        HashCount = Math.Clamp((int)Math.Round(bitsPerKey * 0.69), 1, 30);
    }

    private BloomFilter(ulong[] words, int hashCount)
    {
        _words = words;
        _bitCount = (ulong)words.Length * 64;
        HashCount = hashCount;
    }

    public int HashCount { get; }
    public long BitCount => (long)_bitCount;
    public int SerializedSize => HeaderSize + (_words.Length * 8);

    public void Add(ReadOnlySpan<byte> key) => AddHash(KeyHash.Hash64(key));

    public void AddHash(ulong hash)
    {
        var (h, delta) = Probes(hash);
        for (var i = 0; i < HashCount; i++)
        {
            var bit = h % _bitCount;
            _words[bit >> 6] |= 1UL << (int)(bit & 63);
            h += delta;
        }
    }

    public bool MayContain(ReadOnlySpan<byte> key) => MayContainHash(KeyHash.Hash64(key));

    public bool MayContainHash(ulong hash)
    {
        var (h, delta) = Probes(hash);
        for (var i = 0; i < HashCount; i++)
        {
            var bit = h % _bitCount;
            if ((_words[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
                return false;
            h += delta;
        }
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        destination[..HeaderSize].Clear();
        destination[0] = FormatVersion;
        destination[1] = (byte)HashCount;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], (ulong)_words.Length);
        for (var i = 0; i < _words.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(HeaderSize + (i * 8))..], _words[i]);
    }

    public byte[] Serialize()
    {
        var bytes = new byte[SerializedSize];
        WriteTo(bytes);
        return bytes;
    }

    public static BloomFilter Deserialize(ReadOnlySpan<byte> source)
    {
        if (source.Length < HeaderSize || source[0] != FormatVersion)
            throw new FormatException("bad bloom filter header");
        var hashCount = source[1];
        var wordCount = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        if (hashCount is < 1 or > 30 || wordCount == 0 || wordCount != (ulong)(source.Length - HeaderSize) / 8
            || (source.Length - HeaderSize) % 8 != 0)
            throw new FormatException("bloom filter size does not match its header");
        var words = new ulong[wordCount];
        for (var i = 0; i < words.Length; i++)
            words[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(HeaderSize + (i * 8))..]);
        return new BloomFilter(words, hashCount);
    }

    // Kirsch–Mitzenmacher: the second hash is the first rotated (made odd so probes never repeat).
    private static (ulong H, ulong Delta) Probes(ulong hash) => (hash, BitOperations.RotateLeft(hash, 21) | 1);
}
