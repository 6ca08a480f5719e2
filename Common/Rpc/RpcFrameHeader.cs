using System.Buffers.Binary;

namespace OceanClassic.Common.Rpc;

// Fixed 32-byte little-endian header; the only place that knows the byte layout:
//   0 magic u32 "OBRP" | 4 version u16 | 6 flags u16 | 8 packet code u32 | 12 request id u64
//   20 body length u32 | 24 CRC-64 of the body u64
public readonly record struct RpcFrameHeader(
    RpcFrameFlags Flags, uint PacketCode, ulong RequestId, int BodyLength, ulong BodyCrc)
{
    public const int Size = 32;
    public const ushort CurrentVersion = 1;

    public static uint Magic { get; } = BinaryPrimitives.ReadUInt32LittleEndian("OBRP"u8);

    public bool IsResponse => (Flags & RpcFrameFlags.Response) != 0;

    public bool IsError => (Flags & RpcFrameFlags.Error) != 0;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], CurrentVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], PacketCode);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[12..], RequestId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], (uint)BodyLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], BodyCrc);
    }

    // Validates everything that can be checked before the body arrives.
    public static RpcFrameHeader Read(ReadOnlySpan<byte> source, int maxBodyBytes)
    {
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (magic != Magic)
        {
            RpcThrowHelper.ThrowProtocol($"bad magic 0x{magic:X8}");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]);
        if (version != CurrentVersion)
        {
            RpcThrowHelper.ThrowProtocol($"unsupported version {version}");
        }
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source[20..]);
        if (length > (uint)maxBodyBytes)
        {
            RpcThrowHelper.ThrowProtocol($"body length {length} exceeds the maximum {maxBodyBytes}");
        }
        return new RpcFrameHeader(
            (RpcFrameFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[12..]),
            (int)length,
            BinaryPrimitives.ReadUInt64LittleEndian(source[24..]));
    }
}
