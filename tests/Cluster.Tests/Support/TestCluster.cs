using System.Diagnostics;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Cluster.Tests.Support;

// A whole cluster of real role processes on loopback: 1 RS (or an RS pair), then UPS, CS and MS
// instances on free ports, each with a temp data dir. Disposing stops every process it started and
// deletes the dir, unless OCEANCLASSIC_KEEP_CLUSTER_DIRS names a directory: then the whole cluster dir
// (every role's log and data) is moved there instead, for a failure to be read afterwards (a loop
// that runs one test at a time deletes the kept dirs of runs that passed).
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<RoleProcess> _roles = [];
    private List<string> _common = [];
    private readonly RpcClientPool _rpc;

    private TestCluster(string dir)
    {
        Directory = dir;
        _rpc = new(new RpcOptions
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            DefaultTimeout = TimeSpan.FromSeconds(5),
            ClusterSecret = System.Text.Encoding.UTF8.GetBytes(ClusterSecret),
        });
    }

    // Every role proves it on every RPC connection (RpcHandshake), read from ClusterSecretFile as
    // cluster.sh's roles do; the test's own RPC pool holds it too.
    public string ClusterSecret { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
    public string ClusterSecretFile => Path.Combine(Directory, "cluster_secret");

    public string Directory { get; }
    // Every role's heartbeat_interval here, and its rpc_timeout (a setting's, else the roles' default).
    public static TimeSpan HeartbeatInterval { get; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RpcTimeout { get; private set; }
    // The simulated hosts (ClusterOptions.Hosts > 0), else null: everything on loopback.
    public SimulatedHosts? Hosts { get; private set; }
    public RoleProcess RootServer => _roles[0];
    public IReadOnlyList<RoleProcess> Roles => _roles;
    public RpcClientPool Rpc => _rpc;

    public RoleProcess Get(string role, int instance = 1) => _roles.Single(r => r.Role == role && r.Instance == instance);
    public RoleProcess MergeServer => Get("ms");
    public string ConnectionString(string? database = null) => ConnectionString(database, MergeServer);
    public string ConnectionString(string? database, RoleProcess mergeServer) =>
        $"Server={mergeServer.Ip};Port={mergeServer.SqlPort};User=root;Password=;ConnectTimeout=10;CommandTimeout=60" + (database is null ? "" : $";Database={database}");

    public static async Task<TestCluster> StartAsync(ClusterOptions options, CancellationToken ct = default)
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("obcluster").FullName;
        var cluster = new TestCluster(dir);
        try
        {
            await File.WriteAllTextAsync(cluster.ClusterSecretFile, cluster.ClusterSecret + "\n", ct);
            if (options.Hosts > 0)
                cluster.Hosts = await SimulatedHosts.CreateAsync(options.Hosts, options.LatencyMs, dir);
            var rsPorts = Enumerable.Range(0, options.Rs).Select(_ => FreePorts.Next()).ToList();
            var rsIps = Enumerable.Range(1, options.Rs).Select(i => cluster.HostFor(i - 1)?.Ip ?? "127.0.0.1").ToList();
            var common = new List<string>
            {
                $"--rs={string.Join(',', rsPorts.Select((p, i) => $"{rsIps[i]}:{p}"))}",
                $"--heartbeat_interval={(int)HeartbeatInterval.TotalMilliseconds}ms", $"--cluster_secret_file={cluster.ClusterSecretFile}",
            };
            cluster.RpcTimeout = OceanClassic.Common.Config.ConfigDuration.Parse(
                options.Settings.TryGetValue("rpc_timeout", out var rpcTimeout) ? rpcTimeout : new OceanClassic.Common.Config.ServerOptions().RpcTimeout);
            common.AddRange(options.Settings.Select(kv => $"--{kv.Key}={kv.Value}"));
            cluster._common = common;
            for (var i = 1; i <= options.Rs; i++)
                cluster.Add("rs", i, rsPorts[i - 1], common);
            for (var i = 1; i <= options.Ups; i++)
                cluster.Add("ups", i, FreePorts.Next(), common);
            for (var i = 1; i <= options.Cs; i++)
                cluster.Add("cs", i, FreePorts.Next(), common);
            for (var i = 1; i <= options.Ms; i++)
                cluster.Add("ms", i, FreePorts.Next(), common, FreePorts.Next());
            foreach (var role in cluster._roles)
                role.Start();
            await cluster.WaitForLiveAsync(options.Ups, options.Cs, options.Ms, TimeSpan.FromSeconds(60), ct);
            return cluster;
        }
        catch
        {
            var logs = cluster.Logs();
            await cluster.DisposeAsync();
            throw new InvalidOperationException("cluster did not start:\n" + logs);
        }
    }

    // One more ChunkServer joining the running cluster (scaling out); started, not yet registered.
    public RoleProcess AddChunkServer()
    {
        Add("cs", _roles.Count(r => r.Role == "cs") + 1, FreePorts.Next(), _common);
        var added = _roles[^1];
        added.Start();
        return added;
    }

    private void Add(string role, int instance, int port, List<string> common, int sqlPort = 0)
    {
        var args = new List<string>(common) { $"--port={port}" };
        if (sqlPort != 0)
            args.Add($"--mysql_port={sqlPort}");
        _roles.Add(new RoleProcess(role, instance, Binary(role), Path.Combine(Directory, $"{role}{instance}"), args, port, sqlPort, HostFor(_roles.Count)));
    }

    // The n-th role instance started (0-based, in the order rs, ups, cs, ms) runs on host n % Hosts + 1.
    private SimulatedHost? HostFor(int index)
    {
        if (Hosts is not { } hosts)
            return null;
        var number = index % hosts.Count + 1;
        return new SimulatedHost(number, hosts.Namespace(number), hosts.Ip(number));
    }

    // Whole-cluster restart: SIGTERM every role (clients first, the RootServer last), then start them
    // again on the same ports and data dirs.
    public async Task RestartAsync(ClusterOptions options, CancellationToken ct = default)
    {
        foreach (var role in Enumerable.Reverse(_roles))
        {
            var code = await role.StopAsync(TimeSpan.FromSeconds(20));
            if (code != 0)
                throw new InvalidOperationException($"{role.Role}#{role.Instance} exited with {code} on SIGTERM:\n{Tail(role.ReadLog(), 40)}");
        }
        foreach (var role in _roles)
            role.Start();
        await WaitForLiveAsync(options.Ups, options.Cs, options.Ms, TimeSpan.FromSeconds(60), ct);
    }

    // From whichever RootServer is the primary.
    public async Task<List<ServerInfo>> ServersAsync(CancellationToken ct = default) =>
        [.. (await RootServers.CallAsync(PacketCodes.RsGetServers, new Empty(), ServerListResponse.Parser, ct)).Servers];

    public RootServerClient RootServers =>
        new(_rpc, [.. _roles.Where(r => r.Role == "rs").Select(r => r.Address)], TimeSpan.FromSeconds(5));

    public async Task WaitForLiveAsync(int ups, int cs, int ms, TimeSpan timeout, CancellationToken ct = default) =>
        await WaitUntilAsync(async () =>
        {
            var servers = await ServersAsync(ct);
            return servers.Count(s => s.Alive && s.Role == ServerRole.UpdateServer) >= ups
                && servers.Count(s => s.Alive && s.Role == ServerRole.ChunkServer) >= cs
                && servers.Count(s => s.Alive && s.Role == ServerRole.MergeServer) >= ms;
        }, timeout, "every role registered", ct);

    // Polls until the condition holds; RPC failures count as "not yet".
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (RpcException e)
            {
                last = e;
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"timed out after {timeout.TotalSeconds}s waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})"));
    }

    public string Logs() => string.Join("\n", _roles.Select(r => $"--- {r.Role}#{r.Instance} ({r.Address})\n{Tail(r.ReadLog(), 40)}"));

    private static string Tail(string text, int lines) => string.Join("\n", text.Split('\n').TakeLast(lines));

    public static string Binary(string role)
    {
        var (folder, name) = role switch
        {
            "rs" => ("RootServer", "OceanClassic.RootServer"),
            "ups" => ("UpdateServer", "OceanClassic.UpdateServer"),
            "cs" => ("ChunkServer", "OceanClassic.ChunkServer"),
            "ms" => ("MergeServer", "OceanClassic.MergeServer"),
            _ => throw new ArgumentException(role),
        };
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var path = Path.Combine(RepoRoot(), folder, "bin", configuration, "net10.0", name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is not built; run scripts/test.sh (it builds the solution first)");
        return path;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OceanClassic.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("OceanClassic.sln not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var role in _roles)
        {
            try
            {
                role.Kill();
            }
            catch (InvalidOperationException)
            {
            }
        }
        await _rpc.DisposeAsync();
        if (Hosts is not null)
            await Hosts.DisposeAsync();
        try
        {
            if (Environment.GetEnvironmentVariable(KeepDirsVariable) is { Length: > 0 } keep)
                Keep(keep);
            else
                System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }

    public const string KeepDirsVariable = "OCEANCLASSIC_KEEP_CLUSTER_DIRS";

    // Moved when `keep` is on the same file system, else copied and then deleted.
    private void Keep(string keep)
    {
        System.IO.Directory.CreateDirectory(keep);
        var target = Path.Combine(keep, Path.GetFileName(Directory));
        try
        {
            System.IO.Directory.Move(Directory, target);
        }
        catch (IOException)
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(target, Path.GetRelativePath(Directory, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
            System.IO.Directory.Delete(Directory, true);
        }
    }
}
