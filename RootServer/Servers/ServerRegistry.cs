using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;

namespace OceanClassic.RootServer.Servers;

// The live server list: each heartbeat renews a server's lease; a server whose lease runs
// out is marked dead (and stays listed, as 0.4's server manager did, until it returns).
public sealed class ServerRegistry(TimeSpan lease, ILogger log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServerInfo> _servers = new(StringComparer.Ordinal);

    public TimeSpan Lease => lease;

    // Returns true when the server was not alive before (new, or back from dead).
    public bool Heartbeat(HeartbeatRequest request)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_lock)
        {
            var fresh = !_servers.TryGetValue(request.Address, out var info) || !info.Alive || info.Role != request.Role;
            if (info is null || info.Role != request.Role)
            {
                info = new ServerInfo { Role = request.Role, Address = request.Address, RegisteredUnixMs = now };
                _servers[request.Address] = info;
            }
            info.SqlAddress = request.SqlAddress;
            info.LogSeq = request.LogSeq;
            info.SchemaInUse = request.SchemaInUse;
            info.Alive = true;
            info.LeaseExpiresUnixMs = now + (long)lease.TotalMilliseconds;
            if (fresh)
                log.LogInformation("server {Role} {Address} registered", request.Role, request.Address);
            return fresh;
        }
    }

    // Marks servers whose lease lapsed as dead; returns them.
    public List<ServerInfo> Sweep()
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var dead = new List<ServerInfo>();
        lock (_lock)
        {
            foreach (var info in _servers.Values)
            {
                if (info.Alive && info.LeaseExpiresUnixMs < now)
                {
                    info.Alive = false;
                    dead.Add(info.Clone());
                    log.LogWarning("server {Role} {Address} marked dead: no heartbeat for {Lease}", info.Role, info.Address, lease);
                }
            }
        }
        return dead;
    }

    public List<ServerInfo> Snapshot(string? upsMaster)
    {
        lock (_lock)
        {
            return _servers.Values
                .Select(s => { var c = s.Clone(); c.IsUpsMaster = s.Address == upsMaster && s.Role == ServerRole.UpdateServer; return c; })
                .OrderBy(s => s.Role).ThenBy(s => s.Address, StringComparer.Ordinal)
                .ToList();
        }
    }

    public List<ServerInfo> Live(ServerRole role)
    {
        lock (_lock)
            return _servers.Values.Where(s => s.Alive && s.Role == role).Select(s => s.Clone()).ToList();
    }

    public bool IsAlive(string address)
    {
        lock (_lock)
            return _servers.TryGetValue(address, out var s) && s.Alive;
    }
}
