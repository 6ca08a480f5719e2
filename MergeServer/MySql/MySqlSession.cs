using System.Diagnostics;
using OceanClassic.Common.Rpc;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.Common.MySql.Payloads;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.MySql.Tls;
using OceanClassic.Common.Tasks;

namespace OceanClassic.MergeServer.MySql;

// One client connection: handshake, authentication and the command loop. It only needs a duplex pipe,
// so tests, fuzzers and benchmarks drive it with bytes and no socket.
public sealed partial class MySqlSession : ILocalInfileSource
{
    public const CapabilityFlags ServerCapabilities =
        CapabilityFlags.LongPassword | CapabilityFlags.FoundRows | CapabilityFlags.LongFlag | CapabilityFlags.ConnectWithDb
        | CapabilityFlags.Protocol41 | CapabilityFlags.Transactions | CapabilityFlags.SecureConnection
        | CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults | CapabilityFlags.PluginAuth
        | CapabilityFlags.ConnectAttributes | CapabilityFlags.PluginAuthLengthEncodedClientData
        | CapabilityFlags.DeprecateEof | CapabilityFlags.LocalFiles;

    // A command's whole answer (read to flushed) and its final send, for profiles (OperationTimers).
    private static readonly OperationTimer CommandTimer = OperationTimers.Get("ms.command");
    private static readonly OperationTimer SendTimer = OperationTimers.Get("ms.send");
    private readonly IDuplexPipe _transport;
    private readonly IQueryHandler _handler;
    private readonly MySqlServerOptions _options;
    private readonly ILogger _logger;
    private readonly uint _connectionId;
    private readonly string _clientAddress;
    private PacketReader _reader;
    private PacketWriter _writer;
    private TlsUpgrade? _tls;
    private readonly DateTime _started = DateTime.UtcNow;
    private ISqlSession? _sql;
    private CancellationTokenSource? _disconnect;

    // Made at the first command, once the client's capabilities and the writer (TLS or not) are settled.
    private MySqlResultSink? _sink;
    private CapabilityFlags _clientCapabilities;
    private string _user = "";
    private LoginAccount? _account;
    private long _questions;

    // The result sink's views of this session, made once (not two delegates per command).
    private readonly Func<ServerStatus> _status;
    private readonly Func<ushort> _statementWarnings;

    public MySqlSession(IDuplexPipe transport, IQueryHandler handler, MySqlServerOptions options, ILogger logger, uint connectionId, string clientAddress)
    {
        _transport = transport;
        _handler = handler;
        _options = options;
        _logger = logger;
        _connectionId = connectionId;
        _clientAddress = clientAddress;
        _reader = new PacketReader(transport.Input, options.PreLoginPacketBytes);
        _writer = new PacketWriter(transport.Output);
        _status = Status;
        _statementWarnings = StatementWarnings;
    }

    public async Task RunAsync(CancellationToken serverCt)
    {
        // KILL CONNECTION from another session cancels this connection's token (SessionInfo.Disconnect).
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(serverCt);
        _disconnect = connection;
        var ct = connection.Token;
        try
        {
            if (await LoginAsync(ct))
            {
                _reader.MaxPayloadBytes = _options.MaxPacketBytes;
                await CommandLoopAsync(ct);
            }
        }
        catch (MySqlProtocolException ex) when (ex.PacketTooLarge)
        {
            _logger.LogWarning("MySQL connection {Id} from {Address} closed: {Reason}", _connectionId, _clientAddress, ex.Message);
            await RefuseOversizedPacketAsync(ct);
        }
        catch (MySqlProtocolException ex)
        {
            _logger.LogWarning("MySQL connection {Id} from {Address} closed: {Reason}", _connectionId, _clientAddress, ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (IOException ex)
        {
            _logger.LogDebug("MySQL connection {Id} from {Address} dropped: {Reason}", _connectionId, _clientAddress, ex.Message);
        }
        finally
        {
            if (_sql is not null)
            {
                try
                {
                    await _sql.DisposeAsync();
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "MySQL connection {Id}: closing the SQL session failed", _connectionId);
                }
            }

            _reader.Dispose();
            _writer.Dispose();
            if (_tls is not null)
            {
                await _tls.DisposeAsync();
            }

            await _transport.Input.CompleteAsync();
            await _transport.Output.CompleteAsync();
        }
    }

    private void Disconnect()
    {
        try
        {
            _disconnect?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    private ushort StatementWarnings() => (ushort)Math.Min(_sql?.StatementWarningCount ?? 0, ushort.MaxValue);

    private ServerStatus Status()
    {
        var status = ServerStatus.None;
        if (_sql is { Autocommit: true })
        {
            status |= ServerStatus.Autocommit;
        }

        if (_sql is { InTransaction: true })
        {
            status |= ServerStatus.InTransaction;
        }

        return status;
    }

    // connect_timeout: a client that has not logged in by then is closed without a word, as MariaDB does.
    private async ValueTask<bool> LoginAsync(CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(_options.ConnectTimeout, _options.Time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            return await AuthenticateAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            _logger.LogInformation("MySQL connection {Id} from {Address} closed: no login within connect_timeout ({Seconds} s)",
                _connectionId, _clientAddress, _options.ConnectTimeout.TotalSeconds);
            return false;
        }
    }

    // Error 1153, then the connection closes (as MySQL). A logged-in client may still be sending the
    // packet (a client writes a whole query before reading the reply): the rest is read and dropped
    // first, for up to net_read_timeout, so the client reads the error rather than a reset connection.
    // Before login nothing more is read: the error goes out at once.
    private async ValueTask RefuseOversizedPacketAsync(CancellationToken ct)
    {
        try
        {
            if (_sql is not null)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(_options.NetReadTimeout);
                if (!await _reader.SkipRestOfPacketAsync(deadline.Token))
                {
                    return;
                }
            }

            _writer.Sequence = _reader.NextSequence;
            await SendErrorAsync(WireErrorCodes.NetPacketTooLarge, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes", ct);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client went away or kept sending past net_read_timeout: nothing to answer.
        }
    }

    private async ValueTask<bool> AuthenticateAsync(CancellationToken ct)
    {
        var scramble = NativePassword.CreateScramble();
        _writer.Sequence = 0;
        var capabilities = ServerCapabilities | (_options.TlsCertificate is null ? CapabilityFlags.None : CapabilityFlags.Ssl);
        HandshakeV10Payload.Write(_writer.Begin(), _options.ServerVersion, _connectionId, scramble, capabilities,
            CharacterSets.Utf8Mb4GeneralCi, ServerStatus.Autocommit, NativePassword.PluginName);
        _writer.End();
        await _writer.FlushAsync(ct);

        _reader.NextSequence = _writer.Sequence;
        if (!await _reader.ReadAsync(ct))
        {
            return false;
        }

        if (_options.TlsCertificate is { } certificate && IsSslRequest(_reader.Payload.Span))
        {
            // The client switches to TLS; its handshake response follows inside it.
            var sequence = _reader.NextSequence;
            await StartTlsAsync(certificate, ct);
            _reader.NextSequence = sequence;
            if (!await _reader.ReadAsync(ct))
            {
                return false;
            }
        }

        var response = HandshakeResponse41Payload.Create(_reader.Payload.Span);
        _clientCapabilities = response.Capabilities & capabilities;
        _user = response.User;
        var token = response.AuthResponse;
        _writer.Sequence = _reader.NextSequence;

        if (!string.IsNullOrEmpty(response.AuthPluginName) && response.AuthPluginName != NativePassword.PluginName)
        {
            // e.g. caching_sha2_password from MySQL 8 clients: ask for the plugin we verify.
            AuthSwitchRequestPayload.Write(_writer.Begin(), NativePassword.PluginName, scramble);
            _writer.End();
            await _writer.FlushAsync(ct);
            _reader.NextSequence = _writer.Sequence;
            if (!await _reader.ReadAsync(ct))
            {
                return false;
            }

            token = _reader.Payload.ToArray();
            _writer.Sequence = _reader.NextSequence;
        }

        var account = await _handler.FindLoginAccountAsync(response.User, _clientAddress, ct);
        if (ReferenceEquals(account, LoginAccount.Unmanaged))
        {
            account = response.User == _options.User ? new LoginAccount(_options.User, "%", NativePassword.Hash(_options.Password), false) : null;
        }

        if (account is null || !NativePassword.VerifyHash(scramble, token, account.AuthString) || (account.RequireSsl && _tls is null))
        {
            var usingPassword = token.Length > 0 ? "YES" : "NO";
            var clientHost = LoopbackAsLocalhost(_clientAddress);
            _logger.LogInformation("MySQL connection {Id}: access denied for '{User}'@'{Address}'", _connectionId, response.User, _clientAddress);
            await SendErrorAsync(WireErrorCodes.AccessDenied, "28000", $"Access denied for user '{response.User}'@'{clientHost}' (using password: {usingPassword})", ct);
            return false;
        }

        _account = account;
        _sql = await _handler.OpenSessionAsync(SessionInfoFor(response.Database), ct);
        if (response.Database is not null && await _sql.UseDatabaseAsync(response.Database, ct) is { } error)
        {
            await SendErrorAsync(error.Code, error.SqlState, error.Message, ct);
            return false;
        }

        OkPayload.Write(_writer.Begin(), 0, 0, Status());
        _writer.End();
        await _writer.FlushAsync(ct);
        return true;
    }

    private async ValueTask CommandLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            _reader.NextSequence = 0;
            if (!await _reader.ReadAsync(ct))
            {
                return;
            }

            var payload = _reader.Payload;
            if (payload.IsEmpty)
            {
                MySqlThrowHelper.ThrowMalformed("empty command packet");
            }

            _writer.Sequence = _reader.NextSequence;
            var command = (CommandCode)payload.Span[0];
            var argument = payload[1..];
            switch (command)
            {
                case CommandCode.Quit:
                    return;
                case CommandCode.Query:
                    // Some clients end the text with a NUL (MySQL ignores it); raw non-UTF-8 bytes (binary
                    // data in a dump's string literals) are kept by the lossless decoding.
                    await QueryAsync(LosslessUtf8.GetString(argument.Span.TrimEnd((byte)0)), ct);
                    break;
                case CommandCode.InitDb:
                    await InitDbAsync(Encoding.UTF8.GetString(argument.Span), ct);
                    break;
                case CommandCode.Ping:
                    await SendOkAsync(ct);
                    break;
                case CommandCode.Refresh:
                    // mysql_refresh (mariadb-dump --flush-logs, mysqladmin flush-*): nothing to flush, as FLUSH.
                    await SendOkAsync(ct);
                    break;
                case CommandCode.FieldList:
                    await SendEofAsync(ct);
                    break;
                case CommandCode.SetOption:
                    await SetOptionAsync(argument, ct);
                    break;
                case CommandCode.ResetConnection:
                    await ResetAsync(ct);
                    break;
                case CommandCode.Statistics:
                    await StatisticsAsync(ct);
                    break;
                case CommandCode.StatementPrepare:
                    await PrepareStatementAsync(LosslessUtf8.GetString(argument.Span.TrimEnd((byte)0)), ct);
                    break;
                case CommandCode.StatementExecute:
                    await ExecuteStatementAsync(argument, ct);
                    break;
                case CommandCode.StatementSendLongData:
                    // No response: answering would desynchronise the client.
                    SendLongData(argument.Span);
                    break;
                case CommandCode.StatementClose:
                    CloseStatement(argument.Span);
                    break;
                case CommandCode.StatementReset:
                    await ResetStatementAsync(argument.Span, ct);
                    break;
                case CommandCode.StatementFetch:
                    await FetchStatementAsync(argument.Span, ct);
                    break;
                default:
                    await SendErrorAsync(WireErrorCodes.UnknownCommand, "08S01", "Unknown command", ct);
                    break;
            }
        }
    }

    private ValueTask QueryAsync(string sql, CancellationToken ct)
    {
        _questions++;
        return RespondAsync(sql, static (session, text, sink, token) => session.ExecuteAsync(text, sink, token), binaryRows: false, ct);
    }

    // A command answered by the engine (COM_QUERY, COM_STMT_EXECUTE): its results go into a sink, and an
    // engine bug becomes ERR 1105 instead of closing the connection. The run delegates are static lambdas.
    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder))]
    private async ValueTask RespondAsync<TState>(TState state, Func<ISqlSession, TState, IResultSink, CancellationToken, ValueTask> run,
        bool binaryRows, CancellationToken ct)
    {
        var commandStarted = Stopwatch.GetTimestamp();
        var sink = _sink ??= new MySqlResultSink(_writer, _status, (_clientCapabilities & CapabilityFlags.DeprecateEof) != 0,
            _options.StreamFlushBytes, _statementWarnings);
        sink.Start(binaryRows, ct);
        try
        {
            await run(_sql!, state, sink, ct);
        }
        catch (Exception ex) when (ex is not IOException and not MySqlProtocolException && !ct.IsCancellationRequested)
        {
            _logger.LogError(ex, "MySQL connection {Id}: command failed inside the engine", _connectionId);
            sink.Error(new QueryError(WireErrorCodes.Unknown, "HY000", ex.Message));
        }

        sink.Complete();
        var flushStarted = Stopwatch.GetTimestamp();
        await _writer.FlushAsync(ct);
        SendTimer.Stop(flushStarted);
        CommandTimer.Stop(commandStarted);
    }

    private async ValueTask InitDbAsync(string database, CancellationToken ct)
    {
        if (await _sql!.UseDatabaseAsync(database, ct) is { } error)
        {
            await SendErrorAsync(error.Code, error.SqlState, error.Message, ct);
            return;
        }

        await SendOkAsync(ct);
    }

    private async ValueTask SetOptionAsync(ReadOnlyMemory<byte> argument, CancellationToken ct)
    {
        var reader = new PayloadReader(argument.Span);
        var option = reader.ReadUInt16();
        if (option == 0)
        {
            _clientCapabilities |= CapabilityFlags.MultiStatements;
        }
        else
        {
            _clientCapabilities &= ~CapabilityFlags.MultiStatements;
        }

        await SendEofAsync(ct);
    }

    private async ValueTask ResetAsync(CancellationToken ct)
    {
        var database = _sql!.CurrentDatabase;
        _statements.Clear();
        await _sql.DisposeAsync();
        _sql = null;
        _sql = await _handler.OpenSessionAsync(SessionInfoFor(database), ct);
        await SendOkAsync(ct);
    }

    private SessionInfo SessionInfoFor(string? database) =>
        new(_connectionId, _user, database, _clientAddress, Disconnect, this, _account?.Host ?? "%", _tls?.Cipher, _tls?.Version);

    // SSLRequest: the handshake response's first 32 bytes alone, with CLIENT_SSL set.
    private static bool IsSslRequest(ReadOnlySpan<byte> payload) =>
        payload.Length == 32 && ((CapabilityFlags)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(payload) & CapabilityFlags.Ssl) != 0;

    // The TLS handshake runs over the connection's bytes; packets are then read and written through it.
    private async ValueTask StartTlsAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, CancellationToken ct)
    {
        _tls = await TlsUpgrade.AcceptAsync(_transport, certificate, ct);
        _reader.Dispose();
        _writer.Dispose();
        _reader = new PacketReader(_tls.Input, _options.PreLoginPacketBytes);
        _writer = new PacketWriter(_tls.Output);
    }

    // MariaDB names a client on the loopback 'localhost' (its address resolves so).
    private static string LoopbackAsLocalhost(string address) =>
        System.Net.IPAddress.TryParse(address, out var ip) && System.Net.IPAddress.IsLoopback(ip) ? "localhost" : address;

    private ValueTask StatisticsAsync(CancellationToken ct)
    {
        var uptime = (long)(DateTime.UtcNow - _started).TotalSeconds;
        _writer.Begin().WriteString($"Uptime: {uptime}  Threads: 1  Questions: {_questions}  Slow queries: 0  Opens: 0  Open tables: 0");
        _writer.End();
        return _writer.FlushAsync(ct);
    }

    private ValueTask SendOkAsync(CancellationToken ct)
    {
        OkPayload.Write(_writer.Begin(), 0, 0, Status());
        _writer.End();
        return _writer.FlushAsync(ct);
    }

    private ValueTask SendEofAsync(CancellationToken ct)
    {
        var payload = _writer.Begin();
        if ((_clientCapabilities & CapabilityFlags.DeprecateEof) != 0)
        {
            OkPayload.Write(payload, 0, 0, Status(), asEof: true);
        }
        else
        {
            EofPayload.Write(payload, Status());
        }

        _writer.End();
        return _writer.FlushAsync(ct);
    }

    private ValueTask SendErrorAsync(int code, string sqlState, string message, CancellationToken ct)
    {
        ErrorPayload.Write(_writer.Begin(), code, sqlState, message);
        _writer.End();
        return _writer.FlushAsync(ct);
    }
}
