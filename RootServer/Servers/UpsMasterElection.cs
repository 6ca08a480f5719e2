using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;

namespace OceanClassic.RootServer.Servers;

// Who is the UpdateServer master. The master holds a lease of ups_lease_time, renewed by each of
// its heartbeats; only when that lease has surely lapsed (its last heartbeat is older than the
// lease plus a safety margin) is the live UPS with the highest log sequence elected — 0.4's rule:
// in sync mode it has every acknowledged write. A master that cannot renew stops writing itself
// before the lease ends, so two masters never accept writes at once.
public sealed class UpsMasterElection(ServerRegistry registry, TimeSpan upsLease, ILogger log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private string? _master;
    private DateTimeOffset _masterLastBeat;
    private string _droppedBackups = "";

    public TimeSpan Lease => upsLease;

    // Extra wait beyond the lease before another UPS may take over (clock drift, in-flight heartbeats).
    public TimeSpan SafetyMargin => TimeSpan.FromMilliseconds(Math.Max(200, upsLease.TotalMilliseconds / 10));

    public string? Master
    {
        get { lock (_lock) return _master; }
    }

    public void OnHeartbeat(HeartbeatRequest request)
    {
        lock (_lock)
        {
            if (request.Address != _master)
                return;
            _masterLastBeat = _clock.GetUtcNow();
            var dropped = string.Join(',', request.UpsDroppedBackups);
            if (dropped != _droppedBackups)
            {
                _droppedBackups = dropped;
                if (dropped.Length > 0)
                    log.LogWarning("UpdateServer master {Master} dropped backups from its sync set: {Backups}", _master, dropped);
                else
                    log.LogInformation("every backup of UpdateServer master {Master} is in its sync set again", _master);
            }
        }
    }

    // A planned switch: the old master has stopped writing and `to` has its whole log, so the
    // role moves now instead of after the lease.
    public bool Transfer(string from, string to)
    {
        lock (_lock)
        {
            if (_master != from)
                return false;
            log.LogInformation("UpdateServer master switched from {From} to {To} (planned)", from, to);
            _master = to;
            _masterLastBeat = _clock.GetUtcNow();
            _droppedBackups = "";
            return true;
        }
    }

    public string? Elect()
    {
        lock (_lock)
        {
            if (_master is not null && _clock.GetUtcNow() - _masterLastBeat < upsLease + SafetyMargin)
                return _master;
            var best = registry.Live(ServerRole.UpdateServer)
                .OrderByDescending(s => s.LogSeq).ThenBy(s => s.Address, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null && best.Address != _master)
            {
                log.LogInformation("UpdateServer master is now {Address} (log seq {Seq}){Previous}", best.Address, best.LogSeq,
                    _master is null ? "" : $"; the lease of {_master} lapsed");
                _master = best.Address;
                _masterLastBeat = _clock.GetUtcNow();
            }
            return _master;
        }
    }
}
