using System.Buffers.Binary;
using OceanClassic.Common.Storage;

namespace OceanClassic.UpdateServer.CommitLog;

// The fixed 40-byte header in front of every commit-log entry (little endian):
// magic u32 | payload length u32 | log sequence u64 | commit version u64 | payload CRC-64 u64 |
// header CRC-64 u64 (of the 32 bytes before it, so a torn or corrupt length is never trusted).
public readonly record struct CommitLogEntryHeader(uint PayloadLength, ulong LogSequence, ulong CommitVersion, ulong PayloadCrc)
{
    public const int Size = 40;
    public const uint Magic = 0x474C434F; // "OCLG"
    public const int MaxPayloadLength = 64 << 20;

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], PayloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], LogSequence);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], CommitVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], PayloadCrc);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[32..], Crc64.Compute(destination[..32]));
    }

    // False when the magic or the header CRC does not match (a torn or corrupt header).
    public static bool TryRead(ReadOnlySpan<byte> source, out CommitLogEntryHeader header)
    {
        header = default;
        if (source.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
            return false;
        if (BinaryPrimitives.ReadUInt64LittleEndian(source[32..]) != Crc64.Compute(source[..32]))
            return false;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (length > MaxPayloadLength)
            return false;
        header = new CommitLogEntryHeader(
            length,
            BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[24..]));
        return true;
    }
}
