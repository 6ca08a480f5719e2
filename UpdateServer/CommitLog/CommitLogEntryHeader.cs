using System.Buffers.Binary;
using OceanClassic.Common.Checksums;

namespace OceanClassic.UpdateServer.CommitLog;

// The fixed 56-byte header in front of every commit-log entry (little endian):
// magic u32 | payload length u32 | log sequence u64 | commit version u64 | payload CRC-64 u64 |
// MemTable checksum before u64 | after u64 (MemTableChecksum) |
// header CRC-64 u64 (of the 48 bytes before it, so a torn or corrupt length is never trusted).
// The magic is the entry version. Version 3 ("OCL3", written since majority replication) starts
// its payload with the entry's EntryStamp (term and commit point, 16 bytes, covered by the payload
// CRC); version 2 ("OCL2") has none and still reads (term 0, commit point unknown).
// Version 1 ("OCLG", 40 bytes, no checksums) is not read: there is no deployed data.
public readonly record struct CommitLogEntryHeader(uint PayloadLength, ulong LogSequence, ulong CommitVersion, ulong PayloadCrc,
    ulong ChecksumBefore, ulong ChecksumAfter, bool Stamped = true)
{
    public const int Size = 56;
    public const uint Magic = 0x334C434F; // "OCL3": the payload starts with an EntryStamp
    public const uint MagicV2 = 0x324C434F; // "OCL2": no stamp
    private const int CrcOffset = 48;
    public const int MaxPayloadLength = 64 << 20;

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Stamped ? Magic : MagicV2);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], PayloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], LogSequence);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], CommitVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], PayloadCrc);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[32..], ChecksumBefore);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[40..], ChecksumAfter);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[CrcOffset..], Crc64.Compute(destination[..CrcOffset]));
    }

    // The stamp and the transaction body of this header's payload.
    public EntryStamp Split(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> body)
    {
        body = Stamped ? payload[EntryStamp.Size..] : payload;
        return Stamped ? EntryStamp.Read(payload) : default;
    }

    // False when the magic or the header CRC does not match (a torn or corrupt header).
    public static bool TryRead(ReadOnlySpan<byte> source, out CommitLogEntryHeader header)
    {
        header = default;
        if (source.Length < Size)
            return false;
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (magic is not (Magic or MagicV2))
            return false;
        if (BinaryPrimitives.ReadUInt64LittleEndian(source[CrcOffset..]) != Crc64.Compute(source[..CrcOffset]))
            return false;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (length > MaxPayloadLength || (magic == Magic && length < EntryStamp.Size))
            return false;
        header = new CommitLogEntryHeader(
            length,
            BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[32..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[40..]),
            magic == Magic);
        return true;
    }
}
