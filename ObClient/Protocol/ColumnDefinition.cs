using System.Text;

namespace OceanClassic.ObClient.Protocol;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html
internal sealed record ColumnDefinition(string Name, string Table, string Database, ushort CharacterSet, uint Length,
    ObColumnType Type, ushort Flags, byte Decimals)
{
    public const ushort BinaryCharacterSet = 63;
    private const ushort UnsignedFlag = 0x20;

    public bool Unsigned => (Flags & UnsignedFlag) != 0;

    public static ColumnDefinition Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadLengthEncodedBytes();
        var database = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
        var table = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
        reader.ReadLengthEncodedBytes();
        var name = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
        reader.ReadLengthEncodedBytes();
        reader.ReadLengthEncodedInteger();
        var charset = reader.ReadUInt16();
        var length = reader.ReadUInt32();
        var type = (ObColumnType)reader.ReadByte();
        var flags = reader.ReadUInt16();
        var decimals = reader.ReadByte();
        return new ColumnDefinition(name, table, database, charset, length, type, flags, decimals);
    }
}
