using System.Buffers;

namespace OceanClassic.MergeServer.MySql.Protocol.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html
public static class AuthSwitchRequestPayload
{
    public static void Write(IBufferWriter<byte> writer, string pluginName, ReadOnlySpan<byte> authData)
    {
        writer.WriteByte(0xfe);
        writer.WriteNullTerminatedString(pluginName);
        writer.WriteNullTerminatedBytes(authData);
    }
}
