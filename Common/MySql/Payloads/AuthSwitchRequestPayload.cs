using System.Buffers;
using System.Text;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html
public sealed record AuthSwitchRequestPayload(string PluginName, byte[] AuthData)
{
    public static void Write(IBufferWriter<byte> writer, string pluginName, ReadOnlySpan<byte> authData)
    {
        writer.WriteByte(0xfe);
        writer.WriteNullTerminatedString(pluginName);
        writer.WriteNullTerminatedBytes(authData);
    }

    public static AuthSwitchRequestPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var plugin = Encoding.UTF8.GetString(reader.ReadNullTerminatedOrRemainingBytes());
        var data = reader.ReadRemaining();
        if (!data.IsEmpty && data[^1] == 0)
        {
            data = data[..^1];
        }

        return new AuthSwitchRequestPayload(plugin, data.ToArray());
    }
}
