// The write load of a drill: `writers` clients of the row-set workload (Workloads/RowSetWorkload.cs: fresh
// INSERTs, UPDATE n = n + 1 and SET c of counter rows, DELETEs of acknowledged rows, and transactions of all
// four) on one table of the drill database through the MergeServers (each client on its own connection,
// reopened on the next MergeServer after an error), recorded as a history. It keeps the moment each write
// was acknowledged on the load's clock and counts the writes that failed, apart from those the server
// refused (lock wait timeout, deadlock), with the last error. CheckAsync takes the final reads once the
// cluster answers and checks the whole history (Checker/RowSetChecker.cs): acknowledged rows and increments
// there exactly once, a full scan in key order matching COUNT(*), no index mismatch.
using System.Diagnostics;
using MySqlConnector;
using OceanClassic.Jepsen.Checker;
using OceanClassic.Jepsen.History;
using OceanClassic.Jepsen.Workloads;

namespace OceanClassic.Jepsen.Drills;

public sealed class DrillLoad
{
    public const string Database = "jepsen_drill";
    private const int FinalReaderProcess = 1_000_000;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _acknowledged = [];
    private readonly HistoryRecorder _history = new();
    private readonly IReadOnlyList<string> _endpoints;
    private readonly RowSetWorkload _workload;
    private readonly List<Task> _writers;
    private int _failed;
    private int _refused;

    private DrillLoad(IReadOnlyList<string> endpoints, RowSetWorkload workload, int writers)
    {
        _endpoints = endpoints;
        _workload = workload;
        _writers = [.. Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(w, writers)))];
    }

    public TimeSpan Now => _clock.Elapsed;

    public int Acknowledged
    {
        get
        {
            lock (_gate)
                return _acknowledged.Count;
        }
    }

    public int Failed => Volatile.Read(ref _failed);
    public int Refused => Volatile.Read(ref _refused);
    public string? LastError { get; private set; }

    // Makes the drill database (once) and the run's table with its counter rows, then starts the writers.
    public static async Task<DrillLoad> StartAsync(IReadOnlyList<string> endpoints, string table, int writers, CancellationToken ct)
    {
        var workload = new RowSetWorkload(table);
        await Wait.RetryAsync(async token =>
        {
            await using var c = new MySqlConnection(WorkerContext.ConnectionString(endpoints[0], database: null));
            await c.OpenAsync(token);
            foreach (var sql in new[] { $"CREATE DATABASE IF NOT EXISTS {Database}", $"USE {Database}", $"DROP TABLE IF EXISTS {table}" })
            {
                await using var command = WorkerContext.Command(c, sql);
                await command.ExecuteNonQueryAsync(token);
            }
            await workload.SetupAsync(c, token);
        }, TimeSpan.FromMinutes(2), $"creating {Database}.{table}", ct);
        return new DrillLoad(endpoints, workload, writers);
    }

    public int AcknowledgedAfter(TimeSpan at)
    {
        lock (_gate)
            return _acknowledged.Count(t => t > at);
    }

    public TimeSpan? FirstAcknowledgedAfter(TimeSpan at)
    {
        lock (_gate)
        {
            var after = _acknowledged.Where(t => t > at).ToList();
            return after.Count == 0 ? null : after.Min() - at;
        }
    }

    // The outage of a fault begun at `from` and in place at `to`: the longest time without an
    // acknowledgement from the last one before `from` until `settled` acknowledgements after `to`.
    public TimeSpan? OutageAround(TimeSpan from, TimeSpan to, int settled = 50)
    {
        List<TimeSpan> times;
        lock (_gate)
            times = [.. _acknowledged.Order()];
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

    // After StopAsync, once the cluster answers: the final reads (retried until they complete) and the check.
    public async Task<RowSetVerdict> CheckAsync(CancellationToken ct)
    {
        await using var reader = new WorkerContext(_history, _endpoints, FinalReaderProcess, 1, 0, Database);
        await Wait.UntilAsync(async _ => await _workload.FinalReadsAsync(reader), TimeSpan.FromMinutes(2), $"the final reads of {Database}", ct);
        return RowSetChecker.Check(_history.Snapshot());
    }

    private async Task WriteAsync(int writer, int writers)
    {
        // Not cancelled by the stop: an operation in flight finishes, so it is acknowledged or failed.
        await using var worker = new WorkerContext(_history, _endpoints, writer, writers, writer, Database);
        while (!_stop.IsCancellationRequested)
        {
            await _workload.OperateAsync(worker);
            if (worker.LastCompletion is not { } done || done.F == Functions.RowScanIds)
                continue;
            if (done.Type == EventType.Ok)
            {
                lock (_gate)
                    _acknowledged.Add(_clock.Elapsed);
                continue;
            }
            if (worker.LastFailure is { } e && WorkerContext.IsRefusedByServer(e))
            {
                Interlocked.Increment(ref _refused);
                continue;
            }
            Interlocked.Increment(ref _failed);
            LastError = worker.LastFailure?.Message.Trim();
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
