using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using MySqlConnector;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.ObClient;

// A text query (COM_QUERY) run by a MySqlCommand on the connection's session. CommandTimeout covers
// ExecuteNonQuery/ExecuteScalar entirely and ExecuteReader until the first result arrives; on a timeout
// the driver asks the server to kill the query and the command fails with 3024.
public sealed class ObCommand : DbCommand
{
    public const int QueryTimeoutErrorCode = 3024;
    private ObConnection? _connection;
    private int? _commandTimeout;

    public ObCommand()
    {
    }

    public ObCommand(string commandText, ObConnection? connection = null)
    {
        CommandText = commandText;
        _connection = connection;
    }

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout
    {
        get => _commandTimeout ?? (int)(_connection?.Settings.CommandTimeout.TotalSeconds ?? 30);
        set => _commandTimeout = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("ObClient supports CommandType.Text only.");
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    public new ObConnection? Connection
    {
        get => _connection;
        set => _connection = value;
    }

    // From the last OK packet of the last execution.
    public long LastInsertedId { get; internal set; }

    protected override DbConnection? DbConnection
    {
        get => _connection;
        set => _connection = value switch
        {
            null => null,
            ObConnection connection => connection,
            _ => throw new ArgumentException("ObCommand needs an ObConnection.", nameof(value)),
        };
    }

    protected override DbParameterCollection DbParameterCollection =>
        throw new NotSupportedException("ObClient sends text queries only; command parameters are not supported yet.");

    protected override DbTransaction? DbTransaction { get; set; }

    // Cancellation goes through the CancellationToken of the async methods.
    public override void Cancel()
    {
    }

    public override void Prepare()
    {
    }

    public override int ExecuteNonQuery() => ExecuteNonQueryAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override object? ExecuteScalar() => ExecuteScalarAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        await using var command = DriverCommand();
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (ObException.IsDriverFailure(e))
        {
            throw Failed(e);
        }
        finally
        {
            LastInsertedId = command.LastInsertedId;
        }
    }

    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        await using var command = DriverCommand();
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (ObException.IsDriverFailure(e))
        {
            throw Failed(e);
        }
    }

    public new async Task<ObDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default)
    {
        var command = DriverCommand();
        try
        {
            return new ObDataReader(this, command, await command.ExecuteReaderAsync(cancellationToken));
        }
        catch (Exception e)
        {
            await command.DisposeAsync();
            if (ObException.IsDriverFailure(e))
            {
                throw Failed(e);
            }

            throw;
        }
    }

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderAsync(cancellationToken);

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        ExecuteReaderAsync(CancellationToken.None).GetAwaiter().GetResult();

    protected override DbParameter CreateDbParameter() =>
        throw new NotSupportedException("ObClient sends text queries only; command parameters are not supported yet.");

    internal ObException Failed(Exception e) => e is MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired }
        ? new ObException(QueryTimeoutErrorCode, "HY000", $"Command timed out after {CommandTimeout} s.", e)
        : ObException.FromDriver(e);

    private MySqlCommand DriverCommand()
    {
        var connection = _connection ?? throw new InvalidOperationException("ObCommand.Connection is not set.");
        return new MySqlCommand(CommandText, connection.Session) { CommandTimeout = CommandTimeout };
    }
}
