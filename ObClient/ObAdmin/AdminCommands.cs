using System.Diagnostics;
using System.Globalization;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.ObAdmin;

// obadmin: the operator's view of a cluster through the RootServer's RPCs.
//   servers [--rs host:port[,host:port]]                  print the server list
//   wait [--rs ...] --expect ups=1,cs=3,ms=1 [--timeout 60] wait until that many of each role are alive
//                                                             (and, with UpdateServers, one is master)
//   ping host:port                                        ping any role
//   status host:port                                      any role's status values, one "name value" a line
//                                                             (sorted; the time.* timers read "count total_µs")
// --cluster_secret_file FILE (or OB_CLUSTER_SECRET_FILE) names the roles' cluster secret.
public static class AdminCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
            return Usage();
        var options = ParseOptions(args.Skip(1));
        var rs = options.GetValueOrDefault("rs", "127.0.0.1:2500").Split(',', StringSplitOptions.RemoveEmptyEntries);
        byte[] secret;
        try
        {
            secret = ClusterSecret(options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"obadmin: cannot read the cluster secret file ({e.GetType().Name})").ConfigureAwait(false);
            return 2;
        }
        await using var pool = new RpcClientPool(new RpcOptions
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            DefaultTimeout = TimeSpan.FromSeconds(5),
            ClusterSecret = secret,
        });
        try
        {
            switch (args[0])
            {
                case "servers":
                    Print(await GetServersAsync(pool, rs).ConfigureAwait(false));
                    return 0;
                case "wait":
                    return await WaitAsync(pool, rs, options).ConfigureAwait(false);
                case "ping" when args.Length > 1:
                    var pong = await pool.CallAsync(args[1], PacketCodes.Ping, new Empty(), PingResponse.Parser).ConfigureAwait(false);
                    Console.WriteLine($"{pong.Role} {pong.Address} up {pong.UptimeMs} ms");
                    return 0;
                case "status" when args.Length > 1:
                    var status = await pool.CallAsync(args[1], PacketCodes.Status, new Empty(), StatusResponse.Parser).ConfigureAwait(false);
                    foreach (var (name, value) in status.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
                        Console.WriteLine($"{name} {value}");
                    return 0;
                default:
                    return Usage();
            }
        }
        catch (RpcException e)
        {
            await Console.Error.WriteLineAsync($"obadmin: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<ServerListResponse> GetServersAsync(RpcClientPool pool, string[] rs)
    {
        RpcException? last = null;
        foreach (var address in rs)
        {
            try
            {
                var list = await pool.CallAsync(address, PacketCodes.RsGetServers, new Empty(), ServerListResponse.Parser).ConfigureAwait(false);
                if (!list.Servers.Any(s => s.Role == ServerRole.RootServer))
                    list.Servers.Insert(0, new ServerInfo { Role = ServerRole.RootServer, Address = address, Alive = true });
                return list;
            }
            catch (RpcException e)
            {
                last = e;
            }
        }
        throw last!;
    }

    private static async Task<int> WaitAsync(RpcClientPool pool, string[] rs, Dictionary<string, string> options)
    {
        var expect = options.GetValueOrDefault("expect", "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('='))
            .ToDictionary(p => RoleOf(p[0]), p => int.Parse(p[1], CultureInfo.InvariantCulture));
        var timeout = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("timeout", "60"), CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        var lastProblem = "";
        while (clock.Elapsed < timeout)
        {
            try
            {
                var servers = await GetServersAsync(pool, rs).ConfigureAwait(false);
                var missing = expect.Where(e => servers.Servers.Count(s => s.Role == e.Key && s.Alive) < e.Value).ToList();
                // A cluster with UpdateServers takes writes only once the RS has elected a master.
                var needsMaster = expect.GetValueOrDefault(ServerRole.UpdateServer) > 0 && !servers.Servers.Any(s => s.IsUpsMaster && s.Alive);
                if (missing.Count == 0 && !needsMaster)
                    return 0;
                lastProblem = "waiting for " + string.Join(", ", missing.Select(m => $"{m.Value} live {m.Key}").Concat(needsMaster ? ["an UpdateServer master"] : []));
            }
            catch (RpcException e)
            {
                lastProblem = e.Message;
            }
            await Task.Delay(200).ConfigureAwait(false);
        }
        await Console.Error.WriteLineAsync($"obadmin: timed out after {timeout.TotalSeconds}s: {lastProblem}").ConfigureAwait(false);
        return 1;
    }

    private static ServerRole RoleOf(string name) => name switch
    {
        "rs" => ServerRole.RootServer,
        "ups" => ServerRole.UpdateServer,
        "cs" => ServerRole.ChunkServer,
        "ms" => ServerRole.MergeServer,
        _ => throw new ArgumentException($"unknown role '{name}' (rs, ups, cs, ms)"),
    };

    private static void Print(ServerListResponse list)
    {
        Console.WriteLine($"{"ROLE",-14} {"ADDRESS",-22} {"SQL",-22} {"STATUS",-7} {"LOG_SEQ",8} MASTER/PRIMARY");
        foreach (var s in list.Servers)
        {
            var role = s.Role switch
            {
                ServerRole.RootServer => "rootserver",
                ServerRole.UpdateServer => "updateserver",
                ServerRole.ChunkServer => "chunkserver",
                ServerRole.MergeServer => "mergeserver",
                _ => "unknown",
            };
            Console.WriteLine($"{role,-14} {s.Address,-22} {s.SqlAddress,-22} {(s.Alive ? "alive" : "dead"),-7} {s.LogSeq,8} {(s.IsUpsMaster || s.IsRsPrimary ? "yes" : "")}");
        }
    }

    private static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                    options[a[2..eq]] = a[(eq + 1)..];
                else
                    key = a[2..];
            }
            else if (key is not null)
            {
                options[key] = a;
                key = null;
            }
        }
        return options;
    }

    // The roles' cluster secret (RpcHandshake), from --cluster_secret_file or OB_CLUSTER_SECRET_FILE as
    // the roles read it; none for a cluster without one.
    private static byte[] ClusterSecret(Dictionary<string, string> options)
    {
        // The environment may name the file of a cluster that has none (an older cluster.sh's): no secret then.
        var file = options.GetValueOrDefault("cluster_secret_file");
        if (file is null && Environment.GetEnvironmentVariable("OB_CLUSTER_SECRET_FILE") is { Length: > 0 } fromEnvironment && File.Exists(fromEnvironment))
            file = fromEnvironment;
        return string.IsNullOrEmpty(file) ? [] : System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(file).Trim());
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: obadmin servers|wait|ping|status [--rs host:port[,host:port]] [--expect ups=1,cs=3,ms=1] [--timeout 60] [--cluster_secret_file FILE]");
        return 2;
    }
}
