using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.MySql;

// COM_STMT_EXECUTE's arguments: statement id, flags, iteration count, then (when the statement takes
// parameters) a NULL bitmap, the new-params-bound flag, the types when bound anew, and the values.
// A parameter whose value came by COM_STMT_SEND_LONG_DATA has no value here.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html
public static class StatementExecuteRequest
{
    private const int UnsignedFlag = 0x8000;

    public static uint StatementId(ReadOnlySpan<byte> argument) => new PayloadReader(argument).ReadUInt32();

    // `types` holds the types bound by an earlier execute; it is replaced when this one binds anew and
    // decodes. A truncated or inconsistent packet raises MySqlProtocolException and binds nothing.
    public static ObObj[] ReadParameters(ReadOnlySpan<byte> argument, int count, ref ushort[]? types, IReadOnlyList<ArrayBufferWriter<byte>?>? longData)
    {
        var reader = new PayloadReader(argument);
        reader.Skip(4 + 1 + 4);
        var values = new ObObj[count];
        if (count == 0)
        {
            return values;
        }

        var nulls = reader.ReadBytes((count + 7) / 8);
        var bound = types;
        if (reader.ReadByte() == 1)
        {
            bound = new ushort[count];
            for (var i = 0; i < count; i++)
            {
                bound[i] = reader.ReadUInt16();
            }
        }
        else if (bound is null)
        {
            MySqlThrowHelper.ThrowMalformed("parameters were never bound with their types");
        }

        for (var i = 0; i < count; i++)
        {
            if ((nulls[i >> 3] & (1 << (i & 7))) != 0)
            {
                values[i] = ObObj.Null;
            }
            else if (longData is not null && longData[i] is { } data)
            {
                values[i] = StringValue(data.WrittenSpan, bound[i]);
            }
            else
            {
                values[i] = ReadValue(ref reader, bound[i]);
            }
        }

        types = bound;
        return values;
    }

    // Drivers send byte arrays as BLOB types (binary strings, kept as bytes) and text as the string types.
    private static ObObj StringValue(ReadOnlySpan<byte> bytes, ushort type) =>
        (MySqlColumnType)(type & 0xff) is MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob or MySqlColumnType.Blob
            ? ObObj.FromBinary(bytes.ToArray())
            : ObObj.FromString(LosslessUtf8.GetString(bytes));

    private static ObObj ReadValue(ref PayloadReader reader, ushort type)
    {
        var unsigned = (type & UnsignedFlag) != 0;
        switch ((MySqlColumnType)(type & 0xff))
        {
            case MySqlColumnType.Null:
                return ObObj.Null;
            case MySqlColumnType.Tiny:
                var tiny = reader.ReadByte();
                return unsigned ? ObObj.FromInt(tiny) : ObObj.FromInt((sbyte)tiny);
            case MySqlColumnType.Short or MySqlColumnType.Year:
                var small = reader.ReadUInt16();
                return unsigned ? ObObj.FromInt(small) : ObObj.FromInt((short)small);
            case MySqlColumnType.Long or MySqlColumnType.Int24:
                var medium = reader.ReadUInt32();
                return unsigned ? ObObj.FromInt(medium) : ObObj.FromInt((int)medium);
            case MySqlColumnType.LongLong:
                var big = reader.ReadUInt64();
                return unsigned && big > long.MaxValue ? ObObj.FromUInt(big) : ObObj.FromInt(unchecked((long)big));
            case MySqlColumnType.Float:
                return ObObj.FromDouble(BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(reader.ReadBytes(4))));
            case MySqlColumnType.Double:
                return ObObj.FromDouble(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(reader.ReadBytes(8))));
            case MySqlColumnType.Date or MySqlColumnType.DateTime or MySqlColumnType.Timestamp:
                return ObObj.FromString(BinaryTemporal.ReadDateTime(ref reader));
            case MySqlColumnType.Time:
                return ObObj.FromString(BinaryTemporal.ReadTime(ref reader));
            case MySqlColumnType.Decimal or MySqlColumnType.NewDecimal:
                var text = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? ObObj.FromDecimal(d) : ObObj.FromString(text);
            case MySqlColumnType.VarChar or MySqlColumnType.Bit or MySqlColumnType.Json or MySqlColumnType.Enum or MySqlColumnType.Set
                or MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob or MySqlColumnType.Blob
                or MySqlColumnType.VarString or MySqlColumnType.String or MySqlColumnType.Geometry:
                return StringValue(reader.ReadLengthEncodedBytes(), type);
            default:
                MySqlThrowHelper.ThrowMalformed($"parameter type {type & 0xff} is not a MySQL type");
                return ObObj.Null;
        }
    }
}
