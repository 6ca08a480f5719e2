using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;

namespace OceanClassic.RootServer.Servers;

// Who is the UpdateServer master. While the master is alive it stays master; when it is dead
// the live UPS with the highest log sequence is elected (0.4's rule: it has every synced write).
public sealed class UpsMasterElection(ServerRegistry registry, ILogger log)
{
    private readonly Lock _lock = new();
    private string? _master;

    public string? Master
    {
        get { lock (_lock) return _master; }
    }

    public string? Elect()
    {
        lock (_lock)
        {
            if (_master is not null && registry.IsAlive(_master))
                return _master;
            var best = registry.Live(ServerRole.UpdateServer)
                .OrderByDescending(s => s.LogSeq).ThenBy(s => s.Address, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null && best.Address != _master)
            {
                log.LogInformation("UpdateServer master is now {Address} (log seq {Seq})", best.Address, best.LogSeq);
                _master = best.Address;
            }
            return _master;
        }
    }
}
