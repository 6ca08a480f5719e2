// IClusterControl over scripts/cluster.sh for a cluster it started in Dir: kill / restart / pause /
// resume ROLE#n and partition / heal host#n are its verbs. The UPS master comes from __all_ups_stat
// through a MergeServer, matched to its instance by the --port and --advertise in DIR/ups<n>/args.
// Hosts are dealt as cluster.sh deals them: round robin in the order rs, ups, cs, ms.
using System.Diagnostics;
using MySqlConnector;
using OceanClassic.Jepsen.Workloads;

namespace OceanClassic.Jepsen.Nemesis;

public sealed class ScriptClusterControl : IClusterControl
{
    private static readonly string[] RoleOrder = ["rs", "ups", "cs", "ms"];
    private readonly string _script;
    private readonly string _dir;
    private readonly IReadOnlyList<string> _mysqlEndpoints;
    private readonly Dictionary<string, int> _counts;

    public ScriptClusterControl(string repoRoot, string dir, IReadOnlyList<string> mysqlEndpoints)
    {
        _script = Path.Combine(repoRoot, "scripts", "cluster.sh");
        _dir = dir;
        _mysqlEndpoints = mysqlEndpoints;
        var conf = File.ReadLines(Path.Combine(dir, "cluster.conf"))
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        _counts = RoleOrder.ToDictionary(r => r, r => int.Parse(conf[$"n_{r}"], System.Globalization.CultureInfo.InvariantCulture));
        Hosts = int.TryParse(conf.GetValueOrDefault("n_hosts"), out var h) ? h : 0;
        Instances = [.. RoleOrder.SelectMany(r => Enumerable.Range(1, _counts[r]).Select(n => new RoleInstance(r, n)))];
    }

    public IReadOnlyList<RoleInstance> Instances { get; }
    public int Hosts { get; }

    public async Task<RoleInstance?> UpsMasterAsync(CancellationToken ct)
    {
        foreach (var endpoint in _mysqlEndpoints)
        {
            try
            {
                await using var connection = new MySqlConnection(WorkerContext.ConnectionString(endpoint, database: null));
                await connection.OpenAsync(ct);
                await using var query = WorkerContext.Command(connection, "SELECT address FROM __all_ups_stat WHERE role = 'master' AND status = 'alive'");
                if (await query.ExecuteScalarAsync(ct) is string address)
                    return UpsAt(address);
            }
            catch (Exception e) when (e is MySqlException or IOException or TimeoutException)
            {
                // Try the next MergeServer.
            }
        }
        return null;
    }

    public Task KillAsync(RoleInstance role, CancellationToken ct) => RunAsync(ct, "kill", role.ToString());

    public Task RestartAsync(RoleInstance role, CancellationToken ct) => RunAsync(ct, "restart", role.ToString());

    public Task PauseAsync(RoleInstance role, CancellationToken ct) => RunAsync(ct, "pause", role.ToString());

    public Task ResumeAsync(RoleInstance role, CancellationToken ct) => RunAsync(ct, "resume", role.ToString());

    public Task PartitionAsync(int host, CancellationToken ct) => RunAsync(ct, "partition", $"host#{host}");

    public Task HealAsync(int host, CancellationToken ct) => RunAsync(ct, "heal", $"host#{host}");

    public int HostOf(RoleInstance role)
    {
        if (Hosts == 0)
            return 0;
        var index = role.Number - 1 + RoleOrder.TakeWhile(r => r != role.Role).Sum(r => _counts[r]);
        return index % Hosts + 1;
    }

    private RoleInstance? UpsAt(string address)
    {
        for (var n = 1; n <= _counts["ups"]; n++)
        {
            var args = File.ReadAllLines(Path.Combine(_dir, $"ups{n}", "args"));
            var port = args.First(a => a.StartsWith("--port=", StringComparison.Ordinal))["--port=".Length..];
            var ip = args.FirstOrDefault(a => a.StartsWith("--advertise=", StringComparison.Ordinal))?["--advertise=".Length..] ?? "127.0.0.1";
            if (address == $"{ip}:{port}")
                return new RoleInstance("ups", n);
        }
        return null;
    }

    private async Task RunAsync(CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo(_script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--dir");
        psi.ArgumentList.Add(_dir);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot run {_script}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}
