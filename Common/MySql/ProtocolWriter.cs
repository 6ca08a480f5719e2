using System.Buffers;
using System.Buffers.Binary;
using System.Text;

using OceanClassic.Common.Types;

namespace OceanClassic.Common.MySql;

// Encoders for the basic MySQL data types, writing into any IBufferWriter (a payload buffer).
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html
public static class ProtocolWriter
{
    public static void WriteByte(this IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteUInt16(this IBufferWriter<byte> writer, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(writer.GetSpan(2), value);
        writer.Advance(2);
    }

    public static void WriteUInt32(this IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void WriteUInt64(this IBufferWriter<byte> writer, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void WriteZeros(this IBufferWriter<byte> writer, int count)
    {
        writer.GetSpan(count)[..count].Clear();
        writer.Advance(count);
    }

    public static void WriteLengthEncodedInteger(this IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(9);
        int size;
        if (value < 0xfb)
        {
            span[0] = (byte)value;
            size = 1;
        }
        else if (value <= 0xffff)
        {
            span[0] = 0xfc;
            BinaryPrimitives.WriteUInt16LittleEndian(span[1..], (ushort)value);
            size = 3;
        }
        else if (value <= 0xffffff)
        {
            span[0] = 0xfd;
            span[1] = (byte)value;
            span[2] = (byte)(value >> 8);
            span[3] = (byte)(value >> 16);
            size = 4;
        }
        else
        {
            span[0] = 0xfe;
            BinaryPrimitives.WriteUInt64LittleEndian(span[1..], value);
            size = 9;
        }

        writer.Advance(size);
    }

    // Strings go out as UTF-8 that keeps escaped bytes (LosslessUtf8), so a binary value's bytes are exact.
    public static void WriteLengthEncodedString(this IBufferWriter<byte> writer, string value)
    {
        // ASCII text (sysbench's digits and dashes, most keys and names) is its own UTF-8 and holds no
        // escaped byte: one vectorized check and one narrowing copy instead of counting and encoding.
        if (Ascii.IsValid(value))
        {
            writer.WriteLengthEncodedInteger((ulong)value.Length);
            if (value.Length > 0)
            {
                Ascii.FromUtf16(value, writer.GetSpan(value.Length), out var narrowed);
                writer.Advance(narrowed);
            }
            return;
        }

        var length = LosslessUtf8.GetByteCount(value);
        writer.WriteLengthEncodedInteger((ulong)length);
        writer.WriteUtf8(value, length);
    }

    public static void WriteLengthEncodedBytes(this IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        writer.WriteLengthEncodedInteger((ulong)value.Length);
        writer.Write(value);
    }

    public static void WriteNullTerminatedString(this IBufferWriter<byte> writer, string value)
    {
        writer.WriteUtf8(value, Encoding.UTF8.GetByteCount(value));
        writer.WriteByte(0);
    }

    public static void WriteNullTerminatedBytes(this IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        writer.Write(value);
        writer.WriteByte(0);
    }

    public static void WriteString(this IBufferWriter<byte> writer, string value) =>
        writer.WriteUtf8(value, LosslessUtf8.GetByteCount(value));

    private static void WriteUtf8(this IBufferWriter<byte> writer, string value, int byteCount)
    {
        if (byteCount == 0)
        {
            return;
        }

        var written = LosslessUtf8.GetBytes(value, writer.GetSpan(byteCount));
        writer.Advance(written);
    }
}
