// The write load of a drill: writers inserting distinct ids into one table of the drill database through
// the MergeServers (each writer on its own connection, reopened on the next MergeServer after an error),
// every acknowledged id with the moment it was acknowledged on the load's clock, every failed statement
// counted with the last error. Lost reads the table back once the cluster answers and counts the
// acknowledged ids it lacks.
using System.Collections.Concurrent;
using System.Diagnostics;
using MySqlConnector;
using OceanClassic.Jepsen.Workloads;

namespace OceanClassic.Jepsen.Drills;

public sealed class DrillLoad
{
    public const string Database = "jepsen_drill";
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<long, TimeSpan> _acknowledged = new();
    private readonly IReadOnlyList<string> _endpoints;
    private readonly string _table;
    private readonly List<Task> _writers;
    private int _failed;

    private DrillLoad(IReadOnlyList<string> endpoints, string table, int writers)
    {
        _endpoints = endpoints;
        _table = table;
        _writers = [.. Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(w)))];
    }

    public TimeSpan Now => _clock.Elapsed;
    public int Acknowledged => _acknowledged.Count;
    public int Failed => Volatile.Read(ref _failed);
    public string? LastError { get; private set; }

    // Makes the drill database (once) and the run's table, then starts the writers.
    public static async Task<DrillLoad> StartAsync(IReadOnlyList<string> endpoints, string table, int writers, CancellationToken ct)
    {
        await Wait.RetryAsync(async token =>
        {
            await using var c = new MySqlConnection(WorkerContext.ConnectionString(endpoints[0], database: null));
            await c.OpenAsync(token);
            foreach (var sql in new[] { $"CREATE DATABASE IF NOT EXISTS {Database}", $"DROP TABLE IF EXISTS {Database}.{table}",
                $"CREATE TABLE {Database}.{table} (id BIGINT PRIMARY KEY, v VARCHAR(40))" })
            {
                await using var command = WorkerContext.Command(c, sql);
                await command.ExecuteNonQueryAsync(token);
            }
        }, TimeSpan.FromMinutes(2), $"creating {Database}.{table}", ct);
        return new DrillLoad(endpoints, table, writers);
    }

    public int AcknowledgedAfter(TimeSpan at) => _acknowledged.Values.Count(t => t > at);

    public TimeSpan? FirstAcknowledgedAfter(TimeSpan at)
    {
        var after = _acknowledged.Values.Where(t => t > at).ToList();
        return after.Count == 0 ? null : after.Min() - at;
    }

    // The outage of a fault begun at `from` and in place at `to`: the longest time without an
    // acknowledgement from the last one before `from` until `settled` acknowledgements after `to`.
    public TimeSpan? OutageAround(TimeSpan from, TimeSpan to, int settled = 50)
    {
        var times = _acknowledged.Values.Order().ToList();
        var start = times.FindIndex(t => t > from);
        var after = times.FindIndex(t => t > to);
        if (start < 0 || after < 0 || times.Count - after < settled)
            return null;
        var longest = start == 0 ? times[0] - from : TimeSpan.Zero;
        for (var i = Math.Max(1, start); i < after + settled; i++)
            longest = times[i] - times[i - 1] > longest ? times[i] - times[i - 1] : longest;
        return longest;
    }

    public Task WaitForMoreAsync(int count, string what, CancellationToken ct)
    {
        var target = Acknowledged + count;
        return Wait.UntilAsync(_ => Task.FromResult(Acknowledged >= target), TimeSpan.FromSeconds(90), what, ct);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
    }

    public async Task<int> LostAsync(CancellationToken ct)
    {
        var present = new HashSet<long>();
        await Wait.RetryAsync(async token =>
        {
            present.Clear();
            await using var c = new MySqlConnection(WorkerContext.ConnectionString(_endpoints[0], Database));
            await c.OpenAsync(token);
            await using var command = WorkerContext.Command(c, $"SELECT id FROM {_table}");
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
                present.Add(reader.GetInt64(0));
        }, TimeSpan.FromMinutes(2), $"reading {Database}.{_table} back", ct);
        return _acknowledged.Keys.Count(id => !present.Contains(id));
    }

    private async Task WriteAsync(int writer)
    {
        var id = writer * 100_000_000L;
        var endpoint = writer;
        MySqlConnection? c = null;
        while (!_stop.IsCancellationRequested)
        {
            id++;
            try
            {
                // Not cancelled by the stop: a write in flight finishes, so it is acknowledged or failed.
                if (c is null)
                {
                    c = new MySqlConnection(WorkerContext.ConnectionString(_endpoints[endpoint++ % _endpoints.Count], Database));
                    await c.OpenAsync(CancellationToken.None);
                }
                await using var command = WorkerContext.Command(c, $"INSERT INTO {_table} VALUES ({id}, 'row {id}')");
                await command.ExecuteNonQueryAsync(CancellationToken.None);
                _acknowledged[id] = _clock.Elapsed;
            }
            catch (Exception e) when (e is MySqlException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                Interlocked.Increment(ref _failed);
                LastError = e.Message.Trim();
                if (c is not null)
                    await c.DisposeAsync();
                c = null;
                await Task.Delay(20, CancellationToken.None);
            }
        }
        if (c is not null)
            await c.DisposeAsync();
    }
}
