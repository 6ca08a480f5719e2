using System.Diagnostics;
using System.Globalization;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Cluster.Tests.Support;

// How an UpdateServer master paused (SIGSTOP) past its lease steps down once resumed (SIGCONT), and
// the wait for it. Two messages tell it another UPS is master of a newer term: the RootServer's
// PrepareTerm of the election, queued on its connection during the pause and answered first thing
// after the resume; and the reply to each heartbeat it sends from then on (every heartbeat_interval).
// The wait follows those events instead of a fixed time: it ends when the old master says backup (or
// the RootServer, having replaced it, elected it again in a newer term), and fails when the
// RootServer has taken a heartbeat the old master sent after the resume (its lease for it was
// renewed) yet it still says master one rpc_timeout plus a few heartbeat intervals later (the reply,
// or the next heartbeat after a lost one, had time to arrive), when its process exited, or when the
// RootServer heard nothing from it within `patience`. A failure lists what the polls saw (each change
// once, with the time since the resume) and carries the cluster's logs.
public sealed class ResumedMasterWatch
{
    private readonly TestCluster _cluster;
    private readonly RoleProcess _master;
    private readonly long _leaseBeforeResume;
    private readonly Stopwatch _sinceResume = new();
    private readonly List<string> _seen = [];

    private ResumedMasterWatch(TestCluster cluster, RoleProcess master, long leaseBeforeResume)
    {
        _cluster = cluster;
        _master = master;
        _leaseBeforeResume = leaseBeforeResume;
    }

    // How long after the RootServer took its heartbeat the resumed master must have stepped down.
    public TimeSpan StepDownGrace => _cluster.RpcTimeout + 5 * TestCluster.HeartbeatInterval;

    // The lease the RootServer last granted the (still stopped) master, then SIGCONT. When the lease
    // cannot be read the watch never counts a heartbeat as heard (only `patience` bounds the wait).
    public static async Task<ResumedMasterWatch> ResumeAsync(TestCluster cluster, RoleProcess master)
    {
        long lease;
        try
        {
            lease = (await ServerAsync(cluster, master)).LeaseExpiresUnixMs;
        }
        catch (RpcException)
        {
            lease = long.MaxValue;
        }
        var watch = new ResumedMasterWatch(cluster, master, lease);
        master.Resume();
        watch._sinceResume.Start();
        return watch;
    }

    // Returns what ended the wait, with the time since the resume.
    public async Task<string> WaitForStepDownAsync(TimeSpan patience)
    {
        TimeSpan? heard = null;
        while (true)
        {
            if (!_master.Running)
                Fail("its process exited");
            var role = await PollAsync("role", () => _cluster.StatusValueAsync(_master, "role"));
            if (role == "backup")
                return $"backup {_sinceResume.Elapsed.TotalSeconds:F1}s after the resume";
            var server = await PollAsync("server list", async () => await ServerAsync(_cluster, _master));
            if (server is { IsUpsMaster: true } && role == "master")
                return $"elected again (the RootServer names it master after having replaced it) {_sinceResume.Elapsed.TotalSeconds:F1}s after the resume";
            if (heard is null && server is not null && server.LeaseExpiresUnixMs > _leaseBeforeResume)
            {
                heard = _sinceResume.Elapsed;
                Note("the RootServer took a heartbeat it sent after the resume");
            }
            if (heard is { } h && _sinceResume.Elapsed - h > StepDownGrace)
                Fail($"the RootServer took its heartbeat {h.TotalSeconds:F1}s after the resume and it still says master {StepDownGrace.TotalSeconds:F1}s later");
            if (heard is null && _sinceResume.Elapsed > patience)
                Fail($"the RootServer took no heartbeat from it within {patience.TotalSeconds:F0}s of the resume");
            await Task.Delay(100);
        }
    }

    private async Task<T?> PollAsync<T>(string what, Func<Task<T>> poll)
        where T : class
    {
        try
        {
            var value = await poll();
            if (value is string s)
                Note($"{what} {s}");
            return value;
        }
        catch (RpcException e)
        {
            Note($"{what}: {e.Message}");
            return null;
        }
    }

    private void Note(string observation)
    {
        if (!_seen.Any(s => s.EndsWith("s " + observation, StringComparison.Ordinal)))
            _seen.Add(string.Create(CultureInfo.InvariantCulture, $"{_sinceResume.Elapsed.TotalSeconds:F1}s {observation}"));
    }

    private void Fail(string why) =>
        throw new AssertFailedException($"the resumed old master {_master.Address} did not step down: {why}\n" +
            "what the polls saw after the resume (each the first time):\n" + string.Join("\n", _seen.TakeLast(60)) + "\n" + _cluster.Logs());

    private static async Task<OceanClassic.Common.Protos.ServerInfo> ServerAsync(TestCluster cluster, RoleProcess role) =>
        (await cluster.ServersAsync()).Single(s => s.Address == role.Address);
}
