using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.Pair;

public enum RsPairRole
{
    Starting,
    Primary,
    Backup,
}

// The RootServer pair of 0.4: the primary serves the cluster and ships every RS log entry to the
// backup before the change is acknowledged; the same call renews the lease the backup grants it.
// The backup serves nothing else and takes over once the lease it last granted has surely run out.
// Who is primary at start: the peer if it says so; else the first address of the `rs` list, once the
// peer has granted it a lease (so a backup cannot take over at the same moment); else, when the
// peer does not answer for a whole lease, whoever is up. A primary whose peer answers that it is
// primary itself (it took over while this one was cut off) steps down to backup.
public sealed class RsPair
{
    private readonly string _self;
    private readonly string? _peer;
    private readonly bool _first;
    private readonly TimeSpan _lease;
    private readonly RpcClientPool _clients;
    private readonly RsStore _store;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly Func<CancellationToken, Task> _promote;
    private readonly Func<Task> _demote;
    private readonly Func<CancellationToken, Task<RsCheckpoint>> _snapshot;
    // Role changes and a backup's applying of shipped entries, one at a time.
    private readonly SemaphoreSlim _roleGate = new(1, 1);
    // The primary's calls to the backup, one at a time (entries arrive in order).
    private readonly SemaphoreSlim _shipGate = new(1, 1);
    private volatile RsPairRole _role = RsPairRole.Starting;
    private DateTimeOffset _startedAt;
    private DateTimeOffset _lastGrant;
    private RsState? _replica;
    private ulong _peerSeq;
    private DateTimeOffset _peerAckedAt = DateTimeOffset.MinValue;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    public RsPair(string self, IReadOnlyList<string> rootServers, TimeSpan lease, RpcClientPool clients, RsStore store, ILogger log,
        Func<CancellationToken, Task> promote, Func<Task> demote, Func<CancellationToken, Task<RsCheckpoint>> snapshot,
        TimeProvider? clock = null)
    {
        _self = self;
        var others = rootServers.Where(a => !string.Equals(a, self, StringComparison.OrdinalIgnoreCase)).ToList();
        if (rootServers.Count > 2)
            throw new ConfigException($"rs: {rootServers.Count} RootServers listed; a pair has at most two");
        if (others.Count > 1)
            throw new ConfigException($"rs: {string.Join(',', rootServers)} does not list this RootServer's address {self} (see advertise)");
        _peer = others.Count == 1 ? others[0] : null;
        _first = rootServers.Count == 0 || string.Equals(rootServers[0], self, StringComparison.OrdinalIgnoreCase);
        _lease = lease;
        _clients = clients;
        _store = store;
        _log = log;
        _promote = promote;
        _demote = demote;
        _snapshot = snapshot;
        _clock = clock ?? TimeProvider.System;
    }

    public RsPairRole Role => _role;

    public bool IsPrimary => _role == RsPairRole.Primary;

    public string? Peer => _peer;

    // The primary's view: the backup acknowledged a renewal within the last lease.
    public bool PeerInSync => _peer is not null && _clock.GetUtcNow() - _peerAckedAt < _lease;

    private TimeSpan Period => TimeSpan.FromMilliseconds(Math.Clamp(_lease.TotalMilliseconds / 4, 50, 1000));

    public async Task StartAsync(CancellationToken ct)
    {
        if (_peer is null)
        {
            await _promote(ct).ConfigureAwait(false);
            _role = RsPairRole.Primary;
            return;
        }
        _replica = await _store.LoadAsync(ct).ConfigureAwait(false);
        _startedAt = _clock.GetUtcNow();
        _stop = new CancellationTokenSource();
        _loop = RunAsync(_stop.Token);
        _log.LogInformation("RootServer pair: {Self} with {Peer}; deciding who is primary", _self, _peer);
    }

    public async Task StopAsync()
    {
        if (_stop is null)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    public RsPairStatusResponse Status() => new() { Role = RoleName(_role), LastSeq = _role == RsPairRole.Primary ? _store.LastSeq : _replica?.LastSeq ?? 0 };

    public string RoleText => RoleName(_role);

    private static string RoleName(RsPairRole role) => role switch
    {
        RsPairRole.Primary => "primary",
        RsPairRole.Backup => "backup",
        _ => "starting",
    };

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                switch (_role)
                {
                    case RsPairRole.Starting:
                        await DecideAsync(ct).ConfigureAwait(false);
                        break;
                    case RsPairRole.Backup:
                        await TakeOverIfLapsedAsync(ct).ConfigureAwait(false);
                        break;
                    default:
                        await RenewAsync(ct).ConfigureAwait(false);
                        break;
                }
                await Task.Delay(Period, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogError(e, "RootServer pair: {Role} step failed", RoleName(_role));
                await Task.Delay(Period, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task DecideAsync(CancellationToken ct)
    {
        RsPairStatusResponse? peer = null;
        try
        {
            peer = await _clients.CallAsync(_peer!, PacketCodes.RsPairStatus, new Empty(), RsPairStatusResponse.Parser, Period, ct).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // not answering (yet)
        }
        if (peer is { Role: "primary" })
        {
            await BecomeBackupAsync("the peer is primary", ct).ConfigureAwait(false);
        }
        else if (peer is not null && ShouldClaim(peer.LastSeq))
        {
            // Claim: the peer grants a lease (and takes this state) or says it took over.
            RsCheckpoint? snapshot;
            await _roleGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                snapshot = _role == RsPairRole.Starting ? _replica?.ToCheckpoint() : null;
            }
            finally
            {
                _roleGate.Release();
            }
            if (snapshot is null)
                return;
            var granted = await SendRenewAsync(snapshot, [], ct).ConfigureAwait(false);
            if (granted is { Role: "backup" })
                await BecomePrimaryAsync("the peer granted the lease", ct).ConfigureAwait(false);
            else if (granted is { Role: "primary" })
                await BecomeBackupAsync("the peer is primary", ct).ConfigureAwait(false);
        }
        else if (peer is null && _clock.GetUtcNow() - _startedAt >= _lease)
        {
            await BecomePrimaryAsync($"the peer {_peer} did not answer for {_lease.TotalSeconds:0.#}s", ct).ConfigureAwait(false);
        }
    }

    // Of two RootServers starting together, the one with more of the RS log claims the primary
    // role (the first of the `rs` list on a tie), so the newer state survives.
    private bool ShouldClaim(ulong peerSeq)
    {
        var mine = _replica?.LastSeq ?? 0;
        return mine > peerSeq || (mine == peerSeq && _first);
    }

    // A backup takes over once the lease it granted ran out, with margin for the primary having
    // started its lease before the grant; the second of the list waits longer, so two backups (both
    // stepped down at once) never take over together.
    private TimeSpan TakeoverAfter => _lease + (_lease / (_first ? 2 : 1));

    private async Task TakeOverIfLapsedAsync(CancellationToken ct)
    {
        if (_clock.GetUtcNow() - _lastGrant < TakeoverAfter)
            return;
        await BecomePrimaryAsync($"the primary {_peer} did not renew its lease for {TakeoverAfter.TotalSeconds:0.#}s", ct).ConfigureAwait(false);
    }

    private async Task BecomePrimaryAsync(string why, CancellationToken ct)
    {
        await _roleGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_role == RsPairRole.Primary)
                return;
            // A renewal may have reached this backup after the decision: then the peer is alive.
            if (_role == RsPairRole.Backup && _clock.GetUtcNow() - _lastGrant < TakeoverAfter)
                return;
            _replica = null;
            _peerSeq = 0;
            await _promote(ct).ConfigureAwait(false);
            _role = RsPairRole.Primary;
        }
        finally
        {
            _roleGate.Release();
        }
        _log.LogWarning("RootServer {Self} is now the primary: {Why}", _self, why);
    }

    private async Task BecomeBackupAsync(string why, CancellationToken ct)
    {
        await _roleGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_role == RsPairRole.Backup)
                return;
            if (_role == RsPairRole.Primary)
                await _demote().ConfigureAwait(false);
            // The primary's state replaces this one (a checkpoint comes with the next renewal).
            _replica = null;
            _lastGrant = _clock.GetUtcNow();
            _role = RsPairRole.Backup;
        }
        finally
        {
            _roleGate.Release();
        }
        _log.LogWarning("RootServer {Self} is the backup of {Peer}: {Why}", _self, _peer, why);
    }

    // The primary, every period: renew the lease and ship what the backup lacks.
    private async Task RenewAsync(CancellationToken ct)
    {
        var snapshot = _peerSeq == 0 ? await _snapshot(ct).ConfigureAwait(false) : null;
        await ShipAsync(snapshot, ct).ConfigureAwait(false);
    }

    // After every local append on the primary: the entry reaches the backup before it is acknowledged.
    public Task ShipAppendedAsync(CancellationToken ct) =>
        _role == RsPairRole.Primary && PeerInSync && _peerSeq != 0 ? ShipAsync(null, ct) : Task.CompletedTask;

    private async Task ShipAsync(RsCheckpoint? snapshot, CancellationToken ct)
    {
        RsPairRenewResponse? response;
        await _shipGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_role != RsPairRole.Primary)
                throw new RpcException(RpcErrorCodes.NotPrimary, $"RootServer {_self} stepped down to backup");
            var entries = snapshot is null ? _store.EntriesAfter(_peerSeq) : _store.EntriesAfter(snapshot.LastSeq);
            if (entries is null)
            {
                // The backup is behind what is still in memory: a whole checkpoint next period.
                _peerSeq = 0;
                entries = [];
            }
            response = await SendRenewAsync(snapshot, entries, ct).ConfigureAwait(false);
            if (response is { Role: "backup" })
            {
                _peerSeq = response.LastSeq;
                _peerAckedAt = _clock.GetUtcNow();
            }
        }
        finally
        {
            _shipGate.Release();
        }
        // Outside the ship gate: stepping down waits for the primary's work, which may be shipping.
        if (response is { Role: "primary" })
            await BecomeBackupAsync($"the peer {_peer} says it is primary", ct).ConfigureAwait(false);
    }

    private async Task<RsPairRenewResponse?> SendRenewAsync(RsCheckpoint? checkpoint, List<RsLogEntry> entries, CancellationToken ct)
    {
        var request = new RsPairRenewRequest { Primary = _self, Checkpoint = checkpoint, LeaseMs = (long)_lease.TotalMilliseconds };
        request.Entries.AddRange(entries);
        try
        {
            return await _clients.CallAsync(_peer!, PacketCodes.RsPairRenew, request, RsPairRenewResponse.Parser, _lease / 2, ct).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            if (PeerInSync)
                _log.LogWarning("RootServer pair: the backup {Peer} did not take the renewal: {Error}", _peer, e.Message);
            _peerAckedAt = DateTimeOffset.MinValue;
            return null;
        }
    }

    // The backup's side of RsPairRenew.
    public async ValueTask<RsPairRenewResponse> OnRenewAsync(RsPairRenewRequest request, CancellationToken ct)
    {
        await _roleGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_role == RsPairRole.Primary)
                return new RsPairRenewResponse { Role = "primary" };
            if (_role == RsPairRole.Starting)
            {
                _role = RsPairRole.Backup;
                _replica = null;
                _log.LogWarning("RootServer {Self} is the backup of {Peer}: it claimed the primary role", _self, request.Primary);
            }
            if (request.Checkpoint is not null)
                _replica = await _store.InstallCheckpointAsync(request.Checkpoint, ct).ConfigureAwait(false);
            if (_replica is not null)
            {
                foreach (var entry in request.Entries)
                {
                    if (entry.Seq <= _replica.LastSeq)
                        continue;
                    if (entry.Seq != _replica.LastSeq + 1)
                        break;
                    await _store.AppendShippedAsync(_replica, entry, ct).ConfigureAwait(false);
                }
            }
            _lastGrant = _clock.GetUtcNow();
            return new RsPairRenewResponse { Role = "backup", LastSeq = _replica?.LastSeq ?? 0 };
        }
        finally
        {
            _roleGate.Release();
        }
    }
}
