using System.Buffers;
using System.Text;

namespace OceanClassic.Common.MySql.Payloads;

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html
public sealed class HandshakeResponse41Payload
{
    private HandshakeResponse41Payload(
        CapabilityFlags capabilities,
        uint maxPacketSize,
        byte characterSet,
        string user,
        byte[] authResponse,
        string? database,
        string? authPluginName,
        IReadOnlyDictionary<string, string> connectAttributes)
    {
        Capabilities = capabilities;
        MaxPacketSize = maxPacketSize;
        CharacterSet = characterSet;
        User = user;
        AuthResponse = authResponse;
        Database = database;
        AuthPluginName = authPluginName;
        ConnectAttributes = connectAttributes;
    }

    public CapabilityFlags Capabilities { get; }

    public uint MaxPacketSize { get; }

    public byte CharacterSet { get; }

    public string User { get; }

    public byte[] AuthResponse { get; }

    public string? Database { get; }

    public string? AuthPluginName { get; }

    public IReadOnlyDictionary<string, string> ConnectAttributes { get; }

    // The auth response is encoded as Create expects it for the given capabilities; no connect attributes.
    public static void Write(
        IBufferWriter<byte> writer,
        CapabilityFlags capabilities,
        uint maxPacketSize,
        byte characterSet,
        string user,
        ReadOnlySpan<byte> authResponse,
        string? database,
        string? authPluginName)
    {
        writer.WriteUInt32((uint)capabilities);
        writer.WriteUInt32(maxPacketSize);
        writer.WriteByte(characterSet);
        writer.WriteZeros(23);
        writer.WriteNullTerminatedString(user);
        if ((capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            writer.WriteLengthEncodedBytes(authResponse);
        }
        else if ((capabilities & CapabilityFlags.SecureConnection) != 0)
        {
            writer.WriteByte(checked((byte)authResponse.Length));
            writer.Write(authResponse);
        }
        else
        {
            writer.WriteNullTerminatedBytes(authResponse);
        }

        if ((capabilities & CapabilityFlags.ConnectWithDb) != 0)
        {
            writer.WriteNullTerminatedString(database ?? "");
        }

        if ((capabilities & CapabilityFlags.PluginAuth) != 0)
        {
            writer.WriteNullTerminatedString(authPluginName ?? "");
        }
    }

    public static HandshakeResponse41Payload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var capabilities = (CapabilityFlags)reader.ReadUInt32();
        if ((capabilities & CapabilityFlags.Protocol41) == 0)
        {
            MySqlThrowHelper.ThrowMalformed("client does not speak protocol 4.1");
        }

        if ((capabilities & CapabilityFlags.Ssl) != 0 && payload.Length == 32)
        {
            MySqlThrowHelper.ThrowMalformed("client requested TLS, which this server does not offer");
        }

        var maxPacket = reader.ReadUInt32();
        var charset = reader.ReadByte();
        reader.Skip(23);
        var user = Encoding.UTF8.GetString(reader.ReadNullTerminatedBytes());

        ReadOnlySpan<byte> auth;
        if ((capabilities & CapabilityFlags.PluginAuthLengthEncodedClientData) != 0)
        {
            auth = reader.ReadLengthEncodedBytes();
        }
        else if ((capabilities & CapabilityFlags.SecureConnection) != 0)
        {
            auth = reader.ReadBytes(reader.ReadByte());
        }
        else
        {
            auth = reader.ReadNullTerminatedBytes();
        }

        string? database = null;
        if ((capabilities & CapabilityFlags.ConnectWithDb) != 0 && !reader.IsAtEnd)
        {
            var db = reader.ReadNullTerminatedBytes();
            database = db.IsEmpty ? null : Encoding.UTF8.GetString(db);
        }

        string? plugin = null;
        if ((capabilities & CapabilityFlags.PluginAuth) != 0 && !reader.IsAtEnd)
        {
            plugin = Encoding.UTF8.GetString(reader.ReadNullTerminatedBytes());
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((capabilities & CapabilityFlags.ConnectAttributes) != 0 && !reader.IsAtEnd)
        {
            var block = new PayloadReader(reader.ReadLengthEncodedBytes());
            while (!block.IsAtEnd)
            {
                var key = Encoding.UTF8.GetString(block.ReadLengthEncodedBytes());
                attributes[key] = Encoding.UTF8.GetString(block.ReadLengthEncodedBytes());
            }
        }

        return new HandshakeResponse41Payload(capabilities, maxPacket, charset, user, auth.ToArray(), database, plugin, attributes);
    }
}
