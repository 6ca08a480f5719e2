// The UpdateServer drills of issue 23, each one run of a fault under a fresh row-set load (DrillLoad: its own
// table, `writers` writers of inserts, evaluated and ordinary updates, deletes and transactions), with the
// group settled before and after: kill -9 the master; kill -9 both followers, then restart one; partition the
// master's simulated host, then heal it; SIGSTOP the master past its lease, then SIGCONT; switch
// ups_replication to the other mode and back under the load; a daily merge under the load (the table gets a
// baseline: its updates then take the ordinary read-then-write path), then more writes.
// Each run reports the acknowledged, lost (acknowledged but not read back) and failed writes, the time
// until writes resumed and what happened, and whether it met the drill's rule and the row-set checks
// (Checker/RowSetChecker.cs: every acknowledged write there exactly once, the full scan in key order and
// equal to COUNT(*), CHECK INDEX clean).
using MySqlConnector;
using OceanClassic.Jepsen.Nemesis;
using OceanClassic.Jepsen.Workloads;

namespace OceanClassic.Jepsen.Drills;

public enum DrillKind
{
    KillMaster,
    KillFollowers,
    PartitionMaster,
    PauseMaster,
    Switch,
    DailyMerge,
}

public sealed record DrillResult(DrillKind Drill, int Run, int Acknowledged, int Lost, int Failed, TimeSpan? Resume, string Detail, bool Passed);

public sealed class UpsDrills(IClusterControl cluster, IReadOnlyList<string> endpoints, string replication, int writers, TextWriter log)
{
    // kill-master: writes must resume within this long.
    public static readonly TimeSpan ResumeLimit = TimeSpan.FromSeconds(5);
    private readonly UpsGroupView _view = new(endpoints, cluster.Instances.Count(i => i.Role == "ups"));

    public static string Name(DrillKind kind) => kind switch
    {
        DrillKind.KillMaster => "kill-master",
        DrillKind.KillFollowers => "kill-followers",
        DrillKind.PartitionMaster => "partition-master",
        DrillKind.PauseMaster => "pause-master",
        DrillKind.Switch => "switch",
        _ => "daily-merge",
    };

    public async Task<DrillResult> RunAsync(DrillKind kind, int run, CancellationToken ct)
    {
        await _view.WaitSettledAsync(replication, ct);
        var load = await DrillLoad.StartAsync(endpoints, $"{Name(kind).Replace('-', '_')}_{run}", writers, ct);
        (TimeSpan? Resume, string Detail, bool Passed) outcome;
        try
        {
            await load.WaitForMoreAsync(200, "inserts before the fault", ct);
            outcome = kind switch
            {
                DrillKind.KillMaster => await KillMasterAsync(load, ct),
                DrillKind.KillFollowers => await KillFollowersAsync(load, ct),
                DrillKind.PartitionMaster => await PartitionMasterAsync(load, ct),
                DrillKind.PauseMaster => await PauseMasterAsync(load, ct),
                DrillKind.Switch => await SwitchAsync(load, ct),
                _ => await DailyMergeAsync(load, ct),
            };
        }
        finally
        {
            await load.StopAsync();
        }
        await _view.WaitSettledAsync(replication, ct);
        await _view.WaitConvergedAsync(ct);
        var check = await load.CheckAsync(ct);
        var passed = outcome.Passed && check.Valid && (kind is not (DrillKind.Switch or DrillKind.DailyMerge) || load.Failed == 0);
        var refused = load.Refused > 0 ? $"; {load.Refused} refused (lock wait / deadlock)" : "";
        return new DrillResult(kind, run, load.Acknowledged, check.Lost, load.Failed, outcome.Resume, $"{outcome.Detail}{refused}; rows {check}", passed);
    }

    private async Task<(TimeSpan?, string, bool)> KillMasterAsync(DrillLoad load, CancellationToken ct)
    {
        var master = await MasterAsync(ct);
        var from = load.Now;
        await Act($"kill -9 {master}", () => cluster.KillAsync(master, ct));
        var at = load.Now;
        await Wait.UntilAsync(_ => Task.FromResult(load.AcknowledgedAfter(at) > 50), TimeSpan.FromSeconds(60), "writes acknowledged again", ct);
        var outage = load.OutageAround(from, at);
        await Act($"restart {master}", () => cluster.RestartAsync(master, ct));
        return (outage, $"killed master {master}", outage < ResumeLimit);
    }

    private async Task<(TimeSpan?, string, bool)> KillFollowersAsync(DrillLoad load, CancellationToken ct)
    {
        var master = await MasterAsync(ct);
        var followers = cluster.Instances.Where(i => i.Role == "ups" && i != master).ToList();
        foreach (var f in followers)
            await Act($"kill -9 {f}", () => cluster.KillAsync(f, ct));
        var failedAtKill = load.Failed;
        // Writes in flight at the kill may have reached a follower already: once every writer has had an
        // error, nothing more may be acknowledged until a follower returns.
        await Wait.UntilAsync(_ => Task.FromResult(load.Failed >= failedAtKill + writers), TimeSpan.FromSeconds(60), "the writers' errors without a majority", ct);
        var acknowledgedDown = load.Acknowledged;
        await Wait.UntilAsync(_ => Task.FromResult(load.Failed >= failedAtKill + 4 * writers), TimeSpan.FromSeconds(60), "more errors", ct);
        var acknowledgedWhileDown = load.Acknowledged - acknowledgedDown;
        var error = load.LastError ?? "";
        var restartAt = load.Now;
        // cluster.sh restart returns once every instance is registered again, so the first follower's
        // restart completes only after the second's.
        var first = Act($"restart {followers[0]}", () => cluster.RestartAsync(followers[0], ct));
        TimeSpan? resume;
        try
        {
            await Wait.UntilAsync(_ => Task.FromResult(load.AcknowledgedAfter(restartAt) > 50), TimeSpan.FromSeconds(90), "writes acknowledged again", ct);
            resume = load.FirstAcknowledgedAfter(restartAt);
        }
        finally
        {
            foreach (var f in followers.Skip(1))
                await Act($"restart {f}", () => cluster.RestartAsync(f, ct));
            await first;
        }
        return (resume, $"{acknowledgedWhileDown} acknowledged while both were down; clients got \"{Shorten(error)}\"; resume counted from the restart",
            acknowledgedWhileDown == 0);
    }

    private async Task<(TimeSpan?, string, bool)> PartitionMasterAsync(DrillLoad load, CancellationToken ct)
    {
        var master = await MasterAsync(ct);
        var host = cluster.HostOf(master);
        if (host == 0)
            throw new InvalidOperationException("the partition drill needs a cluster started with --hosts");
        var neighbours = cluster.Instances.Where(i => i != master && cluster.HostOf(i) == host).ToList();
        if (neighbours.Count > 0)
            throw new InvalidOperationException($"{master} shares host#{host} with {string.Join(", ", neighbours)}: start the cluster with one host per instance (--hosts {cluster.Instances.Count})");
        return await ReplaceMasterAsync(load, master, ($"partition host#{host} (holds {master})", () => cluster.PartitionAsync(host, ct)),
            ($"heal host#{host}", () => cluster.HealAsync(host, ct)), "cut off", "healed", ct);
    }

    private async Task<(TimeSpan?, string, bool)> PauseMasterAsync(DrillLoad load, CancellationToken ct)
    {
        var master = await MasterAsync(ct);
        return await ReplaceMasterAsync(load, master, ($"SIGSTOP {master}", () => cluster.PauseAsync(master, ct)),
            ($"SIGCONT {master}", () => cluster.ResumeAsync(master, ct)), "paused", "resumed", ct);
    }

    // A fault that silences the master without killing it: another master must be elected in a newer
    // term while it lasts, and once it is undone the old master must come back as a backup in that term.
    private async Task<(TimeSpan?, string, bool)> ReplaceMasterAsync(DrillLoad load, RoleInstance master, (string What, Func<Task> Act) fault,
        (string What, Func<Task> Act) undo, string faulted, string undone, CancellationToken ct)
    {
        var old = await _view.MasterAsync(ct);
        var from = load.Now;
        await Act(fault.What, fault.Act);
        var at = load.Now;
        UpsRow elected;
        try
        {
            elected = await NewMasterAsync(load, old, at, ct);
        }
        finally
        {
            await Act(undo.What, undo.Act);
        }
        var outage = load.OutageAround(from, at);
        await _view.WaitSettledAsync(replication, ct);
        var oldNow = (await _view.ReadAsync(ct))?.FirstOrDefault(r => r.Address == old.Address);
        return (outage, $"{faulted} {master} in term {old.Term}; {elected.Address} elected in term {elected.Term}; {undone}, {master} a {oldNow?.Role} in term {oldNow?.Term}",
            oldNow is { Role: "backup" } && oldNow.Term >= elected.Term);
    }

    // Another UpdateServer master in a newer term than `old`'s, and writes acknowledged again after `at`.
    private async Task<UpsRow> NewMasterAsync(DrillLoad load, UpsRow old, TimeSpan at, CancellationToken ct)
    {
        UpsRow? elected = null;
        await Wait.UntilAsync(async token => (elected = (await _view.ReadAsync(token))?.FirstOrDefault(r =>
            r.Role == "master" && r.Alive && r.Address != old.Address && r.Term > old.Term)) is not null,
            TimeSpan.FromSeconds(90), $"a master other than {old.Address} in a term after {old.Term}", ct);
        await Wait.UntilAsync(_ => Task.FromResult(load.AcknowledgedAfter(at) > 50), TimeSpan.FromSeconds(90), "writes acknowledged by the new master", ct);
        return elected!;
    }

    private async Task<(TimeSpan?, string, bool)> SwitchAsync(DrillLoad load, CancellationToken ct)
    {
        var other = replication == "majority" ? "shipping" : "majority";
        foreach (var mode in new[] { other, replication })
        {
            await Act($"ALTER SYSTEM SET ups_replication = '{mode}'", () => Wait.RetryAsync(async token =>
            {
                await using var c = new MySqlConnection(WorkerContext.ConnectionString(endpoints[0], database: null));
                await c.OpenAsync(token);
                await using var command = WorkerContext.Command(c, $"ALTER SYSTEM SET ups_replication = '{mode}'");
                await command.ExecuteNonQueryAsync(token);
            }, TimeSpan.FromMinutes(1), "ALTER SYSTEM", ct));
            await _view.WaitSettledAsync(mode, ct);
            await load.WaitForMoreAsync(300, $"inserts in {mode} mode", ct);
        }
        return (null, $"{replication} -> {other} -> {replication}, {load.Failed} failed writes", load.Failed == 0);
    }

    // ALTER SYSTEM MAJOR FREEZE under the load, until every ChunkServer has merged every tablet to the new
    // frozen version (__all_merge_stat), then 300 more writes over the baseline.
    private async Task<(TimeSpan?, string, bool)> DailyMergeAsync(DrillLoad load, CancellationToken ct)
    {
        var before = (await MergeStatAsync(ct)).Max(r => r.Frozen);
        var from = load.Now;
        await Act("ALTER SYSTEM MAJOR FREEZE", () => Wait.RetryAsync(async token =>
        {
            await using var c = new MySqlConnection(WorkerContext.ConnectionString(endpoints[0], database: null));
            await c.OpenAsync(token);
            await using var command = WorkerContext.Command(c, "ALTER SYSTEM MAJOR FREEZE");
            await command.ExecuteNonQueryAsync(token);
        }, TimeSpan.FromMinutes(1), "ALTER SYSTEM MAJOR FREEZE", ct));
        var frozen = 0UL;
        await Wait.UntilAsync(async token =>
        {
            var rows = await MergeStatAsync(token);
            frozen = rows.Max(r => r.Frozen);
            return frozen > before && rows.All(r => r.Merged >= frozen && r.Total == r.Done);
        }, TimeSpan.FromMinutes(3), "every ChunkServer merged the new frozen version", ct);
        var merged = load.Now - from;
        var acknowledged = load.Acknowledged;
        await load.WaitForMoreAsync(300, "writes over the merged baseline", ct);
        return (null, $"merged version {frozen} in {merged.TotalSeconds:F1} s under the load, {load.Acknowledged - acknowledged} writes after it", true);
    }

    private async Task<List<(ulong Frozen, ulong Merged, long Total, long Done)>> MergeStatAsync(CancellationToken ct)
    {
        var rows = new List<(ulong, ulong, long, long)>();
        await Wait.RetryAsync(async token =>
        {
            rows.Clear();
            await using var c = new MySqlConnection(WorkerContext.ConnectionString(endpoints[0], database: null));
            await c.OpenAsync(token);
            await using var command = WorkerContext.Command(c, "SELECT frozen_version, merged_version, tablets_total, tablets_merged FROM __all_merge_stat");
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
                rows.Add((Convert.ToUInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                    Convert.ToUInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                    Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                    Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)));
            if (rows.Count == 0)
                throw new InvalidOperationException("no ChunkServer in __all_merge_stat");
        }, TimeSpan.FromMinutes(1), "__all_merge_stat", ct);
        return rows;
    }

    private async Task<RoleInstance> MasterAsync(CancellationToken ct)
    {
        RoleInstance? master = null;
        await Wait.UntilAsync(async token => (master = await cluster.UpsMasterAsync(token)) is not null, TimeSpan.FromMinutes(1), "the UPS master's instance", ct);
        return master!;
    }

    private async Task Act(string what, Func<Task> action)
    {
        await log.WriteLineAsync($"  {DateTime.UtcNow:HH:mm:ss.fff} {what}");
        await action();
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
