using System.Diagnostics;

namespace OceanClassic.Cluster.Tests.Support;

// N simulated hosts for one test cluster, as scripts/hosts.sh makes them for cluster.sh --hosts: each a
// network namespace with one veth into a private bridge (10.A.B.254 in the root namespace, so the test
// reaches every host over a connected route; nothing leaves the machine). Names and the /24 are unique
// to this instance (10.200–249.x, apart from cluster.sh's 10.100–199.x). A host is cut off both ways
// by taking its bridge end down. With a latency, every packet a host sends out of eth0 waits that long
// (scripts/netdelay.py behind an iptables NFQUEUE rule in the host, as cluster.sh --latency-ms does it:
// the kernel has no sch_netem). Creating them needs root (CAP_NET_ADMIN), iptables and python3: without
// them the test fails with the reason, it is not skipped.
public sealed class SimulatedHosts : IAsyncDisposable
{
    private static int s_next = Environment.ProcessId % 5000;

    private readonly int _id;
    private readonly int _count;

    private SimulatedHosts(int id, int count)
    {
        _id = id;
        _count = count;
    }

    public int Count => _count;
    public string Namespace(int host) => $"oct{_id}-h{host}";
    public string Ip(int host) => $"10.{200 + _id % 50}.{_id / 50 % 256}.{host}";
    private string Veth(int host) => $"oct{_id}v{host}";
    private string Bridge => $"octb{_id}";

    public static async Task<SimulatedHosts> CreateAsync(int count, double latencyMs = 0, string? workDir = null)
    {
        var hosts = new SimulatedHosts(Interlocked.Increment(ref s_next) % 10000, count);
        try
        {
            await IpAsync("link", "add", hosts.Bridge, "type", "bridge");
            await IpAsync("addr", "add", $"{hosts.Ip(254)}/24", "dev", hosts.Bridge);
            await IpAsync("link", "set", hosts.Bridge, "up");
            for (var h = 1; h <= count; h++)
            {
                var ns = hosts.Namespace(h);
                await IpAsync("netns", "add", ns);
                await IpAsync("link", "add", hosts.Veth(h), "type", "veth", "peer", "name", "eth0", "netns", ns);
                await IpAsync("link", "set", hosts.Veth(h), "master", hosts.Bridge, "up");
                await IpAsync("-n", ns, "addr", "add", $"{hosts.Ip(h)}/24", "dev", "eth0");
                await IpAsync("-n", ns, "link", "set", "eth0", "up");
                await IpAsync("-n", ns, "link", "set", "lo", "up");
                if (latencyMs > 0)
                    await hosts.DelayAsync(h, latencyMs, workDir ?? Path.GetTempPath());
            }
            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
    }

    // The host's delayer runs inside its namespace (DisposeAsync stops it with the roles); once it has
    // bound its queue, every packet leaving eth0 goes through it.
    private async Task DelayAsync(int host, double latencyMs, string workDir)
    {
        var ready = Path.Combine(workDir, $"netdelay-{_id}-h{host}.ready");
        File.Delete(ready);
        var script = Path.Combine(TestCluster.RepoRoot(), "scripts", "netdelay.py");
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", Namespace(host), "python3", script, latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "0", ready })
            psi.ArgumentList.Add(a);
        using (var delayer = Process.Start(psi) ?? throw new InvalidOperationException("cannot run python3 scripts/netdelay.py"))
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(ready) || new FileInfo(ready).Length == 0)
            {
                if (delayer.HasExited || clock.Elapsed > TimeSpan.FromSeconds(20))
                    throw new InvalidOperationException($"the delayer of host {host} did not bind its queue (exit {(delayer.HasExited ? delayer.ExitCode : -1)}); it needs python3 and the kernel's nfnetlink_queue");
                await Task.Delay(50);
            }
        }
        var iptables = File.Exists("/usr/sbin/iptables-legacy") ? "iptables-legacy" : "iptables";
        await RunAsync("ip", ["netns", "exec", Namespace(host), iptables, "-A", "OUTPUT", "-o", "eth0", "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass"], check: true);
    }

    // Cuts the host off from every other host and from the test, both ways; Heal restores it.
    public Task PartitionAsync(int host) => IpAsync("link", "set", Veth(host), "down");

    public Task HealAsync(int host) => IpAsync("link", "set", Veth(host), "up");

    // The namespaces go with their veths; processes still in one are this cluster's roles.
    public async ValueTask DisposeAsync()
    {
        for (var h = 1; h <= _count; h++)
        {
            foreach (var pid in (await RunAsync("ip", ["netns", "pids", Namespace(h)], check: false)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                _ = Posix.Kill(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture), 9);
            await RunAsync("ip", ["netns", "del", Namespace(h)], check: false);
        }
        await RunAsync("ip", ["link", "del", Bridge], check: false);
    }

    private static Task IpAsync(params string[] args) => RunAsync("ip", args, check: true);

    private static async Task<string> RunAsync(string file, string[] args, bool check)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot run {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (check && p.ExitCode != 0)
            throw new InvalidOperationException($"simulated hosts need root and network namespaces: `{file} {string.Join(' ', args)}` failed: {(await stderr).Trim()}");
        return await stdout;
    }
}
