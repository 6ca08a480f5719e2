using System.Buffers;

namespace OceanClassic.MergeServer.MySql.Protocol.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html
public static class EofPayload
{
    public static void Write(IBufferWriter<byte> writer, ServerStatus status, ushort warnings = 0)
    {
        writer.WriteByte(0xfe);
        writer.WriteUInt16(warnings);
        writer.WriteUInt16((ushort)status);
    }
}
