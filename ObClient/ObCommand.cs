using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace OceanClassic.ObClient;

// Text-protocol command (COM_QUERY). CommandTimeout covers ExecuteNonQuery/ExecuteScalar entirely and
// ExecuteReader until the first result arrives; a timeout breaks the connection.
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
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            await using var reader = await ObDataReader.CreateAsync(this, RequireConnection(), timeout.Token);
            while (await reader.NextResultAsync(timeout.Token))
            {
            }

            return reader.RecordsAffected;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }
    }

    public override async Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            await using var reader = await ObDataReader.CreateAsync(this, RequireConnection(), timeout.Token);
            object? value = null;
            if (reader.FieldCount > 0 && await reader.ReadAsync(timeout.Token))
            {
                value = reader.GetValue(0);
            }

            await reader.CloseAsync();
            return value;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }
    }

    public new async Task<ObDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = StartTimeout(cancellationToken);
        try
        {
            return await ObDataReader.CreateAsync(this, RequireConnection(), timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(ex);
        }
    }

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await ExecuteReaderAsync(cancellationToken);

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        ExecuteReaderAsync(CancellationToken.None).GetAwaiter().GetResult();

    protected override DbParameter CreateDbParameter() =>
        throw new NotSupportedException("ObClient sends text queries only; command parameters are not supported yet.");

    private ObConnection RequireConnection() =>
        _connection ?? throw new InvalidOperationException("ObCommand.Connection is not set.");

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (CommandTimeout > 0)
        {
            source.CancelAfter(TimeSpan.FromSeconds(CommandTimeout));
        }

        return source;
    }

    private ObException TimedOut(Exception inner) =>
        new(QueryTimeoutErrorCode, "HY000", $"Command timed out after {CommandTimeout} s; the connection is broken.", inner);
}
