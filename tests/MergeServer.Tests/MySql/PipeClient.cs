using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.MySql;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.MySql;

// Drives a MySqlSession with raw bytes through two in-memory pipes — no socket.
public sealed class PipeClient : IAsyncDisposable
{
    public const CapabilityFlags DefaultCapabilities = CapabilityFlags.Protocol41 | CapabilityFlags.SecureConnection
        | CapabilityFlags.PluginAuth | CapabilityFlags.ConnectWithDb | CapabilityFlags.MultiStatements
        | CapabilityFlags.MultiResults | CapabilityFlags.LongPassword | CapabilityFlags.Transactions;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient;
    private readonly CancellationTokenSource _cts = new();

    // engine: a real query handler (a SqlEngine) in place of the scripted one.
    public PipeClient(MySqlServerOptions? options = null, TestQueryHandler? handler = null, PipeOptions? toClientOptions = null,
        IQueryHandler? engine = null)
    {
        _toClient = new Pipe(toClientOptions ?? PipeOptions.Default);
        Handler = handler ?? new TestQueryHandler();
        var session = new MySqlSession(new DuplexPipe(_toServer.Reader, _toClient.Writer), engine ?? Handler,
            options ?? new MySqlServerOptions(), NullLogger.Instance, 7, "10.0.0.1");
        SessionTask = session.RunAsync(_cts.Token);
    }

    public TestQueryHandler Handler { get; }

    public Task SessionTask { get; }

    public byte[] Scramble { get; private set; } = [];

    public async Task<(byte Sequence, byte[] Payload)?> ReadPacketAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var reader = _toClient.Reader;
        while (true)
        {
            var result = await reader.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (PacketFramer.TryReadHeader(buffer, out var length, out var sequence) && buffer.Length >= 4 + length)
            {
                var payload = buffer.Slice(4, length).ToArray();
                reader.AdvanceTo(buffer.GetPosition(4 + length));
                return (sequence, payload);
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task<byte[]> ReadPayloadAsync() =>
        (await ReadPacketAsync())?.Payload ?? throw new InvalidOperationException("the server closed the connection");

    // Bytes the server has written that the client has not consumed yet.
    public long PendingBytes()
    {
        if (!_toClient.Reader.TryRead(out var result))
        {
            return 0;
        }

        var length = result.Buffer.Length;
        _toClient.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        return length;
    }

    public async Task SendAsync(byte sequence, byte[] payload)
    {
        var seq = sequence;
        PacketFramer.WritePacket(_toServer.Writer, payload, ref seq);
        await _toServer.Writer.FlushAsync();
    }

    public async Task SendRawAsync(byte[] bytes, bool complete = false)
    {
        await _toServer.Writer.WriteAsync(bytes);
        if (complete)
        {
            await _toServer.Writer.CompleteAsync();
        }
    }

    public Task SendCommandAsync(byte command, string argument = "") =>
        SendAsync(0, [command, .. Encoding.UTF8.GetBytes(argument)]);

    // Reads the greeting, answers it, and returns the server's verdict (OK or ERR payload).
    public async Task<byte[]> LoginAsync(string user = "root", string password = "", string? database = null,
        string plugin = NativePassword.PluginName, CapabilityFlags capabilities = DefaultCapabilities)
    {
        var greeting = await ReadPayloadAsync();
        Scramble = ParseScramble(greeting);
        var token = plugin == NativePassword.PluginName ? NativePassword.ComputeToken(Scramble, password) : RandomNumberGenerator.GetBytes(32);
        await SendAsync(1, HandshakeResponse(user, token, database, plugin, capabilities));
        var reply = await ReadPacketAsync() ?? throw new InvalidOperationException("closed during login");
        if (reply.Payload[0] == 0xfe)
        {
            var switchData = reply.Payload.AsSpan(1 + NativePassword.PluginName.Length + 1, 20).ToArray();
            await SendAsync((byte)(reply.Sequence + 1), NativePassword.ComputeToken(switchData, password));
            return await ReadPayloadAsync();
        }

        return reply.Payload;
    }

    public static byte[] ParseScramble(byte[] greeting)
    {
        var versionEnd = Array.IndexOf(greeting, (byte)0, 1);
        var part1 = greeting.AsSpan(versionEnd + 1 + 4, 8);
        var part2 = greeting.AsSpan(versionEnd + 1 + 4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, 12);
        return [.. part1, .. part2];
    }

    public static byte[] HandshakeResponse(string user, byte[] token, string? database, string plugin, CapabilityFlags capabilities)
    {
        var writer = new ArrayBufferWriter<byte>();
        HandshakeResponse41Payload.Write(writer, capabilities, 16 * 1024 * 1024, CharacterSets.Utf8GeneralCi, user, token, database, plugin);
        return writer.WrittenSpan.ToArray();
    }

    // True when the server ended the session and closed its side of the pipe.
    public async Task<bool> ServerClosedAsync()
    {
        while (await ReadPacketAsync() is not null)
        {
        }

        await SessionTask.WaitAsync(Timeout);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        await _cts.CancelAsync();
        try
        {
            await SessionTask.WaitAsync(Timeout);
        }
        catch (OperationCanceledException)
        {
        }

        _cts.Dispose();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
