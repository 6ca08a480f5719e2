using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using MySqlConnector;
using OceanClassic.ObClient.Configuration;
using OceanClassic.ObClient.Connector;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.ObClient;

// ObClient's connection: a MySqlConnector session (MySqlConnection) that the Connector layer opened on a
// MergeServer chosen by the Discovery layer (the Server list in order, or the RootServer's live ones),
// with failures turned into ObExceptions. Values are typed by their column's SQL type only (TINYINT(1)
// is a number, CHAR(36) a string), as the server sent them.
public sealed class ObConnection : DbConnection
{
    private string _connectionString = "";
    private ObConnectionSettings _settings = new();
    private MySqlConnection? _session;
    private ObServerAddress? _connectedTo;

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
            if (_session is not null)
            {
                throw new InvalidOperationException("Close the connection before changing its connection string.");
            }

            _connectionString = value ?? "";
            _settings = ObConnectionSettings.Parse(_connectionString);
        }
    }

    public ObConnectionSettings Settings => _settings;

    public override string Database => _session?.Database is { Length: > 0 } database ? database : _settings.Database ?? "";

    public override string DataSource => (_connectedTo ?? _settings.Servers[0]).ToString();

    public override string ServerVersion => _session?.ServerVersion ?? "";

    public override int ConnectionTimeout => (int)_settings.ConnectTimeout.TotalSeconds;

    // Broken once the session failed (the server went away, a packet could not be read, a ping went
    // unanswered): MySqlConnector marks it so.
    public override ConnectionState State => _session?.State ?? ConnectionState.Closed;

    internal MySqlConnection Session => _session switch
    {
        null => throw new InvalidOperationException("The connection is not open."),
        { State: ConnectionState.Broken } => throw new InvalidOperationException(
            "The connection is broken (the server closed it or a packet could not be read); open a new one."),
        var session => session,
    };

    public override async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_session is not null)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        try
        {
            (_session, _connectedTo) = await MySqlConnectorSessions.OpenOnAnyAsync(_settings, TypedBySqlType, cancellationToken);
        }
        catch (Exception e) when (ObException.IsDriverFailure(e))
        {
            throw ObException.FromDriver(e);
        }

        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    public override void Open() => OpenAsync(CancellationToken.None).GetAwaiter().GetResult();

    // COM_PING; a server that does not answer leaves the connection broken.
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        if (!await Session.PingAsync(cancellationToken))
        {
            throw new ObException(ObException.ServerLost, "HY000", "The server closed the connection (no answer to a ping).");
        }
    }

    public override async Task ChangeDatabaseAsync(string databaseName, CancellationToken cancellationToken = default)
    {
        try
        {
            await Session.ChangeDatabaseAsync(databaseName, cancellationToken);
        }
        catch (Exception e) when (ObException.IsDriverFailure(e))
        {
            throw ObException.FromDriver(e);
        }
    }

    public override void ChangeDatabase(string databaseName) =>
        ChangeDatabaseAsync(databaseName, CancellationToken.None).GetAwaiter().GetResult();

    public new ObCommand CreateCommand() => new() { Connection = this };

    // BEGIN as SQL: the MergeServer's session holds the transaction, whichever ObCommand runs in it.
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
        var session = _session;
        if (session is null)
        {
            return;
        }

        _session = null;
        await session.DisposeAsync();
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    public override void Close() => CloseAsync().GetAwaiter().GetResult();

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

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

    private static void TypedBySqlType(MySqlConnectionStringBuilder builder)
    {
        builder.TreatTinyAsBoolean = false;
        builder.GuidFormat = MySqlGuidFormat.None;
    }
}
