// A checked run: makes the jepsen database and the workloads' tables, runs every client until Duration
// has passed while the nemesis faults the cluster on its schedule (and a daily merge starts at
// MajorFreezeAt, if set), undoes the last fault, takes the final
// reads (retried until the cluster answers again), writes the history (history.jsonl and the EDN files)
// and checks it.
using MySqlConnector;
using OceanClassic.Jepsen.History;
using OceanClassic.Jepsen.Nemesis;
using OceanClassic.Jepsen.Workloads;

namespace OceanClassic.Jepsen.Runner;

public static class JepsenRun
{
    private const int FinalReaderProcessBase = 1_000_000;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);

    public static async Task<RunReport> RunAsync(RunOptions options, IClusterControl? cluster, TextWriter log, CancellationToken ct)
    {
        var workloads = new List<(IWorkload Workload, int Clients)>
        {
            (new RegisterWorkload(options.RegisterKeys), options.RegisterClients),
            (new BankWorkload(options.Accounts), options.BankClients),
            (new ListAppendWorkload(options.ListKeys), options.ListAppendClients),
            (new RowSetWorkload(), options.RowSetClients),
        };
        await SetupAsync(options.MySqlEndpoints, workloads.Select(w => w.Workload), log, ct);

        var history = new HistoryRecorder();
        var clients = workloads.Sum(w => w.Clients);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tasks = new List<Task>();
        var process = 0;
        foreach (var (workload, count) in workloads)
        {
            for (var i = 0; i < count; i++, process++)
            {
                var worker = new WorkerContext(history, options.MySqlEndpoints, process, clients, options.Seed + process);
                tasks.Add(Task.Run(async () =>
                {
                    await using (worker)
                    {
                        while (!stop.IsCancellationRequested)
                            await workload.OperateAsync(worker);
                    }
                }, CancellationToken.None));
            }
        }
        var nemesis = cluster is null ? null : new NemesisSchedule(cluster, history, options, log);
        var nemesisTask = nemesis?.RunAsync(stop.Token) ?? Task.CompletedTask;
        var freezeTask = options.MajorFreezeAt is { } freezeAt ? MajorFreezeAsync(options.MySqlEndpoints, freezeAt, log, stop.Token) : Task.CompletedTask;
        await log.WriteLineAsync($"running {clients} clients ({string.Join(", ", workloads.Select(w => $"{w.Workload.Name} {w.Clients}"))}) for {options.Duration.TotalSeconds:F0} s, nemesis {options.Nemesis.ToString().ToLowerInvariant()}");
        try
        {
            await Task.Delay(options.Duration, stop.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        await nemesisTask;
        await freezeTask;

        var finalOk = await FinalReadsAsync(options, workloads.Select(w => w.Workload), history, log, ct);
        var events = history.Snapshot();
        HistoryFile.Write(events, options.OutputDirectory);
        EdnWriter.WriteAll(events, options.OutputDirectory);
        await log.WriteLineAsync($"history: {events.Count} events in {options.OutputDirectory} ({HistoryFile.FileName}, register.edn, rw-register.edn, list-append.edn, bank.edn); checking...");
        var report = RunReport.Check(events, options.Accounts, nemesis?.Faults ?? 0, finalOk, options.CheckBudgetPerKey);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "report.txt"), report.Describe() + "\n", ct);
        return report;
    }

    private static async Task SetupAsync(IReadOnlyList<string> endpoints, IEnumerable<IWorkload> workloads, TextWriter log, CancellationToken ct)
    {
        using var ready = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ready.CancelAfter(ReadyTimeout);
        while (true)
        {
            try
            {
                await using var connection = new MySqlConnection(WorkerContext.ConnectionString(endpoints[0], database: null));
                await connection.OpenAsync(ready.Token);
                foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {WorkerContext.Database}", $"CREATE DATABASE {WorkerContext.Database}", $"USE {WorkerContext.Database}" })
                {
                    await using var command = WorkerContext.Command(connection, sql);
                    await command.ExecuteNonQueryAsync(ready.Token);
                }
                foreach (var workload in workloads)
                    await workload.SetupAsync(connection, ready.Token);
                return;
            }
            catch (Exception e) when (e is MySqlException or IOException && !ready.IsCancellationRequested)
            {
                await log.WriteLineAsync($"setup: {e.Message.Trim()}; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), ready.Token);
            }
        }
    }

    // ALTER SYSTEM MAJOR FREEZE at `at` into the run, retried (through each MergeServer) until one answers;
    // the merge itself runs on while the workloads go on.
    private static async Task MajorFreezeAsync(IReadOnlyList<string> endpoints, TimeSpan at, TextWriter log, CancellationToken ct)
    {
        try
        {
            await Task.Delay(at, ct);
            for (var attempt = 0; !ct.IsCancellationRequested; attempt++)
            {
                try
                {
                    await using var c = new MySqlConnection(WorkerContext.ConnectionString(endpoints[attempt % endpoints.Count], database: null));
                    await c.OpenAsync(ct);
                    await using var freeze = WorkerContext.Command(c, "ALTER SYSTEM MAJOR FREEZE");
                    await freeze.ExecuteNonQueryAsync(ct);
                    await log.WriteLineAsync($"{DateTime.UtcNow:HH:mm:ss.fff} major freeze: the daily merge started");
                    return;
                }
                catch (Exception e) when (e is MySqlException or IOException or TimeoutException)
                {
                    await log.WriteLineAsync($"major freeze: {e.Message.Trim()}; retrying");
                    await Task.Delay(TimeSpan.FromSeconds(1), ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private static async Task<bool> FinalReadsAsync(RunOptions options, IEnumerable<IWorkload> workloads, HistoryRecorder history, TextWriter log, CancellationToken ct)
    {
        var process = FinalReaderProcessBase;
        var allOk = true;
        foreach (var workload in workloads)
        {
            await using var reader = new WorkerContext(history, options.MySqlEndpoints, process++, 1, options.Seed);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(ReadyTimeout);
            var ok = false;
            while (!ok && !deadline.IsCancellationRequested)
            {
                ok = await workload.FinalReadsAsync(reader);
                if (!ok)
                    await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
            }
            if (!ok)
                await log.WriteLineAsync($"final reads of {workload.Name} did not complete within {ReadyTimeout.TotalSeconds:F0} s");
            allOk &= ok;
        }
        return allOk;
    }
}
