using System.Buffers.Binary;
using OceanClassic.Common.Checksums;

namespace OceanClassic.Common.Storage;

// The fixed-size record at the very end of an SSTable (all little endian):
//   0 magic u64 | 8 format version u32 | 12 compressor u8 | 13 flags u8 | 14 reserved u16
//  16 block size u32 | 20 block count u32 | 24 row count u64 | 32 data end u64
//  40 index offset u64 | 48 index length u64 | 56 index CRC u64
//  64 bloom offset u64 | 72 bloom length u64 | 80 bloom CRC u64
//  88 min key offset u64 | 96 min key length u32 | 100 max key length u32 | 104 max key offset u64
// 112 keys CRC u64 (min key bytes then max key bytes) | 120 data checksum u64 | 128 reserved u64
// 136 trailer CRC u64 over bytes 0..136
public sealed record SSTableTrailer
{
    public const int Size = 144;
    public const ulong Magic = 0x3142_5453_5343_434F; // "OCCSSTB1" read little endian
    public const uint CurrentVersion = 1;
    public const byte FlagBloom = 1;

    public uint FormatVersion { get; init; } = CurrentVersion;
    public SSTableCompressor Compressor { get; init; }
    public byte Flags { get; init; }
    public int BlockSize { get; init; }
    public int BlockCount { get; init; }
    public long RowCount { get; init; }
    public long DataEnd { get; init; }
    public long IndexOffset { get; init; }
    public long IndexLength { get; init; }
    public ulong IndexCrc { get; init; }
    public long BloomOffset { get; init; }
    public long BloomLength { get; init; }
    public ulong BloomCrc { get; init; }
    public long MinKeyOffset { get; init; }
    public int MinKeyLength { get; init; }
    public long MaxKeyOffset { get; init; }
    public int MaxKeyLength { get; init; }
    public ulong KeysCrc { get; init; }
    // CRC-64 over every row's logical bytes in key order: equal rows give equal checksums,
    // whatever the block size or compressor (the replica checksum the RootServer compares).
    public ulong DataChecksum { get; init; }

    public bool HasBloom => (Flags & FlagBloom) != 0;

    public void Write(Span<byte> d)
    {
        d[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(d, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(d[8..], FormatVersion);
        d[12] = (byte)Compressor;
        d[13] = Flags;
        BinaryPrimitives.WriteInt32LittleEndian(d[16..], BlockSize);
        BinaryPrimitives.WriteInt32LittleEndian(d[20..], BlockCount);
        BinaryPrimitives.WriteInt64LittleEndian(d[24..], RowCount);
        BinaryPrimitives.WriteInt64LittleEndian(d[32..], DataEnd);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], IndexOffset);
        BinaryPrimitives.WriteInt64LittleEndian(d[48..], IndexLength);
        BinaryPrimitives.WriteUInt64LittleEndian(d[56..], IndexCrc);
        BinaryPrimitives.WriteInt64LittleEndian(d[64..], BloomOffset);
        BinaryPrimitives.WriteInt64LittleEndian(d[72..], BloomLength);
        BinaryPrimitives.WriteUInt64LittleEndian(d[80..], BloomCrc);
        BinaryPrimitives.WriteInt64LittleEndian(d[88..], MinKeyOffset);
        BinaryPrimitives.WriteInt32LittleEndian(d[96..], MinKeyLength);
        BinaryPrimitives.WriteInt32LittleEndian(d[100..], MaxKeyLength);
        BinaryPrimitives.WriteInt64LittleEndian(d[104..], MaxKeyOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(d[112..], KeysCrc);
        BinaryPrimitives.WriteUInt64LittleEndian(d[120..], DataChecksum);
        BinaryPrimitives.WriteUInt64LittleEndian(d[136..], Crc64.Compute(d[..136]));
    }

    // Checks magic, CRC, version and that every section lies inside the file before the trailer.
    public static SSTableTrailer Read(ReadOnlySpan<byte> d, string path, long fileLength)
    {
        if (BinaryPrimitives.ReadUInt64LittleEndian(d) != Magic)
            throw Corrupt(path, "bad trailer magic: not an SSTable, or the file is truncated");
        if (BinaryPrimitives.ReadUInt64LittleEndian(d[136..]) != Crc64.Compute(d[..136]))
            throw Corrupt(path, "trailer CRC mismatch");
        var t = new SSTableTrailer
        {
            FormatVersion = BinaryPrimitives.ReadUInt32LittleEndian(d[8..]),
            Compressor = (SSTableCompressor)d[12],
            Flags = d[13],
            BlockSize = BinaryPrimitives.ReadInt32LittleEndian(d[16..]),
            BlockCount = BinaryPrimitives.ReadInt32LittleEndian(d[20..]),
            RowCount = BinaryPrimitives.ReadInt64LittleEndian(d[24..]),
            DataEnd = BinaryPrimitives.ReadInt64LittleEndian(d[32..]),
            IndexOffset = BinaryPrimitives.ReadInt64LittleEndian(d[40..]),
            IndexLength = BinaryPrimitives.ReadInt64LittleEndian(d[48..]),
            IndexCrc = BinaryPrimitives.ReadUInt64LittleEndian(d[56..]),
            BloomOffset = BinaryPrimitives.ReadInt64LittleEndian(d[64..]),
            BloomLength = BinaryPrimitives.ReadInt64LittleEndian(d[72..]),
            BloomCrc = BinaryPrimitives.ReadUInt64LittleEndian(d[80..]),
            MinKeyOffset = BinaryPrimitives.ReadInt64LittleEndian(d[88..]),
            MinKeyLength = BinaryPrimitives.ReadInt32LittleEndian(d[96..]),
            MaxKeyLength = BinaryPrimitives.ReadInt32LittleEndian(d[100..]),
            MaxKeyOffset = BinaryPrimitives.ReadInt64LittleEndian(d[104..]),
            KeysCrc = BinaryPrimitives.ReadUInt64LittleEndian(d[112..]),
            DataChecksum = BinaryPrimitives.ReadUInt64LittleEndian(d[120..]),
        };
        if (t.FormatVersion != CurrentVersion)
            throw Corrupt(path, $"unsupported format version {t.FormatVersion}");
        if (!Enum.IsDefined(t.Compressor))
            throw Corrupt(path, $"unknown compressor {(byte)t.Compressor}");
        var limit = fileLength - Size;
        if (t.RowCount < 0 || t.BlockCount < 0 || t.DataEnd < 0 || t.DataEnd > limit
            || !Inside(t.IndexOffset, t.IndexLength, limit) || !Inside(t.BloomOffset, t.BloomLength, limit)
            || !Inside(t.MinKeyOffset, t.MinKeyLength, limit) || !Inside(t.MaxKeyOffset, t.MaxKeyLength, limit)
            || t.IndexLength > int.MaxValue || t.BloomLength > int.MaxValue)
            throw Corrupt(path, "trailer points outside the file");
        return t;
    }

    private static bool Inside(long offset, long length, long limit) =>
        offset >= 0 && length >= 0 && offset <= limit && length <= limit - offset;

    private static SSTableCorruptException Corrupt(string path, string what) =>
        new($"SSTable {path}: {what}") { FilePath = path };
}
