using System.Buffers;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html
public readonly record struct EofPayload(ushort Warnings, ServerStatus Status)
{
    public bool MoreResults => (Status & ServerStatus.MoreResultsExist) != 0;

    // 0xFE also starts a length-encoded integer of 8 bytes, so only a short packet is an EOF
    // (or, with CLIENT_DEPRECATE_EOF, the OK that replaces it).
    public static bool IsEof(ReadOnlySpan<byte> payload) => payload.Length is > 0 and < 9 && payload[0] == 0xfe;

    public static void Write(IBufferWriter<byte> writer, ServerStatus status, ushort warnings = 0)
    {
        writer.WriteByte(0xfe);
        writer.WriteUInt16(warnings);
        writer.WriteUInt16((ushort)status);
    }

    // Pre-4.1 servers send the bare 0xFE byte.
    public static EofPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var warnings = reader.Remaining >= 2 ? reader.ReadUInt16() : (ushort)0;
        var status = reader.Remaining >= 2 ? (ServerStatus)reader.ReadUInt16() : ServerStatus.None;
        return new EofPayload(warnings, status);
    }
}
