using System.Buffers;
using System.Text;

namespace OceanClassic.ObClient.Protocol;

// Connection phase: HandshakeV10 in, HandshakeResponse41 out, optional AuthSwitchRequest, then OK or ERR.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
internal static class Handshake
{
    private const CapabilityFlags ClientCapabilities = CapabilityFlags.LongPassword | CapabilityFlags.LongFlag
        | CapabilityFlags.Protocol41 | CapabilityFlags.Transactions | CapabilityFlags.SecureConnection
        | CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults | CapabilityFlags.PluginAuth;

    private const byte Utf8Mb4GeneralCi = 45;

    // Returns the server version string.
    public static async ValueTask<string> RunAsync(PacketChannel channel, string user, string password, string? database,
        long maxPacketBytes, CancellationToken ct)
    {
        channel.Sequence = 0;
        var greeting = await channel.ReadAsync(ct);
        if (greeting.Span[0] == 0xff)
        {
            throw ObException.FromErrorPayload(greeting.Span);
        }

        var (serverVersion, serverCapabilities, scramble, plugin) = ParseGreeting(greeting.Span);
        if ((serverCapabilities & CapabilityFlags.Protocol41) == 0)
        {
            ObException.ThrowProtocol("server does not speak protocol 4.1");
        }

        var capabilities = ClientCapabilities & serverCapabilities;
        if (!string.IsNullOrEmpty(database))
        {
            capabilities |= CapabilityFlags.ConnectWithDb & serverCapabilities;
        }

        var token = NativePassword.ComputeToken(scramble, password);
        var writer = channel.BeginPacket();
        writer.WriteUInt32((uint)capabilities);
        writer.WriteUInt32((uint)Math.Min(maxPacketBytes, uint.MaxValue));
        writer.WriteByte(Utf8Mb4GeneralCi);
        writer.WriteZeros(23);
        writer.WriteNullTerminatedString(user);
        writer.WriteByte((byte)token.Length);
        writer.Write(token);
        if ((capabilities & CapabilityFlags.ConnectWithDb) != 0)
        {
            writer.WriteNullTerminatedString(database!);
        }

        if ((capabilities & CapabilityFlags.PluginAuth) != 0)
        {
            writer.WriteNullTerminatedString(plugin == NativePassword.PluginName ? plugin : NativePassword.PluginName);
        }

        channel.EndPacket();
        await channel.FlushAsync(ct);

        while (true)
        {
            var reply = await channel.ReadAsync(ct);
            switch (reply.Span[0])
            {
                case 0x00:
                    return serverVersion;
                case 0xff:
                    throw ObException.FromErrorPayload(reply.Span);
                case 0xfe:
                    await SwitchAsync(channel, reply, password, ct);
                    break;
                default:
                    throw new ObException(ObException.ClientProtocolError, "08S01",
                        $"Unsupported authentication step 0x{reply.Span[0]:x2}; only mysql_native_password is supported.");
            }
        }
    }

    private static async ValueTask SwitchAsync(PacketChannel channel, ReadOnlyMemory<byte> request, string password, CancellationToken ct)
    {
        var (plugin, data) = ParseSwitch(request.Span);
        if (plugin != NativePassword.PluginName)
        {
            throw new ObException(ObException.ClientProtocolError, "08S01",
                $"The server asked for authentication plugin '{plugin}'; ObClient supports only mysql_native_password.");
        }

        channel.BeginPacket().Write(NativePassword.ComputeToken(data, password));
        channel.EndPacket();
        await channel.FlushAsync(ct);
    }

    private static (string Plugin, byte[] Data) ParseSwitch(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.ReadByte();
        var plugin = Encoding.UTF8.GetString(reader.ReadNullTerminatedBytes());
        var data = reader.ReadRemaining();
        if (!data.IsEmpty && data[^1] == 0)
        {
            data = data[..^1];
        }

        return (plugin, data.ToArray());
    }

    private static (string Version, CapabilityFlags Capabilities, byte[] Scramble, string Plugin) ParseGreeting(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var protocol = reader.ReadByte();
        if (protocol != 10)
        {
            ObException.ThrowProtocol($"unsupported handshake protocol version {protocol}");
        }

        var version = Encoding.UTF8.GetString(reader.ReadNullTerminatedBytes());
        reader.ReadUInt32();
        var part1 = reader.ReadBytes(8);
        reader.ReadByte();
        var capabilities = (uint)reader.ReadUInt16();
        reader.ReadByte();
        reader.ReadUInt16();
        capabilities |= (uint)reader.ReadUInt16() << 16;
        var authLength = reader.ReadByte();
        reader.Skip(10);
        var part2 = reader.ReadBytes(Math.Max(13, authLength - 8));
        if (!part2.IsEmpty && part2[^1] == 0)
        {
            part2 = part2[..^1];
        }

        var plugin = reader.IsAtEnd ? NativePassword.PluginName : Encoding.UTF8.GetString(reader.ReadNullTerminatedBytes());
        return (version, (CapabilityFlags)capabilities, [.. part1, .. part2], plugin);
    }
}
