namespace OceanClassic.ObClient.Protocol;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html
// Also parses the classic EOF packet (0xFE, warnings, status).
internal readonly record struct OkPacket(ulong AffectedRows, ulong LastInsertId, ushort Status, ushort Warnings)
{
    public const ushort MoreResultsExist = 0x8;

    public bool MoreResults => (Status & MoreResultsExist) != 0;

    public static bool IsEof(ReadOnlySpan<byte> payload) => payload.Length is > 0 and < 9 && payload[0] == 0xfe;

    public static OkPacket Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var affected = reader.ReadLengthEncodedInteger();
        var lastInsertId = reader.ReadLengthEncodedInteger();
        var status = reader.ReadUInt16();
        var warnings = reader.ReadUInt16();
        return new OkPacket(affected, lastInsertId, status, warnings);
    }

    public static OkPacket CreateFromEof(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var warnings = reader.Remaining >= 2 ? reader.ReadUInt16() : (ushort)0;
        var status = reader.Remaining >= 2 ? reader.ReadUInt16() : (ushort)0;
        return new OkPacket(0, 0, status, warnings);
    }
}
