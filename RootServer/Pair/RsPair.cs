using System.Net.Sockets;
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

// The RootServer pair of 0.4, safe against a paused RS (SIGSTOP, a long GC, a stalled VM) as well as a
// dead one. The primary serves the cluster and ships every RS log entry to the backup; the same call
// (RsPairRenew) renews the lease the backup grants it. The rules:
// 1. A primary never acts on state it cannot prove current. A granted renewal gives it a lease of
//    rs_lease_time counted from when it SENT the renewal; the backup counts from when it granted it and
//    takes over only 1.5 leases later (2 for the second RS of the `rs` list). Monotonic clocks
//    (TimeProvider timestamps: Stopwatch), so wall-clock steps change nothing. While its backup may take
//    over, the primary serves only with a live lease, checked before a request's work and again after
//    it, just before the reply goes out (PrimaryRpc), so a pause anywhere in between turns the reply
//    into NotPrimary, never into a stale answer or an acknowledgement. A primary whose lease lapsed for
//    as long as a backup waits before taking over steps down to `starting` and asks its peer.
// 2. Nothing unshipped is acknowledged: a change reaches a backup that may take over before its reply;
//    if that backup did not take it (timeout, error), the primary serves nothing until a renewal gets
//    it across or it learns it lost.
// 3. Epochs fence takeovers. Every new primary (takeover, claim at start, start alone) begins an epoch
//    above every one it has seen, with a BeginEpoch log entry; every RS log entry, checkpoint, renewal,
//    answer and reply carries the epoch. A backup refuses a renewal of an older epoch; a primary meeting
//    a newer one (in a renewal it is sent, or an answer it gets) steps down at once. The other servers
//    remember the newest epoch they were answered with and take no reply of an older one
//    (Common/Hosting/RootServerClient).
// 4. The loser adopts the winner's log: a primary that steps down answers as a backup holding nothing,
//    so the winner sends its whole checkpoint, which replaces the loser's checkpoint and log (its
//    unshipped tail with them).
// 5. Table ids are never reused: they come from NextTableId of the state the winner holds, and by rules
//    1-2 an id the loser handed out without shipping it was never acknowledged nor shown to anyone.
// 6. Who may take over, and acting alone. A backup takes over on a lapsed lease only while in sync: its
//    last renewal brought it the primary's last entry, in the primary's epoch. The primary serves without
//    a lease only while its backup cannot take over: it answered that it is not in sync, or its port
//    refuses connections (the process is gone; an RS that starts again is `starting`, not in sync). A
//    primary sends a peer it has not heard from only an empty renewal, so a request held up in a paused
//    peer cannot make it in sync unseen. A paused RS accepts connections but does not answer: it is
//    never taken for gone. At start: the peer, if it is primary; else, of two, the one with the newer
//    (epoch, last entry) claims once the peer granted it a lease; alone only after the peer refused
//    connections for a whole lease.
// Limit: while one RS is gone, the other's disk is the only copy of what it acknowledged meanwhile.
public sealed partial class RsPair
{
    private readonly string _self;
    private readonly string? _peer;
    private readonly bool _first;
    private readonly TimeSpan _lease;
    private readonly RpcClientPool _clients;
    private readonly RsStore _store;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly Func<ulong, CancellationToken, Task<ulong>> _promote;
    private readonly Func<Task> _demote;
    private readonly Func<CancellationToken, Task<RsCheckpoint>> _snapshot;
    // Role changes and a backup's applying of shipped entries, one at a time.
    private readonly SemaphoreSlim _roleGate = new(1, 1);
    private volatile RsPairRole _role = RsPairRole.Starting;
    // The newest epoch this RS knows; a primary's own.
    private ulong _epoch;
    // Starting: since when; and since when the peer has refused connections without a break (0: it has not).
    private long _startedAt;
    private long _refusedSince;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    // promote(lowest epoch) loads the state, begins an epoch at least that high and returns it.
    public RsPair(string self, IReadOnlyList<string> rootServers, TimeSpan lease, RpcClientPool clients, RsStore store, ILogger log,
        Func<ulong, CancellationToken, Task<ulong>> promote, Func<Task> demote, Func<CancellationToken, Task<RsCheckpoint>> snapshot,
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

    public ulong Epoch => Interlocked.Read(ref _epoch);

    private TimeSpan Period => TimeSpan.FromMilliseconds(Math.Clamp(_lease.TotalMilliseconds / 4, 50, 1000));

    // A backup takes over once the lease it granted ran out, with margin for the primary having
    // started its lease before the grant; the second of the list waits longer, so two backups (both
    // stepped down at once) never take over together.
    private TimeSpan TakeoverAfter => _lease + (_lease / (_first ? 2 : 1));

    // The soonest either RS of the pair may take over after its last grant.
    private TimeSpan EarliestTakeover => _lease + (_lease / 2);

    private TimeSpan Since(long timestamp) => _clock.GetElapsedTime(timestamp);

    private void RaiseEpoch(ulong epoch)
    {
        var seen = Interlocked.Read(ref _epoch);
        while (epoch > seen && Interlocked.CompareExchange(ref _epoch, epoch, seen) != seen)
            seen = Interlocked.Read(ref _epoch);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        if (_peer is null)
        {
            RaiseEpoch(await _promote(Epoch + 1, ct).ConfigureAwait(false));
            _role = RsPairRole.Primary;
            return;
        }
        _replica = await _store.LoadAsync(ct).ConfigureAwait(false);
        RaiseEpoch(_replica.Epoch);
        _startedAt = _clock.GetTimestamp();
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

    public RsPairStatusResponse Status() => new()
    {
        Role = RoleName(_role),
        LastSeq = _role == RsPairRole.Primary ? _store.LastSeq : _replica?.LastSeq ?? 0,
        Epoch = Math.Max(Epoch, _replica?.Epoch ?? 0),
    };

    public string RoleText => RoleName(_role);

    private static string RoleName(RsPairRole role) => role switch
    {
        RsPairRole.Primary => "primary",
        RsPairRole.Backup => "backup",
        _ => "starting",
    };

    // The peer's process is gone: nothing listens on its port (a paused process still accepts).
    private static bool IsRefused(RpcException e) =>
        e.Code == RpcErrorCodes.ConnectionFailed && e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

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
        var refused = false;
        try
        {
            peer = await _clients.CallAsync(_peer!, PacketCodes.RsPairStatus, new Empty(), RsPairStatusResponse.Parser, Period, ct).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            refused = IsRefused(e);
        }
        _refusedSince = !refused ? 0 : _refusedSince == 0 ? _clock.GetTimestamp() : _refusedSince;
        if (peer is { Role: "primary" })
        {
            await BecomeBackupAsync("the peer is primary", peer.Epoch, ct).ConfigureAwait(false);
        }
        else if (peer is not null && (ShouldClaim(peer) || WaitsForThisPrimary(peer)))
        {
            await ClaimAsync(peer, ct).ConfigureAwait(false);
        }
        else if (refused && Since(_refusedSince) >= _lease && Since(_startedAt) >= _lease)
        {
            await BecomePrimaryAsync(RsPairRole.Starting, Math.Max(Epoch, _replica?.Epoch ?? 0) + 1,
                $"the peer {_peer} refused connections for {_lease.TotalSeconds:0.#}s", ct).ConfigureAwait(false);
        }
    }

    // Of two RootServers starting together, the one with the newer (epoch, last entry) claims the
    // primary role (the first of the `rs` list on a tie), so the newer state survives.
    private bool ShouldClaim(RsPairStatusResponse peer)
    {
        var mine = (Math.Max(Epoch, _replica?.Epoch ?? 0), _replica?.LastSeq ?? 0);
        var theirs = (peer.Epoch, peer.LastSeq);
        return mine.CompareTo(theirs) > 0 || (mine == theirs && _first);
    }

    // A peer that is already a backup granted a primary's lease and now waits for its renewals, and of a pair only
    // this RS can be that primary: a claim whose grant did not come back in time (the peer took the state and
    // became backup, the claim's call timed out), or a primary that stepped down to starting when its lease
    // lapsed. Neither side would act again without this (the backup takes over only in sync, and the epoch the
    // claim raised at the peer makes ShouldClaim's comparison say no), so the pair never had a primary. Claimed
    // again with a newer epoch, but only while this RS's state holds every entry the backup has (the newer state
    // survives, as at start).
    private bool WaitsForThisPrimary(RsPairStatusResponse peer) =>
        peer.Role == "backup" && (_replica?.LastSeq ?? 0) >= peer.LastSeq;

    // Claim: the peer grants a lease and takes this state, or says it is primary.
    private async Task ClaimAsync(RsPairStatusResponse peer, CancellationToken ct)
    {
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
        var epoch = Math.Max(Math.Max(Epoch, snapshot.Epoch), peer.Epoch) + 1;
        var sentAt = _clock.GetTimestamp();
        RsPairRenewResponse answer;
        try
        {
            var request = new RsPairRenewRequest { Primary = _self, Checkpoint = snapshot, Epoch = epoch, PrimaryLastSeq = snapshot.LastSeq, LeaseMs = (long)_lease.TotalMilliseconds };
            answer = await _clients.CallAsync(_peer!, PacketCodes.RsPairRenew, request, RsPairRenewResponse.Parser, _lease / 2, ct).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            return;
        }
        if (answer.Granted)
        {
            if (!await BecomePrimaryAsync(RsPairRole.Starting, epoch, "the peer granted the lease", ct).ConfigureAwait(false))
                return;
            await _shipGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                TookAnswer(answer, sentAt);
            }
            finally
            {
                _shipGate.Release();
            }
        }
        else if (answer.Role == "primary")
        {
            await BecomeBackupAsync("the peer is primary", answer.Epoch, ct).ConfigureAwait(false);
        }
    }

    private async Task TakeOverIfLapsedAsync(CancellationToken ct)
    {
        if (!_inSync || Since(_lastGrant) < TakeoverAfter)
            return;
        await BecomePrimaryAsync(RsPairRole.Backup, Math.Max(Epoch, _replica?.Epoch ?? 0) + 1,
            $"the primary {_peer} did not renew its lease for {TakeoverAfter.TotalSeconds:0.#}s", ct).ConfigureAwait(false);
    }

    // From `from` only: a backup still in sync and still unrenewed, or a starting RS.
    private async Task<bool> BecomePrimaryAsync(RsPairRole from, ulong epoch, string why, CancellationToken ct)
    {
        await _roleGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_role != from)
                return false;
            // A renewal may have reached this backup after the decision: then the primary is alive.
            if (_role == RsPairRole.Backup && (!_inSync || Since(_lastGrant) < TakeoverAfter))
                return false;
            _replica = null;
            _inSync = false;
            ResetPeerView();
            var begun = await _promote(Math.Max(epoch, Epoch + 1), ct).ConfigureAwait(false);
            RaiseEpoch(begun);
            _role = RsPairRole.Primary;
        }
        finally
        {
            _roleGate.Release();
        }
        _log.LogWarning("RootServer {Self} is now the primary (epoch {Epoch}): {Why}", _self, Epoch, why);
        return true;
    }

    private async Task BecomeBackupAsync(string why, ulong epoch, CancellationToken ct)
    {
        await _roleGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_role == RsPairRole.Backup)
                return;
            await StepDownLockedAsync(why, epoch).ConfigureAwait(false);
        }
        finally
        {
            _roleGate.Release();
        }
    }

    // Under the role gate. The role changes first, so nothing is served or shipped from here on; this
    // RS then holds nothing (the primary's checkpoint replaces its state and log).
    private async Task StepDownLockedAsync(string why, ulong epoch)
    {
        var wasPrimary = _role == RsPairRole.Primary;
        _role = RsPairRole.Backup;
        RaiseEpoch(epoch);
        _replica = null;
        _inSync = false;
        _lastGrant = _clock.GetTimestamp();
        if (wasPrimary)
            await _demote().ConfigureAwait(false);
        _log.LogWarning("RootServer {Self} is the backup of {Peer} (epoch {Epoch}): {Why}", _self, _peer, Epoch, why);
    }

    // A primary whose lease lapsed long enough for the backup to have taken over: it may have been
    // replaced, so it serves nothing and decides again, as at start (with its state as it was).
    private async Task StepDownToStartingAsync(string why, CancellationToken ct)
    {
        await _roleGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_role != RsPairRole.Primary)
                return;
            _role = RsPairRole.Starting;
            await _demote().ConfigureAwait(false);
            _replica = await _store.LoadAsync(ct).ConfigureAwait(false);
            RaiseEpoch(_replica.Epoch);
            _startedAt = _clock.GetTimestamp();
            _refusedSince = 0;
        }
        finally
        {
            _roleGate.Release();
        }
        _log.LogWarning("RootServer {Self} stepped down to starting: {Why}", _self, why);
    }
}
