// Faults on a schedule: every Interval one fault, held for Hold, then undone. kill: kill -9 the UPS
// master (with KillAnyRole two times in three, else a random role instance), then restart it; pause: SIGSTOP the UPS master,
// then SIGCONT; partition: cut the UPS master's simulated host off, then heal it; all: the three in turn
// (partition only on a cluster with hosts); lag: the backup-dropped-then-master-killed schedule below. Each fault and its undoing go into the history as the
// nemesis' info events (process -1; key = the instance or host number) and a line on the log.
using OceanClassic.Jepsen.History;
using OceanClassic.Jepsen.Runner;

namespace OceanClassic.Jepsen.Nemesis;

public enum NemesisKind
{
    None,
    Kill,
    Pause,
    Partition,
    All,
    // SIGSTOP a backup UPS for Hold (it leaves the sync set), kill -9 the master, Hold, SIGCONT the
    // backup, Hold, restart the master: 0.4's lagging backup that must not be elected.
    Lag,
}

public sealed class NemesisSchedule(IClusterControl cluster, HistoryRecorder history, RunOptions options, TextWriter log)
{
    private readonly Random _random = new(options.Seed);
    private int _round;

    public int Faults { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        if (options.Nemesis == NemesisKind.None)
            return;
        if (options.Nemesis == NemesisKind.Partition && cluster.Hosts == 0)
            throw new InvalidOperationException("the partition nemesis needs a cluster started with --hosts");
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.NemesisInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            // A fault once begun is always undone, also when the run ends during it.
            await FaultAsync(NextKind());
        }
    }

    private NemesisKind NextKind()
    {
        if (options.Nemesis != NemesisKind.All)
            return options.Nemesis;
        NemesisKind[] turns = cluster.Hosts > 0 ? [NemesisKind.Kill, NemesisKind.Pause, NemesisKind.Partition] : [NemesisKind.Kill, NemesisKind.Pause];
        return turns[_round++ % turns.Length];
    }

    private async Task FaultAsync(NemesisKind fault)
    {
        var master = await cluster.UpsMasterAsync(CancellationToken.None);
        var ups = cluster.Instances.Where(i => i.Role == "ups").ToList();
        var upsTarget = master ?? ups[_random.Next(ups.Count)];
        switch (fault)
        {
            case NemesisKind.Kill:
                var victim = !options.KillAnyRole || _random.Next(3) < 2 ? upsTarget : cluster.Instances[_random.Next(cluster.Instances.Count)];
                await ActAsync("kill", victim.Number, $"kill -9 {victim}{(victim == master ? " (UPS master)" : "")}", ct => cluster.KillAsync(victim, ct));
                await Task.Delay(options.NemesisHold);
                await ActAsync("restart", victim.Number, $"restart {victim}", ct => cluster.RestartAsync(victim, ct));
                break;
            case NemesisKind.Pause:
                await ActAsync("pause", upsTarget.Number, $"SIGSTOP {upsTarget}{(upsTarget == master ? " (UPS master)" : "")}", ct => cluster.PauseAsync(upsTarget, ct));
                await Task.Delay(options.NemesisHold);
                await ActAsync("resume", upsTarget.Number, $"SIGCONT {upsTarget}", ct => cluster.ResumeAsync(upsTarget, ct));
                break;
            case NemesisKind.Lag:
                var backup = ups.Where(u => u != upsTarget).OrderBy(_ => _random.Next()).FirstOrDefault();
                if (backup is null)
                    throw new InvalidOperationException("the lag nemesis needs a backup UpdateServer");
                await ActAsync("pause", backup.Number, $"SIGSTOP {backup} (backup)", ct => cluster.PauseAsync(backup, ct));
                await Task.Delay(options.NemesisHold);
                await ActAsync("kill", upsTarget.Number, $"kill -9 {upsTarget}{(upsTarget == master ? " (UPS master)" : "")}", ct => cluster.KillAsync(upsTarget, ct));
                await Task.Delay(options.NemesisHold);
                await ActAsync("resume", backup.Number, $"SIGCONT {backup}", ct => cluster.ResumeAsync(backup, ct));
                await Task.Delay(options.NemesisHold);
                await ActAsync("restart", upsTarget.Number, $"restart {upsTarget}", ct => cluster.RestartAsync(upsTarget, ct));
                break;
            default:
                var host = cluster.HostOf(upsTarget);
                await ActAsync("partition", host, $"partition host#{host} (holds {upsTarget})", ct => cluster.PartitionAsync(host, ct));
                await Task.Delay(options.NemesisHold);
                await ActAsync("heal", host, $"heal host#{host}", ct => cluster.HealAsync(host, ct));
                break;
        }
        Faults++;
    }

    private async Task ActAsync(string f, long target, string what, Func<CancellationToken, Task> action)
    {
        history.Invoke(HistoryEvent.NemesisProcess, f, target, []);
        await log.WriteLineAsync($"[{history.NowNanos() / 1e9,8:F3}s] nemesis: {what}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await action(timeout.Token);
            history.Complete(EventType.Info, HistoryEvent.NemesisProcess, f, target, []);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            history.Complete(EventType.Fail, HistoryEvent.NemesisProcess, f, target, []);
            await log.WriteLineAsync($"[{history.NowNanos() / 1e9,8:F3}s] nemesis: {what} failed: {e.Message.Trim()}");
        }
    }
}
