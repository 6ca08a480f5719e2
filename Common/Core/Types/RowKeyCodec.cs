using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using OceanClassic.Common.Buffers;
using OceanClassic.Common.Types.Collations;

namespace OceanClassic.Common.Types;

// Order-preserving ("memcomparable") rowkey encoding: comparing two encoded keys byte by byte
// gives the same order as comparing their values column by column, so MemTable, SSTable,
// tablet ranges and the root table all compare raw bytes. Each component is a marker byte
// then the value; NULL's marker is the smallest, so NULL sorts first (as in MySQL).
//
// Strings are encoded by their key column's collation (CollationKey: weights, trailing spaces
// dropped under PAD SPACE), so the key orders rows as the collation does and two values the
// collation calls equal ('Bob@X.com', 'bob@x.com ') are one key: the UpdateServer's duplicate
// check, MemTable/SSTable order, tablet ranges, RootTable split keys and scan bounds are all
// collation-correct without knowing collations. The key therefore cannot give back the string:
// the original value lives in the row's cells — every insert writes every column, key columns
// included (MutationBuilder), an update that changes a key column is delete + insert of the whole
// row, and scans read column values from cells only (nothing reconstructs a value from a key).
// Decode is for display (messages, system views): a string reads as its weights (general_ci
// folds case: 'bob' reads 'BOB'). Each collation has its own marker, so a key says how to read it.
// Binary strings (ObType.Binary: BINARY, VARBINARY, BLOB) are their bytes, escaped, and do round-trip.
public static class RowKeyCodec
{
    private const byte NullMarker = 0x01;
    private const byte IntMarker = 0x10;
    private const byte UIntMarker = 0x11;
    private const byte DoubleMarker = 0x12;
    private const byte DecimalMarker = 0x13;
    private const byte GeneralCiStringMarker = 0x20;
    private const byte BinaryMarker = 0x21;
    private const byte BinStringMarker = 0x22;
    private const byte BinaryStringMarker = 0x23;
    private const byte DateTimeMarker = 0x30;
    private const byte DateMarker = 0x31;
    private const byte TimeMarker = 0x32;
    private const byte BoolMarker = 0x40;

    public static byte[] Encode(ReadOnlySpan<ObObj> values)
    {
        var writer = ScratchBytes.Rent();
        foreach (var v in values)
            Append(writer, v);
        return ScratchBytes.ToArrayAndReturn(writer);
    }

    public static byte[] Encode(ObObj value) => Encode([value]);

    // A key (or key prefix) of a table: value i is rowkey column i, encoded by that column's collation.
    public static byte[] Encode(ReadOnlySpan<ObObj> values, TableSchema table)
    {
        var writer = ScratchBytes.Rent();
        for (var i = 0; i < values.Length; i++)
            Append(writer, values[i], table.Columns[table.RowKeyColumns[i]].Collation);
        return ScratchBytes.ToArrayAndReturn(writer);
    }

    // A string is encoded under `collation`, the key column's (not the value's tag).
    public static void Append(IBufferWriter<byte> writer, ObObj value, CollationId collation = CollationId.Utf8mb4GeneralCi)
    {
        switch (value.Type)
        {
            case ObType.Null:
                WriteByte(writer, NullMarker);
                break;
            case ObType.Int:
                WriteSigned(writer, IntMarker, value.Int);
                break;
            case ObType.UInt:
                {
                    var span = writer.GetSpan(9);
                    span[0] = UIntMarker;
                    BinaryPrimitives.WriteUInt64BigEndian(span[1..], value.UInt);
                    writer.Advance(9);
                    break;
                }
            case ObType.Double:
                {
                    var bits = BitConverter.DoubleToInt64Bits(value.Double == 0 ? 0.0 : value.Double);
                    var ordered = bits < 0 ? ~(ulong)bits : (ulong)bits ^ 0x8000_0000_0000_0000UL;
                    var span = writer.GetSpan(9);
                    span[0] = DoubleMarker;
                    BinaryPrimitives.WriteUInt64BigEndian(span[1..], ordered);
                    writer.Advance(9);
                    break;
                }
            case ObType.Decimal:
                AppendDecimal(writer, value.Decimal);
                break;
            case ObType.String:
                WriteByte(writer, StringMarker(collation));
                CollationKey.Append(writer, value.String, Collation.Of(collation));
                break;
            case ObType.Binary:
                AppendEscaped(writer, BinaryMarker, value.Bytes);
                break;
            case ObType.DateTime:
                WriteSigned(writer, DateTimeMarker, value.Micros);
                break;
            case ObType.Date:
                WriteSigned(writer, DateMarker, value.Micros);
                break;
            case ObType.Time:
                WriteSigned(writer, TimeMarker, value.Micros);
                break;
            case ObType.Bool:
                {
                    var span = writer.GetSpan(2);
                    span[0] = BoolMarker;
                    span[1] = value.Bool ? (byte)1 : (byte)0;
                    writer.Advance(2);
                    break;
                }
            default:
                ThrowNotKeyable(value.Type);
                break;
        }
    }

    public static ObObj[] Decode(ReadOnlySpan<byte> key)
    {
        var values = new List<ObObj>(4);
        var pos = 0;
        while (pos < key.Length)
            values.Add(DecodeOne(key, ref pos));
        return [.. values];
    }

    private static ObObj DecodeOne(ReadOnlySpan<byte> key, ref int pos)
    {
        var marker = key[pos++];
        switch (marker)
        {
            case NullMarker:
                return ObObj.Null;
            case IntMarker:
                return ObObj.FromInt(ReadSigned(key, ref pos));
            case UIntMarker:
                {
                    var v = BinaryPrimitives.ReadUInt64BigEndian(key.Slice(pos, 8));
                    pos += 8;
                    return ObObj.FromUInt(v);
                }
            case DoubleMarker:
                {
                    var ordered = BinaryPrimitives.ReadUInt64BigEndian(key.Slice(pos, 8));
                    pos += 8;
                    var bits = (ordered & 0x8000_0000_0000_0000UL) != 0 ? ordered ^ 0x8000_0000_0000_0000UL : ~ordered;
                    return ObObj.FromDouble(BitConverter.Int64BitsToDouble((long)bits));
                }
            case DecimalMarker:
                return ObObj.FromDecimal(DecodeDecimal(key, ref pos));
            case GeneralCiStringMarker:
                return ObObj.FromString(CollationKey.Decode(key, ref pos, Collation.Utf8mb4GeneralCi));
            case BinStringMarker:
                return ObObj.FromString(CollationKey.Decode(key, ref pos, Collation.Utf8mb4Bin));
            case BinaryStringMarker:
                return ObObj.FromString(CollationKey.Decode(key, ref pos, Collation.Binary));
            case BinaryMarker:
                return ObObj.FromBinary(DecodeEscaped(key, ref pos).ToArray());
            case DateTimeMarker:
                return ObObj.FromDateTimeMicros(ReadSigned(key, ref pos));
            case DateMarker:
                return ObObj.FromDateMicros(ReadSigned(key, ref pos));
            case TimeMarker:
                return ObObj.FromTimeMicros(ReadSigned(key, ref pos));
            case BoolMarker:
                return ObObj.FromBool(key[pos++] != 0);
            default:
                throw new FormatException($"bad rowkey marker 0x{marker:X2} at offset {pos - 1}");
        }
    }

    private static void WriteByte(IBufferWriter<byte> writer, byte b)
    {
        writer.GetSpan(1)[0] = b;
        writer.Advance(1);
    }

    private static void WriteSigned(IBufferWriter<byte> writer, byte marker, long v)
    {
        var span = writer.GetSpan(9);
        span[0] = marker;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], (ulong)v ^ 0x8000_0000_0000_0000UL);
        writer.Advance(9);
    }

    private static long ReadSigned(ReadOnlySpan<byte> key, ref int pos)
    {
        var v = BinaryPrimitives.ReadUInt64BigEndian(key.Slice(pos, 8)) ^ 0x8000_0000_0000_0000UL;
        pos += 8;
        return (long)v;
    }

    private static byte StringMarker(CollationId collation) => collation switch
    {
        CollationId.Utf8mb4Bin => BinStringMarker,
        CollationId.Binary => BinaryStringMarker,
        _ => GeneralCiStringMarker,
    };

    // A byte string with 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01, so a prefix sorts
    // before every extension and embedded zero bytes keep their order.
    private static void AppendEscaped(IBufferWriter<byte> writer, byte marker, ReadOnlySpan<byte> bytes)
    {
        var zeros = bytes.Count((byte)0);
        var span = writer.GetSpan(1 + bytes.Length + zeros + 2);
        span[0] = marker;
        var o = 1;
        foreach (var b in bytes)
        {
            span[o++] = b;
            if (b == 0)
                span[o++] = 0xFF;
        }
        span[o++] = 0x00;
        span[o++] = 0x01;
        writer.Advance(o);
    }

    private static ReadOnlySpan<byte> DecodeEscaped(ReadOnlySpan<byte> key, ref int pos)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var b = key[pos++];
            if (b == 0)
            {
                var next = key[pos++];
                if (next == 0x01)
                    break;
                buffer.GetSpan(1)[0] = 0;
                buffer.Advance(1);
                continue;
            }
            buffer.GetSpan(1)[0] = b;
            buffer.Advance(1);
        }
        return buffer.WrittenSpan;
    }

    // Decimals: sign class, then for positives the integer digit count and the digits
    // (trailing fraction zeros dropped) ended by 0x00; negatives invert the positive form.
    private static void AppendDecimal(IBufferWriter<byte> writer, decimal d)
    {
        WriteByte(writer, DecimalMarker);
        if (d == 0)
        {
            WriteByte(writer, 0x01);
            return;
        }
        var text = Math.Abs(d).ToString(CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = (dot < 0 ? text : text[..dot]).TrimStart('0');
        var fracPart = dot < 0 ? "" : text[(dot + 1)..].TrimEnd('0');
        var digits = intPart + fracPart;
        // Leading zeros of a pure fraction shift its magnitude down: encode them as a negative exponent.
        var exponent = intPart.Length;
        if (intPart.Length == 0)
        {
            var lead = fracPart.Length - fracPart.TrimStart('0').Length;
            exponent = -lead;
            digits = fracPart.TrimStart('0');
        }
        var span = writer.GetSpan(3 + digits.Length);
        var negative = d < 0;
        span[0] = negative ? (byte)0x00 : (byte)0x02;
        span[1] = (byte)(exponent + 64);
        for (var i = 0; i < digits.Length; i++)
            span[2 + i] = (byte)digits[i];
        span[2 + digits.Length] = 0x00;
        if (negative)
        {
            for (var i = 1; i < 3 + digits.Length; i++)
                span[i] = (byte)~span[i];
        }
        writer.Advance(3 + digits.Length);
    }

    private static decimal DecodeDecimal(ReadOnlySpan<byte> key, ref int pos)
    {
        var sign = key[pos++];
        if (sign == 0x01)
            return 0m;
        var negative = sign == 0x00;
        byte Get(ReadOnlySpan<byte> k, int i) => negative ? (byte)~k[i] : k[i];
        var exponent = Get(key, pos++) - 64;
        var sb = new StringBuilder();
        while (true)
        {
            var b = Get(key, pos++);
            if (b == 0)
                break;
            sb.Append((char)b);
        }
        var digits = sb.ToString();
        string text;
        if (exponent <= 0)
            text = "0." + new string('0', -exponent) + digits;
        else if (digits.Length <= exponent)
            text = digits + new string('0', exponent - digits.Length);
        else
            text = digits[..exponent] + "." + digits[exponent..];
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    [DoesNotReturn]
    private static void ThrowNotKeyable(ObType type) => throw new ArgumentException($"a {type} value cannot be part of a rowkey");

    // Ordinal byte comparison of two encoded keys.
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b);
}
