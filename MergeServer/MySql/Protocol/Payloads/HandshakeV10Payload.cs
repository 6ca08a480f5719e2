using System.Buffers;

namespace OceanClassic.MergeServer.MySql.Protocol.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
public static class HandshakeV10Payload
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
}
