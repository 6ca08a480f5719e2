using System.Buffers;
using System.Data;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.ObClient.Tests;

// A scripted server that logs the client in, answers the driver's own set-up statements with OK and
// then answers the first SELECT with raw bytes: the client must tell a server that went away (2013) from
// one that sent a broken packet (2027), and either leaves the connection broken.
[TestClass]
public sealed class ServerProtocolErrorTests
{
    [TestMethod]
    public async Task ServerDyingInsideARowPacketIsServerLostAndBreaksTheConnection()
    {
        byte[] reply = [.. Packet(1, 0x01), .. ColumnPacket(2), .. Packet(3, 0xfe, 0, 0, 2, 0), 0x10, 0x00, 0x00, 4, 0x03];

        var (error, state) = await QueryAgainstScriptedServerAsync(reply, closeAfterReply: true);

        Assert.AreEqual(ObException.ServerLost, error.ErrorCode);
        Assert.AreEqual("HY000", error.SqlState);
        StringAssert.Contains(error.Message, "closed the connection");
        Assert.AreEqual(ConnectionState.Broken, state);
    }

    [TestMethod]
    public async Task TruncatedColumnDefinitionIsAProtocolErrorAndBreaksTheConnection()
    {
        byte[] reply = [.. Packet(1, 0x01), .. Packet(2, 3, (byte)'d', (byte)'e', (byte)'f')];

        var (error, state) = await QueryAgainstScriptedServerAsync(reply, closeAfterReply: false);

        Assert.AreEqual(ObException.ClientProtocolError, error.ErrorCode);
        Assert.AreEqual("08S01", error.SqlState);
        Assert.AreEqual(ConnectionState.Broken, state);
    }

    [TestMethod]
    public async Task WrongSequenceIdIsAProtocolErrorAndBreaksTheConnection()
    {
        byte[] reply = Packet(5, 0x00, 0, 0, 2, 0, 0, 0);

        var (error, state) = await QueryAgainstScriptedServerAsync(reply, closeAfterReply: false);

        Assert.AreEqual(ObException.ClientProtocolError, error.ErrorCode);
        Assert.AreEqual("08S01", error.SqlState);
        Assert.AreEqual(ConnectionState.Broken, state);
    }

    private static async Task<(ObException Error, ConnectionState State)> QueryAgainstScriptedServerAsync(byte[] reply, bool closeAfterReply)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var queryAnswered = new SemaphoreSlim(0);
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync(timeout.Token);
            await using var stream = new NetworkStream(socket);
            var input = PipeReader.Create(stream);
            using var packets = new PacketReader(input, 1 << 20);
            var greeting = new ArrayBufferWriter<byte>();
            HandshakeV10Payload.Write(greeting, "5.7.0-scripted", 1, NativePassword.CreateScramble(),
                CapabilityFlags.Protocol41 | CapabilityFlags.SecureConnection | CapabilityFlags.PluginAuth,
                CharacterSets.Utf8GeneralCi, ServerStatus.Autocommit, NativePassword.PluginName);
            await stream.WriteAsync(Packet(0, greeting.WrittenSpan.ToArray()), timeout.Token);
            packets.NextSequence = 1;
            await packets.ReadAsync(timeout.Token);
            await stream.WriteAsync(Packet(2, 0x00, 0, 0, 2, 0, 0, 0), timeout.Token);
            while (true)
            {
                packets.NextSequence = 0;
                Assert.IsTrue(await packets.ReadAsync(timeout.Token), "the client hung up before its query");
                if (packets.Payload.Span.SequenceEqual("\u0003SELECT 1"u8))
                    break;
                await stream.WriteAsync(Packet(1, 0x00, 0, 0, 2, 0, 0, 0), timeout.Token);
            }
            await stream.WriteAsync(reply, timeout.Token);
            if (!closeAfterReply)
            {
                await queryAnswered.WaitAsync(timeout.Token);
            }
        });

        await using var connection = new ObConnection($"Server=127.0.0.1:{port};Password=x;ConnectTimeout=5");
        await connection.OpenAsync(timeout.Token);
        await using var command = new ObCommand("SELECT 1", connection);
        var error = await Assert.ThrowsExceptionAsync<ObException>(async () =>
        {
            await using var reader = await command.ExecuteReaderAsync(timeout.Token);
            while (await reader.ReadAsync(timeout.Token))
            {
            }
        });

        var state = connection.State;
        queryAnswered.Release();
        await server;
        return (error, state);
    }

    private static byte[] ColumnPacket(byte sequence)
    {
        var column = new ArrayBufferWriter<byte>();
        ColumnDefinitionPayload.Write(column, new ColumnDefinitionPayload("c", "t", "d", CharacterSets.Utf8GeneralCi, 10,
            MySqlColumnType.VarString, ColumnFlags.None, 0));
        return Packet(sequence, column.WrittenSpan.ToArray());
    }

    private static byte[] Packet(byte sequence, params byte[] payload)
    {
        var output = new ArrayBufferWriter<byte>();
        PacketFramer.WritePacket(output, payload, ref sequence);
        return output.WrittenSpan.ToArray();
    }
}
