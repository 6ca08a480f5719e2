using System.Buffers;

namespace OceanClassic.MergeServer.MySql.Protocol.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html
public static class ErrorPayload
{
    public static void Write(IBufferWriter<byte> writer, int code, string sqlState, string message)
    {
        writer.WriteByte(0xff);
        writer.WriteUInt16((ushort)code);
        writer.WriteByte((byte)'#');
        var state = sqlState.Length == 5 ? sqlState : "HY000";
        writer.WriteString(state);
        writer.WriteString(message);
    }

    public static void Write(IBufferWriter<byte> writer, QueryError error) =>
        Write(writer, error.Code, error.SqlState, error.Message);
}
