using System.Buffers;
using OceanClassic.Common.Checksums;

namespace OceanClassic.Common.Rpc;

// A parsed frame. Body points into the reader's buffer: valid only until the reader advances.
public readonly struct RpcFrame
{
    public RpcFrame(RpcFrameHeader header, ReadOnlySequence<byte> body)
    {
        Header = header;
        Body = body;
    }

    public RpcFrameHeader Header { get; }

    public ReadOnlySequence<byte> Body { get; }

    // On success `buffer` is advanced past the frame. Returns false when more bytes are needed;
    // throws RpcProtocolException when the bytes can never form a valid frame.
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, int maxBodyBytes, out RpcFrame frame)
    {
        if (!TryReadHeader(buffer, maxBodyBytes, out var header)
            || buffer.Length < RpcFrameHeader.Size + (long)header.BodyLength)
        {
            frame = default;
            return false;
        }

        var body = buffer.Slice(RpcFrameHeader.Size, header.BodyLength);
        ulong crc = Crc64.Compute(body);
        if (crc != header.BodyCrc)
        {
            RpcThrowHelper.ThrowProtocol($"body CRC mismatch (header 0x{header.BodyCrc:X16}, computed 0x{crc:X16})");
        }
        frame = new RpcFrame(header, body);
        buffer = buffer.Slice(body.End);
        return true;
    }

    // Reads and validates the header alone (no CRC check): lets a reader learn a frame's size early.
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, int maxBodyBytes, out RpcFrameHeader header)
    {
        if (buffer.Length < RpcFrameHeader.Size)
        {
            header = default;
            return false;
        }
        var first = buffer.FirstSpan;
        if (first.Length >= RpcFrameHeader.Size)
        {
            header = RpcFrameHeader.Read(first, maxBodyBytes);
            return true;
        }
        Span<byte> copy = stackalloc byte[RpcFrameHeader.Size];
        buffer.Slice(0, RpcFrameHeader.Size).CopyTo(copy);
        header = RpcFrameHeader.Read(copy, maxBodyBytes);
        return true;
    }
}
