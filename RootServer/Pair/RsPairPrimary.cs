using Microsoft.Extensions.Logging;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Pair;

// The primary's side of the pair (rules 1, 2 and 6 of RsPair.cs): renewing its lease, shipping each
// change before it is acknowledged, and deciding whether it may serve at all.
public sealed partial class RsPair
{
    private enum ShipOutcome
    {
        Shipped,
        NotShipped,
        Superseded,
        MayHaveBeenReplaced,
    }

    // The primary's calls to the backup, one at a time (entries arrive in order); the fields below
    // change under it.
    private readonly SemaphoreSlim _shipGate = new(1, 1);
    private ulong _peerSeq;
    // The backup answered the last renewal (so what it holds is known).
    private bool _peerKnown;
    private volatile bool _peerInSync;
    // The backup may be in sync, so it may take over once the lease lapses: true from before a renewal
    // that could bring it in sync until an answer says it is not, or its port refuses connections.
    private volatile bool _peerMayTakeOver;
    private long _mayTakeOverSince;
    // When the newest renewal the backup granted was sent (0: none): the lease runs from there.
    private long _leaseSentAt;
    // The newest entry the backup may lack although it may take over (0: none): nothing is served.
    private ulong _unprovenSeq;
    // A newer epoch met while shipping from inside a change: the pair loop steps down (0: none).
    private ulong _supersededBy;

    private bool LeaseLive => Volatile.Read(ref _leaseSentAt) is var sentAt && sentAt != 0 && Since(sentAt) < _lease;

    // This RS may answer requests now: it is primary, was not superseded, and either its backup
    // cannot take over or it holds a live lease and every change it made reached that backup.
    public bool MayServe =>
        _role == RsPairRole.Primary && Interlocked.Read(ref _supersededBy) == 0
        && (_peer is null || !_peerMayTakeOver || (Interlocked.Read(ref _unprovenSeq) == 0 && LeaseLive));

    // The primary's view: the backup answered in sync and the lease is live.
    public bool PeerInSync => _role == RsPairRole.Primary && _peerInSync && LeaseLive;

    // After a request's work, just before its reply (PrimaryRpc): still serving, in the same epoch.
    public void CheckBeforeReply(ulong epochAtStart)
    {
        if (!MayServe || Epoch != epochAtStart)
            throw new RpcException(RpcErrorCodes.NotPrimary,
                $"RootServer {_self} cannot prove its state current (epoch {epochAtStart}, now {RoleText} in {Epoch}): its lease lapsed or it was replaced");
    }

    // Lapsed for as long as the backup waits before taking over: it may have taken over.
    private bool MayHaveBeenReplaced =>
        _peerMayTakeOver && Since(Math.Max(Volatile.Read(ref _leaseSentAt), Volatile.Read(ref _mayTakeOverSince))) >= EarliestTakeover;

    private void ResetPeerView()
    {
        _peerSeq = 0;
        _peerKnown = false;
        _peerInSync = false;
        _peerMayTakeOver = false;
        Volatile.Write(ref _leaseSentAt, 0);
        Interlocked.Exchange(ref _unprovenSeq, 0);
        Interlocked.Exchange(ref _supersededBy, 0);
    }

    // The primary, every period: renew the lease and ship what the backup lacks.
    private async Task RenewAsync(CancellationToken ct)
    {
        var superseded = Interlocked.Read(ref _supersededBy);
        if (superseded != 0)
        {
            await BecomeBackupAsync($"the peer {_peer} has the newer epoch {superseded}", superseded, ct).ConfigureAwait(false);
            return;
        }
        if (MayHaveBeenReplaced)
        {
            await StepDownToStartingAsync($"no lease from {_peer} for {EarliestTakeover.TotalSeconds:0.#}s: it may have taken over", ct)
                .ConfigureAwait(false);
            return;
        }
        var snapshot = _peerKnown && _peerSeq == 0 ? await _snapshot(ct).ConfigureAwait(false) : null;
        ShipOutcome outcome;
        ulong peerEpoch;
        await _shipGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            (outcome, peerEpoch) = await ShipLockedAsync(snapshot, ct).ConfigureAwait(false);
        }
        finally
        {
            _shipGate.Release();
        }
        // Outside the ship gate: stepping down waits for the primary's work, which may be shipping.
        if (outcome == ShipOutcome.Superseded)
            await BecomeBackupAsync($"the peer {_peer} answered with epoch {peerEpoch} (this one: {Epoch})", peerEpoch, ct).ConfigureAwait(false);
        else if (outcome == ShipOutcome.MayHaveBeenReplaced)
            await StepDownToStartingAsync($"the peer {_peer} refuses connections, but it may have taken over first", ct).ConfigureAwait(false);
    }

    // After every local append on the primary (inside the change): the entry reaches a backup that
    // may take over before the change is acknowledged; if it does not, nothing is served until it has.
    public async Task ShipAppendedAsync(CancellationToken ct)
    {
        await FaultPoints.ReachAsync(RsFaultPoints.AppliedNotShipped, ct).ConfigureAwait(false);
        if (_role != RsPairRole.Primary || _peer is null)
            return;
        var seq = _store.LastSeq;
        await _shipGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Alone: the backup cannot take over; the next renewal brings it the entry.
            if (_role != RsPairRole.Primary || !_peerMayTakeOver)
                return;
            if (_peerKnown && _peerSeq >= seq)
                return;
            var (outcome, peerEpoch) = await ShipLockedAsync(null, ct).ConfigureAwait(false);
            if (outcome == ShipOutcome.Superseded)
                RaiseSuperseded(peerEpoch);
            else if (outcome != ShipOutcome.Shipped && _peerMayTakeOver)
                RaiseUnproven(seq);
        }
        finally
        {
            _shipGate.Release();
        }
    }

    private void RaiseSuperseded(ulong epoch)
    {
        if (Interlocked.CompareExchange(ref _supersededBy, epoch, 0) == 0)
            _log.LogWarning("RootServer {Self}: the peer {Peer} has the newer epoch {Epoch}; stepping down", _self, _peer, epoch);
    }

    private void RaiseUnproven(ulong seq)
    {
        var old = Interlocked.Read(ref _unprovenSeq);
        while (seq > old && Interlocked.CompareExchange(ref _unprovenSeq, seq, old) != old)
            old = Interlocked.Read(ref _unprovenSeq);
        _log.LogWarning("RootServer {Self}: the backup {Peer} did not take entry {Seq}; serving nothing until it has", _self, _peer, seq);
    }

    // Under the ship gate. A peer that did not answer the last renewal gets an empty one (it cannot
    // bring it in sync) unless it may take over already.
    private async Task<(ShipOutcome, ulong)> ShipLockedAsync(RsCheckpoint? snapshot, CancellationToken ct)
    {
        if (_role != RsPairRole.Primary)
            return (ShipOutcome.NotShipped, 0);
        var request = new RsPairRenewRequest { Primary = _self, Epoch = Epoch, LeaseMs = (long)_lease.TotalMilliseconds, PrimaryLastSeq = _store.LastSeq };
        var upTo = request.PrimaryLastSeq;
        if (_peerKnown || _peerMayTakeOver)
        {
            var entries = snapshot is null ? _store.EntriesAfter(_peerSeq) : _store.EntriesAfter(snapshot.LastSeq);
            if (entries is null)
            {
                // The backup is behind what is still in memory: a whole checkpoint next period.
                _peerSeq = 0;
                entries = [];
            }
            request.Checkpoint = snapshot;
            request.Entries.AddRange(entries);
            upTo = entries.Count > 0 ? entries[^1].Seq : snapshot?.LastSeq ?? _peerSeq;
            request.PrimaryLastSeq = upTo;
            if (!_peerMayTakeOver)
            {
                Volatile.Write(ref _mayTakeOverSince, _clock.GetTimestamp());
                _peerMayTakeOver = true;
            }
        }
        var sentAt = _clock.GetTimestamp();
        RsPairRenewResponse answer;
        try
        {
            answer = await _clients.CallAsync(_peer!, PacketCodes.RsPairRenew, request, RsPairRenewResponse.Parser, _lease / 2, ct).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            if (_peerKnown)
                _log.LogWarning("RootServer pair: the backup {Peer} did not take the renewal: {Error}", _peer, e.Message);
            _peerKnown = false;
            if (!IsRefused(e))
                return (ShipOutcome.NotShipped, 0);
            if (MayHaveBeenReplaced)
                return (ShipOutcome.MayHaveBeenReplaced, 0);
            // Its process is gone: it cannot take over, and comes back as `starting`, not in sync.
            _peerMayTakeOver = false;
            _peerInSync = false;
            Interlocked.Exchange(ref _unprovenSeq, 0);
            return (ShipOutcome.NotShipped, 0);
        }
        await FaultPoints.ReachAsync(RsFaultPoints.RenewalAnswered, ct).ConfigureAwait(false);
        if (answer.Epoch > Epoch || (answer.Role == "primary" && !answer.Granted))
            return (ShipOutcome.Superseded, Math.Max(answer.Epoch, Epoch));
        if (!answer.Granted)
        {
            _peerKnown = false;
            return (ShipOutcome.NotShipped, 0);
        }
        TookAnswer(answer, sentAt);
        return (answer.LastSeq >= upTo ? ShipOutcome.Shipped : ShipOutcome.NotShipped, 0);
    }

    // Under the ship gate: a granted renewal, sent at `sentAt`.
    private void TookAnswer(RsPairRenewResponse answer, long sentAt)
    {
        _peerKnown = true;
        _peerSeq = answer.LastSeq;
        if (sentAt > Volatile.Read(ref _leaseSentAt))
            Volatile.Write(ref _leaseSentAt, sentAt);
        _peerInSync = answer.InSync;
        _peerMayTakeOver = answer.InSync;
        var unproven = Interlocked.Read(ref _unprovenSeq);
        if (unproven != 0 && (!answer.InSync || answer.LastSeq >= unproven))
            Interlocked.CompareExchange(ref _unprovenSeq, 0, unproven);
    }
}
