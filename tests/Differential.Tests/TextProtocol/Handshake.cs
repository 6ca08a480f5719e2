using System.Buffers;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Differential.Tests.TextProtocol;

// Connection phase: HandshakeV10 in, HandshakeResponse41 out, optional AuthSwitchRequest, then OK or ERR.
// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html
internal static class Handshake
{
    private const CapabilityFlags ClientCapabilities = CapabilityFlags.LongPassword | CapabilityFlags.LongFlag
        | CapabilityFlags.Protocol41 | CapabilityFlags.Transactions | CapabilityFlags.SecureConnection
        | CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults | CapabilityFlags.PluginAuth;

    // Returns the server version string.
    public static async ValueTask<string> RunAsync(PacketChannel channel, string user, string password, string? database,
        long maxPacketBytes, CancellationToken ct)
    {
        try
        {
            return await ConnectAsync(channel, user, password, database, maxPacketBytes, ct);
        }
        catch (MySqlProtocolException ex)
        {
            throw RawErrors.Protocol(ex);
        }
    }

    private static async ValueTask<string> ConnectAsync(PacketChannel channel, string user, string password, string? database,
        long maxPacketBytes, CancellationToken ct)
    {
        channel.Sequence = 0;
        var greeting = await channel.ReadAsync(ct);
        if (greeting.Span[0] == 0xff)
        {
            throw RawErrors.FromErrorPayload(greeting.Span);
        }

        var server = HandshakeV10Payload.Create(greeting.Span);
        if ((server.Capabilities & CapabilityFlags.Protocol41) == 0)
        {
            throw RawErrors.Protocol("server does not speak protocol 4.1");
        }

        var capabilities = ClientCapabilities & server.Capabilities;
        if (!string.IsNullOrEmpty(database))
        {
            capabilities |= CapabilityFlags.ConnectWithDb & server.Capabilities;
        }

        HandshakeResponse41Payload.Write(channel.BeginPacket(), capabilities, (uint)Math.Min(maxPacketBytes, uint.MaxValue),
            CharacterSets.Utf8Mb4GeneralCi, user, NativePassword.ComputeToken(server.Scramble, password), database,
            NativePassword.PluginName);
        channel.EndPacket();
        await channel.FlushAsync(ct);

        while (true)
        {
            var reply = await channel.ReadAsync(ct);
            switch (reply.Span[0])
            {
                case 0x00:
                    return server.ServerVersion;
                case 0xff:
                    throw RawErrors.FromErrorPayload(reply.Span);
                case 0xfe:
                    await SwitchAsync(channel, AuthSwitchRequestPayload.Create(reply.Span), password, ct);
                    break;
                default:
                    throw new ObException(ObException.ClientProtocolError, "08S01",
                        $"Unsupported authentication step 0x{reply.Span[0]:x2}; only mysql_native_password is supported here.");
            }
        }
    }

    private static async ValueTask SwitchAsync(PacketChannel channel, AuthSwitchRequestPayload request, string password, CancellationToken ct)
    {
        if (request.PluginName != NativePassword.PluginName)
        {
            throw new ObException(ObException.ClientProtocolError, "08S01",
                $"The server asked for authentication plugin '{request.PluginName}'; this session supports only mysql_native_password.");
        }

        channel.BeginPacket().Write(NativePassword.ComputeToken(request.AuthData, password));
        channel.EndPacket();
        await channel.FlushAsync(ct);
    }
}
