using System.Buffers;

namespace OceanClassic.MergeServer.MySql.Protocol.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html
// With CLIENT_DEPRECATE_EOF the result-set terminator is an OK packet with header 0xFE.
public static class OkPayload
{
    public static void Write(
        IBufferWriter<byte> writer,
        ulong affectedRows,
        ulong lastInsertId,
        ServerStatus status,
        ushort warnings = 0,
        string? info = null,
        bool asEof = false)
    {
        writer.WriteByte(asEof ? (byte)0xfe : (byte)0x00);
        writer.WriteLengthEncodedInteger(affectedRows);
        writer.WriteLengthEncodedInteger(lastInsertId);
        writer.WriteUInt16((ushort)status);
        writer.WriteUInt16(warnings);
        if (!string.IsNullOrEmpty(info))
        {
            writer.WriteString(info);
        }
    }
}
