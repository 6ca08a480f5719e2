using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Text;
using OceanClassic.Common.MySql;
using OceanClassic.ObClient.Discovery;
using OceanClassic.ObClient.Protocol;

namespace OceanClassic.ObClient;

public sealed class ObConnection : DbConnection
{
    private string _connectionString = "";
    private ObConnectionSettings _settings = new();
    private PacketChannel? _channel;
    private ObServerAddress? _connectedTo;
    private string _serverVersion = "";
    private string? _database;

    public ObConnection()
    {
    }

    public ObConnection(string connectionString) => ConnectionString = connectionString;

    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_channel is not null)
            {
                throw new InvalidOperationException("Close the connection before changing its connection string.");
            }

            _connectionString = value ?? "";
            _settings = ObConnectionSettings.Parse(_connectionString);
            _database = _settings.Database;
        }
    }

    public ObConnectionSettings Settings => _settings;

    public override string Database => _database ?? "";

    public override string DataSource => (_connectedTo ?? _settings.Servers[0]).ToString();

    public override string ServerVersion => _serverVersion;

    public override int ConnectionTimeout => (int)_settings.ConnectTimeout.TotalSeconds;

    public override ConnectionState State => _channel switch
    {
        null => ConnectionState.Closed,
        { IsBroken: true } => ConnectionState.Broken,
        _ => ActiveReader is null ? ConnectionState.Open : ConnectionState.Open | ConnectionState.Fetching,
    };

    internal ObDataReader? ActiveReader { get; set; }

    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_channel is not null)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        var failures = new List<string>();
        var servers = await MergeServerDiscovery.MergeServersAsync(_settings, cancellationToken);
        foreach (var server in servers)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_settings.ConnectTimeout);
            PacketChannel? channel = null;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(server.Host, server.Port, timeout.Token);
                channel = new PacketChannel(socket, _settings.MaxPacketBytes);
                _serverVersion = await Handshake.RunAsync(channel, _settings.User, _settings.Password, _settings.Database,
                    _settings.MaxPacketBytes, timeout.Token);
                _channel = channel;
                _connectedTo = server;
                _database = _settings.Database;
                OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
                return;
            }
            catch (ObException ex) when (ex.ErrorCode is not (ObException.ServerLost or ObException.ClientProtocolError))
            {
                // The server answered (e.g. 1045): another MergeServer would answer the same.
                await DisposeChannelAsync(channel, socket);
                throw;
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                await DisposeChannelAsync(channel, socket);
                failures.Add($"{server}: {(ex is OperationCanceledException ? "timed out" : ex.Message)}");
            }
            catch
            {
                await DisposeChannelAsync(channel, socket);
                throw;
            }
        }

        throw new ObException(ObException.CannotConnect, "08001",
            $"Unable to connect to any MergeServer ({string.Join("; ", failures)}).");
    }

    public override void Open() => OpenAsync(CancellationToken.None).GetAwaiter().GetResult();

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var channel = await SendCommandAsync(CommandCode.Ping, "", cancellationToken);
        await ReadOkAsync(channel, cancellationToken);
    }

    public override async Task ChangeDatabaseAsync(string databaseName, CancellationToken cancellationToken = default)
    {
        var channel = await SendCommandAsync(CommandCode.InitDb, databaseName, cancellationToken);
        await ReadOkAsync(channel, cancellationToken);
        _database = databaseName;
    }

    public override void ChangeDatabase(string databaseName) =>
        ChangeDatabaseAsync(databaseName, CancellationToken.None).GetAwaiter().GetResult();

    public new ObCommand CreateCommand() => new() { Connection = this };

    public new async ValueTask<ObTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        await using (var command = new ObCommand("BEGIN", this))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new ObTransaction(this);
    }

    public override async Task CloseAsync()
    {
        var channel = _channel;
        if (channel is null)
        {
            return;
        }

        _channel = null;
        ActiveReader = null;
        if (!channel.IsBroken)
        {
            try
            {
                channel.Sequence = 0;
                channel.BeginPacket().WriteByte((byte)CommandCode.Quit);
                channel.EndPacket();
                await channel.FlushAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is ObException or IOException or SocketException)
            {
            }
        }

        await channel.DisposeAsync();
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    public override void Close() => CloseAsync().GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    internal async ValueTask<PacketChannel> SendCommandAsync(CommandCode command, string argument, CancellationToken ct)
    {
        var channel = _channel;
        if (channel is null || channel.IsBroken)
        {
            throw new InvalidOperationException(channel is null
                ? "The connection is not open."
                : "The connection is broken (the server closed it or a command was cancelled); open a new one.");
        }

        if (ActiveReader is not null)
        {
            throw new InvalidOperationException("This connection already has an open ObDataReader; close it first.");
        }

        channel.Sequence = 0;
        var writer = channel.BeginPacket();
        writer.WriteByte((byte)command);
        writer.WriteString(argument);
        channel.EndPacket();
        await channel.FlushAsync(ct);
        return channel;
    }

    internal ValueTask<PacketChannel> SendQueryAsync(string sql, CancellationToken ct) => SendCommandAsync(CommandCode.Query, sql, ct);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
        BeginTransactionAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    protected override DbCommand CreateDbCommand() => CreateCommand();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    private static async ValueTask ReadOkAsync(PacketChannel channel, CancellationToken ct)
    {
        var reply = await channel.ReadAsync(ct);
        if (reply.Span[0] == 0xff)
        {
            throw ObException.FromErrorPayload(reply.Span);
        }
    }

    private static async ValueTask DisposeChannelAsync(PacketChannel? channel, Socket socket)
    {
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }

        socket.Dispose();
    }
}
