using System.Buffers;
using System.Text;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
public sealed record HandshakeV10Payload(
    string ServerVersion,
    uint ConnectionId,
    byte[] Scramble,
    CapabilityFlags Capabilities,
    byte CharacterSet,
    ServerStatus Status,
    string AuthPluginName)
{
    public static void Write(
        IBufferWriter<byte> writer,
        string serverVersion,
        uint connectionId,
        ReadOnlySpan<byte> scramble,
        CapabilityFlags capabilities,
        byte characterSet,
        ServerStatus status,
        string authPluginName)
    {
        writer.WriteByte(10);
        writer.WriteNullTerminatedString(serverVersion);
        writer.WriteUInt32(connectionId);
        writer.Write(scramble[..8]);
        writer.WriteByte(0);
        writer.WriteUInt16((ushort)capabilities);
        writer.WriteByte(characterSet);
        writer.WriteUInt16((ushort)status);
        writer.WriteUInt16((ushort)((uint)capabilities >> 16));
        writer.WriteByte((byte)(scramble.Length + 1));
        writer.WriteZeros(10);
        writer.WriteNullTerminatedBytes(scramble[8..]);
        writer.WriteNullTerminatedString(authPluginName);
    }

    // Old servers omit the plugin name (then it is mysql_native_password) or its final NUL.
    public static HandshakeV10Payload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var protocol = reader.ReadByte();
        if (protocol != 10)
        {
            MySqlThrowHelper.ThrowMalformed($"unsupported handshake protocol version {protocol}");
        }

        var version = Encoding.UTF8.GetString(reader.ReadNullTerminatedBytes());
        var connectionId = reader.ReadUInt32();
        var part1 = reader.ReadBytes(8);
        reader.ReadByte();
        var capabilities = (uint)reader.ReadUInt16();
        var characterSet = reader.ReadByte();
        var status = (ServerStatus)reader.ReadUInt16();
        capabilities |= (uint)reader.ReadUInt16() << 16;
        var authLength = reader.ReadByte();
        reader.Skip(10);
        var part2 = reader.ReadBytes(Math.Max(13, authLength - 8));
        if (!part2.IsEmpty && part2[^1] == 0)
        {
            part2 = part2[..^1];
        }

        var plugin = reader.IsAtEnd
            ? NativePassword.PluginName
            : Encoding.UTF8.GetString(reader.ReadNullTerminatedOrRemainingBytes());
        return new HandshakeV10Payload(version, connectionId, [.. part1, .. part2], (CapabilityFlags)capabilities,
            characterSet, status, plugin);
    }
}
