// One client of a workload: a logical Jepsen process with one MySQL connection. Perform records the
// invocation, runs the operation on the connection (reopened, on the next MergeServer of the list, after
// any error) and records its completion: ok with what it returned; fail when it certainly took no effect
// (a read, or a write the server refused with a lock wait timeout, deadlock or duplicate key); info for
// any other error of a write (the connection or the server failed after the request may have been
// applied; NotAppliedException marks a write the operation knows took no effect). LastFailure keeps the
// last error. After an info the process takes a new number, as in Jepsen: its old operation may still be
// in flight, and a process runs one operation at a time.
using MySqlConnector;
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Workloads;

public sealed class WorkerContext(HistoryRecorder history, IReadOnlyList<string> endpoints, int process, int processStride, int seed,
    string database = WorkerContext.Database) : IAsyncDisposable
{
    public const string Database = "jepsen";
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(10);
    private MySqlConnection? _connection;
    private int _endpoint = seed % endpoints.Count;

    public int Process { get; private set; } = process;
    public Random Random { get; } = new(seed);
    public Exception? LastFailure { get; private set; }
    public HistoryEvent? LastCompletion { get; private set; }

    public async Task<EventType> PerformAsync(string f, long key, IReadOnlyList<long> value, bool writes,
        Func<MySqlConnection, CancellationToken, Task<(EventType Type, IReadOnlyList<long> Value)>> operation)
    {
        history.Invoke(Process, f, key, value);
        EventType type;
        IReadOnlyList<long> result;
        using var timeout = new CancellationTokenSource(OperationTimeout);
        try
        {
            var connection = await ConnectAsync(timeout.Token);
            (type, result) = await operation(connection, timeout.Token);
        }
        catch (Exception e) when (e is MySqlException or OperationCanceledException or IOException or TimeoutException or InvalidOperationException
            or NotAppliedException)
        {
            LastFailure = e;
            type = !writes || IsDefiniteRefusal(e) ? EventType.Fail : EventType.Info;
            result = value;
            await DropConnectionAsync();
        }
        LastCompletion = history.Complete(type, Process, f, key, result);
        if (type == EventType.Info)
            Process += processStride;
        return type;
    }

    public static string ConnectionString(string endpoint, string? database = Database)
    {
        var colon = endpoint.LastIndexOf(':');
        return new MySqlConnectionStringBuilder
        {
            Server = endpoint[..colon],
            Port = uint.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            UserID = "root",
            Password = "",
            Database = database ?? "",
            Pooling = false,
            ConnectionTimeout = 5,
            DefaultCommandTimeout = (uint)OperationTimeout.TotalSeconds,
        }.ConnectionString;
    }

    // MySqlCommand with its parameters, in one line.
    public static MySqlCommand Command(MySqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new MySqlCommand(sql, connection);
        foreach (var (name, v) in parameters)
            command.Parameters.AddWithValue(name, v);
        return command;
    }

    public async ValueTask DisposeAsync() => await DropConnectionAsync();

    private async Task<MySqlConnection> ConnectAsync(CancellationToken ct)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
            return open;
        await DropConnectionAsync();
        var connection = new MySqlConnection(ConnectionString(endpoints[_endpoint], database));
        _endpoint = (_endpoint + 1) % endpoints.Count;
        try
        {
            await connection.OpenAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        _connection = connection;
        return connection;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } c)
        {
            _connection = null;
            await c.DisposeAsync();
        }
    }

    private static bool IsDefiniteRefusal(Exception e) => e is NotAppliedException || IsRefusedByServer(e);

    // The server refused the statement: a lock wait timeout, a deadlock or a duplicate key.
    public static bool IsRefusedByServer(Exception e) => (e is NotAppliedException n ? n.InnerException : e) is MySqlException m && m.ErrorCode is
        MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.LockDeadlock or MySqlErrorCode.DuplicateKeyEntry;
}
