using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Servers;

// Who is the UpdateServer master. The master holds a lease of ups_lease_time, renewed by each of
// its heartbeats; only when that lease has surely lapsed (its last heartbeat is older than the
// lease plus a safety margin; the times are derived in UpsLeaseTimes) is another UPS elected: the live one with the highest log sequence
// among those that have every acknowledged write — the master itself and the backups it confirmed
// in its sync set (UpsSyncSetRequest). A UPS outside that set is never elected: writes stay
// unavailable instead (Blocked says why). A master that cannot renew stops writing itself before
// the lease ends, so two masters never accept writes at once.
//
// ups_replication = majority (UpsMajorityVote has the rules): once the lease lapsed, a new term is
// started at every UpdateServer of the group and a master is elected only when a majority answered.
// Every change of master starts a new term (both modes); the master writes its entries in it.
//
// Every change of master, sync set, term, mode or group is persisted (UpsMasterRecord) before anyone is told. After
// an RS restart the persisted master may still hold a lease granted just before the crash, so its
// lease counts as renewed at the restart: it keeps the role if it heartbeats, and nobody else is
// elected before a whole lease (plus margin) from the restart has passed.
public sealed class UpsMasterElection(ServerRegistry registry, TimeSpan upsLease, ILogger log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _change = new(1, 1);
    private Func<UpsMasterRecord, CancellationToken, Task>? _persist;
    private string? _master;
    private SortedSet<string> _inSync = new(StringComparer.Ordinal);
    private DateTimeOffset _masterLastBeat;
    // A new master is being persisted: the old one's heartbeats renew nothing meanwhile.
    private bool _changing;
    private ulong _lastReportId;
    private string _droppedBackups = "";
    private string _blocked = "";
    private ulong _term;
    private string _replication = "";
    private SortedSet<string> _members = new(StringComparer.Ordinal);
    private bool _membersChanged;

    // Sends PrepareTerm to an UpdateServer (majority election); set before the first election.
    public Func<string, PrepareTermRequest, TimeSpan, CancellationToken, Task<PrepareTermResponse>>? PrepareTerm { get; set; }

    // ups_replication until a persisted record names one.
    public string DefaultReplication { get; init; } = "";

    public bool Majority
    {
        get { lock (_lock) return _replication == "majority"; }
    }

    // The term the current master was elected in.
    public ulong Term
    {
        get { lock (_lock) return _term; }
    }

    public TimeSpan Lease => upsLease;

    // Extra wait beyond the lease before another UPS may take over (clock drift, in-flight heartbeats).
    public TimeSpan SafetyMargin => UpsLeaseTimes.ElectionMargin(upsLease);

    public string? Master
    {
        get { lock (_lock) return _master; }
    }

    // The backups the master confirmed in its sync set (electable besides the master).
    public IReadOnlyList<string> InSync
    {
        get { lock (_lock) return [.. _inSync]; }
    }

    // Why no UPS can take over the lapsed master's role ("" when nothing blocks an election).
    public string Blocked
    {
        get { lock (_lock) return _blocked; }
    }

    public bool IsInSync(string address)
    {
        lock (_lock)
            return address == _master || _inSync.Contains(address);
    }

    // Once at start, before any election: the persisted record and how to persist changes.
    public void Restore(UpsMasterRecord record, Func<UpsMasterRecord, CancellationToken, Task> persist)
    {
        lock (_lock)
        {
            _persist = persist;
            _master = record.Master.Length > 0 ? record.Master : null;
            _inSync = new SortedSet<string>(record.InSync, StringComparer.Ordinal);
            _term = record.Term;
            _replication = record.Replication.Length > 0 ? record.Replication : DefaultReplication;
            _members = new SortedSet<string>(record.Members, StringComparer.Ordinal);
            _masterLastBeat = _clock.GetUtcNow();
        }
        if (record.Master.Length > 0)
        {
            log.LogInformation("UpdateServer master {Master} restored (in sync: {InSync}); its lease may still run, so no other UPS is elected for {Lease}",
                record.Master, record.InSync.Count == 0 ? "none" : string.Join(',', record.InSync), upsLease + SafetyMargin);
        }
    }

    public void OnHeartbeat(HeartbeatRequest request)
    {
        lock (_lock)
        {
            if (_persist is not null && _members.Add(request.Address))
                _membersChanged = true;
            if (request.Address != _master || _changing)
                return;
            _masterLastBeat = _clock.GetUtcNow();
            _blocked = "";
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

    // The master, electing one first when there is none or its lease surely lapsed.
    public async ValueTask<string?> ElectAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            ThrowIfNotRestored();
            if (!_changing && _master is not null && !LapsedLocked() && !_membersChanged)
                return _master;
        }
        await _change.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ServerInfo next;
            string? previous;
            bool majority;
            UpsMasterRecord? withMembers = null;
            lock (_lock)
            {
                majority = _replication == "majority";
                if (_membersChanged)
                    withMembers = RecordLocked();
            }
            if (withMembers is not null)
                await Persist(withMembers, ct).ConfigureAwait(false);
            if (majority)
                return await ElectByMajorityAsync(ct).ConfigureAwait(false);
            lock (_lock)
            {
                if (_master is not null && !LapsedLocked())
                    return _master;
                var candidate = CandidateLocked();
                if (candidate is null || candidate.Address == _master)
                    return _master;
                (next, previous) = (candidate, _master);
            }
            await ChangeMasterAsync(next.Address, ct).ConfigureAwait(false);
            log.LogInformation("UpdateServer master is now {Address} (log seq {Seq}){Previous}", next.Address, next.LogSeq,
                previous is null ? "" : $"; the lease of {previous} lapsed");
            return next.Address;
        }
        finally
        {
            _change.Release();
        }
    }

    // Returns once no change is being persisted (a server list then shows the settled master).
    public async Task SettledAsync(CancellationToken ct)
    {
        await _change.WaitAsync(ct).ConfigureAwait(false);
        _change.Release();
    }

    // A planned switch: the old master has stopped writing and `to` has its whole log, so the
    // role moves now instead of after the lease.
    public async Task<bool> TransferAsync(string from, string to, CancellationToken ct)
    {
        await _change.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_lock)
            {
                ThrowIfNotRestored();
                if (_master != from)
                    return false;
            }
            await ChangeMasterAsync(to, ct).ConfigureAwait(false);
            log.LogInformation("UpdateServer master switched from {From} to {To} (planned)", from, to);
            return true;
        }
        finally
        {
            _change.Release();
        }
    }

    // The master's sync set: persisted before the reply, since the master acknowledges writes a
    // dropped backup lacks only after this reply.
    public async Task<UpsSyncSetResponse> ReportSyncSetAsync(UpsSyncSetRequest request, CancellationToken ct)
    {
        await _change.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            SortedSet<string> next;
            lock (_lock)
            {
                ThrowIfNotRestored();
                if (request.Master != _master)
                {
                    throw new RpcException(WireErrorCodes.NotMaster,
                        $"{request.Master} is not the UpdateServer master (the RootServer names {_master ?? "none"})");
                }
                if (request.ReportId <= _lastReportId)
                    throw new RpcException(RpcErrorCodes.Internal, $"sync set report {request.ReportId} is older than {_lastReportId}");
                _lastReportId = request.ReportId;
                next = new SortedSet<string>(request.InSync.Where(a => a != request.Master), StringComparer.Ordinal);
                if (next.SetEquals(_inSync))
                    return SyncSetResponse(next);
            }
            UpsMasterRecord record;
            lock (_lock)
                record = RecordLocked();
            record.InSync.Clear();
            record.InSync.AddRange(next);
            await Persist(record, ct).ConfigureAwait(false);
            lock (_lock)
            {
                foreach (var gone in _inSync.Except(next))
                    log.LogWarning("UpdateServer {Backup} is out of sync with master {Master}: it is not elected until it has caught up", gone, _master);
                foreach (var back in next.Except(_inSync))
                    log.LogInformation("UpdateServer {Backup} is in sync with master {Master}", back, _master);
                _inSync = next;
                return SyncSetResponse(next);
            }
        }
        finally
        {
            _change.Release();
        }
    }

    private static UpsSyncSetResponse SyncSetResponse(IEnumerable<string> inSync)
    {
        var response = new UpsSyncSetResponse();
        response.InSync.AddRange(inSync);
        return response;
    }

    // Under _change: persisted first, then every later heartbeat reply names `next`. A new master
    // starts with an empty sync set: it acknowledges writes before any backup has caught up with it.
    private async Task ChangeMasterAsync(string next, CancellationToken ct, ulong? term = null)
    {
        UpsMasterRecord record;
        lock (_lock)
        {
            _changing = true;
            record = RecordLocked();
        }
        try
        {
            record.Master = next;
            record.InSync.Clear();
            record.Term = term ?? record.Term + 1;
            await Persist(record, ct).ConfigureAwait(false);
            lock (_lock)
            {
                _master = next;
                _term = record.Term;
                _inSync.Clear();
                _masterLastBeat = _clock.GetUtcNow();
                _lastReportId = 0;
                _droppedBackups = "";
                _blocked = "";
            }
        }
        finally
        {
            lock (_lock)
                _changing = false;
        }
    }

    private Task Persist(UpsMasterRecord record, CancellationToken ct) => _persist!(record, ct);

    // The whole record as it is now (any persist of it also persists the members).
    private UpsMasterRecord RecordLocked()
    {
        _membersChanged = false;
        var record = new UpsMasterRecord { Master = _master ?? "", Term = _term, Replication = _replication };
        record.InSync.AddRange(_inSync);
        record.Members.AddRange(_members);
        return record;
    }

    // What an UpdateServer's heartbeat reply carries besides its role.
    public void FillUpsHeartbeat(HeartbeatResponse response)
    {
        lock (_lock)
        {
            response.UpsTerm = _term;
            response.UpsReplication = _replication.Length == 0 ? "shipping" : _replication;
            response.UpsGroupSize = (uint)_members.Count;
        }
    }

    // ALTER SYSTEM SET ups_replication: persisted, then every UPS learns it from its heartbeat reply.
    public async Task SetReplicationAsync(string replication, CancellationToken ct)
    {
        await _change.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            UpsMasterRecord record;
            lock (_lock)
            {
                ThrowIfNotRestored();
                if (_replication == replication || (_replication.Length == 0 && replication == "shipping"))
                    return;
                record = RecordLocked();
            }
            record.Replication = replication;
            await Persist(record, ct).ConfigureAwait(false);
            lock (_lock)
                _replication = replication;
            log.LogInformation("UpdateServer replication is now {Replication}", replication);
        }
        finally
        {
            _change.Release();
        }
    }

    // Under _change, majority mode: once the master's lease surely lapsed (or there is none), start
    // a term at every member; elect only when a majority answered (UpsMajorityVote).
    private async Task<string?> ElectByMajorityAsync(CancellationToken ct)
    {
        ulong term;
        List<string> members;
        string? previous;
        lock (_lock)
        {
            if (_master is not null && !LapsedLocked())
                return _master;
            if (PrepareTerm is null || _members.Count == 0)
                return _master;
            term = _term + 1;
            members = [.. _members];
            previous = _master;
        }
        var (votes, newest) = await UpsMajorityVote.CollectAsync(members, term, PrepareTerm, ct).ConfigureAwait(false);
        var winner = UpsMajorityVote.Pick(votes, members.Count);
        if (winner is null)
        {
            var blocked = $"the lease of UpdateServer master {previous ?? "none"} lapsed and only {votes.Count} of {members.Count} UpdateServers " +
                $"answered term {term}; electing needs a majority ({UpsMajorityVote.Quorum(members.Count)}); writes stay unavailable until enough return";
            lock (_lock)
            {
                // A member that knows a newer term: the next attempt starts above it.
                if (newest > term)
                    _term = newest;
                if (blocked != _blocked)
                    log.LogError("no UpdateServer master can be elected: {Reason}", blocked);
                _blocked = blocked;
            }
            return previous;
        }
        await ChangeMasterAsync(winner.Address, ct, term).ConfigureAwait(false);
        log.LogInformation("UpdateServer master is now {Address} in term {Term} (last term {LastTerm}, log seq {Seq}; {Votes} of {Members} voted){Previous}",
            winner.Address, term, winner.LastTerm, winner.LastSeq, votes.Count, members.Count,
            previous is null ? "" : $"; the lease of {previous} lapsed");
        return winner.Address;
    }

    private bool LapsedLocked() => _clock.GetUtcNow() - _masterLastBeat >= upsLease + SafetyMargin;

    // The live UPS with the highest log sequence that has every acknowledged write.
    private ServerInfo? CandidateLocked()
    {
        var live = registry.Live(ServerRole.UpdateServer);
        var best = live.Where(s => _master is null || s.Address == _master || _inSync.Contains(s.Address))
            .OrderByDescending(s => s.LogSeq).ThenBy(s => s.Address, StringComparer.Ordinal)
            .FirstOrDefault();
        var blocked = best is not null || live.Count == 0 ? "" :
            $"the lease of UpdateServer master {_master} lapsed and no live UpdateServer is in sync with it: " +
            $"{string.Join(',', live.Select(s => s.Address).Order(StringComparer.Ordinal))} may lack acknowledged writes; writes stay unavailable until " +
            $"{string.Join(" or ", _inSync.Prepend(_master!))} returns";
        if (blocked.Length > 0 && blocked != _blocked)
            log.LogError("no UpdateServer master can be elected: {Reason}", blocked);
        _blocked = blocked;
        return best;
    }

    private void ThrowIfNotRestored()
    {
        if (_persist is null)
            throw new RpcException(RpcErrorCodes.Internal, "RootServer is starting");
    }
}
