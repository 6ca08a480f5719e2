using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OceanClassic.ObClient.Protocol;

internal static class ProtocolWriter
{
    public static void WriteByte(this IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteUInt32(this IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void WriteZeros(this IBufferWriter<byte> writer, int count)
    {
        writer.GetSpan(count)[..count].Clear();
        writer.Advance(count);
    }

    public static void WriteString(this IBufferWriter<byte> writer, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        if (count > 0)
        {
            writer.Advance(Encoding.UTF8.GetBytes(value, writer.GetSpan(count)));
        }
    }

    public static void WriteNullTerminatedString(this IBufferWriter<byte> writer, string value)
    {
        writer.WriteString(value);
        writer.WriteByte(0);
    }
}
