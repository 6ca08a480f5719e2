using System.Buffers;
using System.Buffers.Binary;

namespace OceanClassic.Common.Types;

// Compact binary form of cell values for RPC row blocks, log entries and SSTable rows:
// a type byte then the payload (zigzag varint for integers, raw 8 bytes for doubles,
// varint length + UTF-8 for strings (LosslessUtf8, so raw bytes a query's literal carried survive, e.g. in
// a pushed-down filter), varint length + the bytes for binary strings, 4 x int32 for decimals,
// zigzag varint microseconds then (precision + 1, 0 for none) for a TIME).
public static class CellCodec
{
    public static void Write(IBufferWriter<byte> writer, ObObj value)
    {
        var span = writer.GetSpan(1);
        span[0] = (byte)value.Type;
        writer.Advance(1);
        switch (value.Type)
        {
            case ObType.Int:
            case ObType.DateTime:
            case ObType.Date:
                WriteVarUInt(writer, ZigZag(value.Int));
                break;
            case ObType.UInt:
                WriteVarUInt(writer, value.UInt);
                break;
            case ObType.Bool:
                writer.GetSpan(1)[0] = value.Bool ? (byte)1 : (byte)0;
                writer.Advance(1);
                break;
            case ObType.Double:
                BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), BitConverter.DoubleToInt64Bits(value.Double));
                writer.Advance(8);
                break;
            case ObType.Decimal:
                {
                    Span<int> parts = stackalloc int[4];
                    decimal.GetBits(value.Decimal, parts);
                    var s = writer.GetSpan(16);
                    for (var i = 0; i < 4; i++)
                        BinaryPrimitives.WriteInt32LittleEndian(s[(i * 4)..], parts[i]);
                    writer.Advance(16);
                    break;
                }
            case ObType.String:
                {
                    var str = value.String;
                    var n = LosslessUtf8.GetByteCount(str);
                    WriteVarUInt(writer, (ulong)n);
                    var s = writer.GetSpan(n);
                    LosslessUtf8.GetBytes(str, s);
                    writer.Advance(n);
                    break;
                }
            case ObType.Binary:
                WriteBytes(writer, value.Bytes);
                break;
            case ObType.Time:
                WriteVarUInt(writer, ZigZag(value.Micros));
                writer.GetSpan(1)[0] = (byte)(value.TimeFsp + 1);
                writer.Advance(1);
                break;
            default:
                break; // Null and the markers carry no payload.
        }
    }

    public static ObObj Read(ReadOnlySpan<byte> source, ref int pos)
    {
        var type = (ObType)source[pos++];
        switch (type)
        {
            case ObType.Null: return ObObj.Null;
            case ObType.NotWritten: return ObObj.NotWritten;
            case ObType.RowDeleted: return ObObj.RowDeleted;
            case ObType.Int: return ObObj.FromInt(UnZigZag(ReadVarUInt(source, ref pos)));
            case ObType.DateTime: return ObObj.FromDateTimeMicros(UnZigZag(ReadVarUInt(source, ref pos)));
            case ObType.Date: return ObObj.FromDateMicros(UnZigZag(ReadVarUInt(source, ref pos)));
            case ObType.UInt: return ObObj.FromUInt(ReadVarUInt(source, ref pos));
            case ObType.Time:
                {
                    var micros = UnZigZag(ReadVarUInt(source, ref pos));
                    return ObObj.FromTimeMicros(micros, source[pos++] - 1);
                }
            case ObType.Bool: return ObObj.FromBool(source[pos++] != 0);
            case ObType.Double:
                {
                    var v = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(source.Slice(pos, 8)));
                    pos += 8;
                    return ObObj.FromDouble(v);
                }
            case ObType.Decimal:
                {
                    Span<int> parts = stackalloc int[4];
                    for (var i = 0; i < 4; i++)
                        parts[i] = BinaryPrimitives.ReadInt32LittleEndian(source.Slice(pos + (i * 4), 4));
                    pos += 16;
                    return ObObj.FromDecimal(new decimal(parts));
                }
            case ObType.String:
                {
                    var n = checked((int)ReadVarUInt(source, ref pos));
                    var s = LosslessUtf8.GetString(source.Slice(pos, n));
                    pos += n;
                    return ObObj.FromString(s);
                }
            case ObType.Binary:
                {
                    if (pos > source.Length)
                        throw new FormatException("binary cell runs past the end");
                    return ObObj.FromBinary(ReadBytes(source, ref pos).ToArray());
                }
            default:
                throw new FormatException($"bad cell type 0x{(byte)type:X2} at offset {pos - 1}");
        }
    }

    // Steps over one cell without building its value; returns a string's UTF-8 (or a binary string's) byte count, else 0.
    public static int Skip(ReadOnlySpan<byte> source, ref int pos)
    {
        var type = (ObType)source[pos++];
        switch (type)
        {
            case ObType.Null or ObType.NotWritten or ObType.RowDeleted:
                return 0;
            case ObType.Int or ObType.DateTime or ObType.Date or ObType.UInt:
                ReadVarUInt(source, ref pos);
                return 0;
            case ObType.Bool:
                pos += 1;
                break;
            case ObType.Time:
                ReadVarUInt(source, ref pos);
                pos += 1;
                break;
            case ObType.Double:
                pos += 8;
                break;
            case ObType.Decimal:
                pos += 16;
                break;
            case ObType.String or ObType.Binary:
                {
                    var n = checked((int)ReadVarUInt(source, ref pos));
                    pos += n;
                    if (pos > source.Length)
                        throw new FormatException($"string of {n} bytes runs past the end");
                    return n;
                }
            default:
                throw new FormatException($"bad cell type 0x{(byte)type:X2} at offset {pos - 1}");
        }
        if (pos > source.Length)
            throw new FormatException("cell runs past the end");
        return 0;
    }

    public static void WriteVarUInt(IBufferWriter<byte> writer, ulong v) => writer.Advance(WriteVarUInt(writer.GetSpan(10), v));

    // The varint into `span` (at least 10 bytes); returns its length.
    public static int WriteVarUInt(Span<byte> span, ulong v)
    {
        var i = 0;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }
        span[i++] = (byte)v;
        return i;
    }

    public static ulong ReadVarUInt(ReadOnlySpan<byte> source, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = source[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return result;
        }
        throw new FormatException("varint too long");
    }

    public static void WriteBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt(writer, (ulong)bytes.Length);
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    public static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> source, ref int pos)
    {
        var n = checked((int)ReadVarUInt(source, ref pos));
        var slice = source.Slice(pos, n);
        pos += n;
        return slice;
    }

    // A signed integer as the unsigned varint form keeps small magnitudes short (protobuf's zigzag).
    public static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));
    public static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);
}
