using System.Buffers;
using System.Text;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html
// The catalog is always "def"; org_table / org_name repeat table / name.
public readonly record struct ColumnDefinitionPayload(
    string Name,
    string Table,
    string Database,
    ushort CharacterSet,
    uint Length,
    MySqlColumnType Type,
    ColumnFlags Flags,
    byte Decimals)
{
    private const byte FixedFieldsLength = 0x0c;

    public bool Unsigned => (Flags & ColumnFlags.Unsigned) != 0;

    public static void Write(IBufferWriter<byte> writer, in ColumnDefinitionPayload column)
    {
        writer.WriteLengthEncodedString("def");
        writer.WriteLengthEncodedString(column.Database);
        writer.WriteLengthEncodedString(column.Table);
        writer.WriteLengthEncodedString(column.Table);
        writer.WriteLengthEncodedString(column.Name);
        writer.WriteLengthEncodedString(column.Name);
        writer.WriteByte(FixedFieldsLength);
        writer.WriteUInt16(column.CharacterSet);
        writer.WriteUInt32(column.Length);
        writer.WriteByte((byte)column.Type);
        writer.WriteUInt16((ushort)column.Flags);
        writer.WriteByte(column.Decimals);
        writer.WriteZeros(2);
    }

    public static ColumnDefinitionPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadLengthEncodedBytes();
        var database = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
        var table = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
        reader.ReadLengthEncodedBytes();
        var name = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
        reader.ReadLengthEncodedBytes();
        reader.ReadLengthEncodedInteger();
        var characterSet = reader.ReadUInt16();
        var length = reader.ReadUInt32();
        var type = (MySqlColumnType)reader.ReadByte();
        var flags = (ColumnFlags)reader.ReadUInt16();
        var decimals = reader.ReadByte();
        return new ColumnDefinitionPayload(name, table, database, characterSet, length, type, flags, decimals);
    }
}
