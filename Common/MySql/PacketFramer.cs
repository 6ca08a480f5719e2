using System.Buffers;

namespace OceanClassic.Common.MySql;

// The one place that knows the packet header: 3-byte little-endian payload length + 1-byte sequence id.
// Payloads of 0xFFFFFF bytes or more are split; a chunk of exactly 0xFFFFFF is always followed by
// another (possibly empty) one.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html
public static class PacketFramer
{
    public const int HeaderSize = 4;
    public const int MaxChunk = 0xFFFFFF;

    public static void WritePacket(IBufferWriter<byte> output, ReadOnlySpan<byte> payload, ref byte sequence)
    {
        while (true)
        {
            var chunk = Math.Min(payload.Length, MaxChunk);
            var span = output.GetSpan(HeaderSize + chunk);
            span[0] = (byte)chunk;
            span[1] = (byte)(chunk >> 8);
            span[2] = (byte)(chunk >> 16);
            span[3] = sequence++;
            payload[..chunk].CopyTo(span[HeaderSize..]);
            output.Advance(HeaderSize + chunk);
            payload = payload[chunk..];
            if (chunk < MaxChunk)
            {
                return;
            }
        }
    }

    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out int length, out byte sequence)
    {
        if (buffer.Length < HeaderSize)
        {
            length = 0;
            sequence = 0;
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        length = header[0] | (header[1] << 8) | (header[2] << 16);
        sequence = header[3];
        return true;
    }
}
