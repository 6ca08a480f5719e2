using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Checksums;
using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Rpc;

// Serializes header + protobuf body straight into the output buffer: one contiguous span, no copies.
public static class RpcFrameWriter
{
    public static void Write(
        IBufferWriter<byte> output, RpcFrameFlags flags, uint packetCode, ulong requestId, IMessage body, int maxBodyBytes)
    {
        int size = body.CalculateSize();
        if (size > maxBodyBytes)
        {
            RpcThrowHelper.ThrowBodyTooLarge(size, maxBodyBytes);
        }
        var span = output.GetSpan(RpcFrameHeader.Size + size);
        var bodySpan = span.Slice(RpcFrameHeader.Size, size);
        body.WriteTo(bodySpan);
        new RpcFrameHeader(flags, packetCode, requestId, size, Crc64.Compute(bodySpan)).Write(span);
        output.Advance(RpcFrameHeader.Size + size);
    }

    public static void WriteError(
        IBufferWriter<byte> output, uint packetCode, ulong requestId, int code, string message, int maxBodyBytes, int item = 0)
    {
        // An error text never makes a frame oversize: long messages are cut.
        const int maxMessageChars = 8 * 1024;
        var error = new RpcError { Code = code, Message = message.Length > maxMessageChars ? message[..maxMessageChars] : message, Item = item };
        Write(output, RpcFrameFlags.Response | RpcFrameFlags.Error, packetCode, requestId, error, maxBodyBytes);
    }
}
