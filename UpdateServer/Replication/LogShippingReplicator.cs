using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Leases;

namespace OceanClassic.UpdateServer.Replication;

// Stage-0 replication (0.4): backups long-poll the master for its log (FetchLog) and each fetch
// acknowledges what the backup has received and fsynced. A backup that has fetched up to the
// master's end joins the sync set; a batch's writers get their reply once every sync-set backup
// acknowledged it (wait_slave_sync_type 1: received, 2: fsynced; 0: at once). A backup that does
// not acknowledge within slave_sync_timeout leaves the sync set and rejoins once it has caught up.
//
// The RootServer elects a new master only among the backups it holds as in sync (it must have
// every acknowledged write), so the RS's copy of the sync set is kept a superset of the backups
// this master may leave out: a leaving backup still counts until the RS has confirmed a set
// without it (SyncSetReporter), and after becoming master (or losing its lease) nothing is
// acknowledged before the RS confirmed the set once. A joining backup counts at once and is
// reported after the fact.
//
// ups_replication = majority replaces only the acknowledgement rule (MajorityCommit): the same
// fetches serve the log and carry the acknowledgements, and the sync set is still kept (so the mode
// can switch back at any time). Terms fence in both modes: a fetch from a backup that knows a newer
// term than this master's is refused and not counted. In majority mode a batch is shipped as soon
// as it is formed, before the master's own write (BatchFormed), so the backups' fsyncs run while the
// master's does: a write then waits for one fsync round, not two in a row (issue 23). The master
// still counts itself only once its own write is durable. Should that write fail, its entries are
// cut here but may be on backups: the log incarnation changes (MajorityCommit.NewIncarnation), and
// a backup verifies its last entry against the master's log again before it applies or acknowledges
// anything more (LogFetcher).
public sealed class LogShippingReplicator : ILogReplicator, IAsyncDisposable
{
    private readonly ReplicationOptions _options;
    private readonly UpsLease _lease;
    // Null while the engine is being reopened (its log is not to be read then).
    private readonly Func<ulong?> _durableSequence;
    private readonly ILogger _logger;
    private readonly RecentLogCache _cache = new();
    private readonly Lock _lock = new();
    private readonly Lock _completeLock = new();
    private readonly Dictionary<string, BackupState> _backups = new(StringComparer.Ordinal);
    private readonly Queue<Waiter> _waiters = new();
    private readonly HashSet<string> _dropped = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _timeouts;
    private TaskCompletionSource _newData = NewSignal();
    private bool _rsConfirmed;   // the RS holds a sync set reported in this epoch
    private long _epoch;         // bumped when the backups are forgotten (demotion, lost lease)
    private bool _anyBackup;     // a backup has fetched from this UPS since it started
    private readonly MajorityCommit _majority;
    private int _mode;           // ReplicationMode
    private ulong _term;         // the term this UPS is (or was last) master of
    private ulong _shippedEnd;   // majority mode: the last entry handed to backups before this UPS's own write

    public LogShippingReplicator(ReplicationOptions options, UpsLease lease, Func<ulong?> durableSequence, ILogger logger)
    {
        _options = options;
        _lease = lease;
        _durableSequence = durableSequence;
        _logger = logger;
        _mode = (int)options.Mode;
        _majority = new MajorityCommit(() => lease.HoldsLease, () => lease.Now, lease.ElapsedSince);
        _timeouts = Task.Run(() => WatchTimeoutsAsync(_stop.Token));
    }

    public ReplicationMode Mode
    {
        get => (ReplicationMode)Volatile.Read(ref _mode);
        set => Volatile.Write(ref _mode, (int)value);
    }

    public ulong Term
    {
        get => Interlocked.Read(ref _term);
        set => Interlocked.Exchange(ref _term, value);
    }

    public MajorityCommit Majority => _majority;

    // The commit point the master's fetch replies carry: majority-committed, or (shipping) answered.
    public Func<ulong> Acknowledged { get; set; } = () => 0;

    public int SyncType => _options.SyncType;
    public RecentLogCache Cache => _cache;

    // Called (outside the locks) whenever the RS's copy of the sync set needs an update.
    public Action? SyncSetChanged { get; set; }

    // The backups the RS holds as in sync (confirmed joins, and drops not yet confirmed).
    public IReadOnlyList<string> SyncBackups
    {
        get { lock (_lock) return [.. _backups.Where(b => b.Value.State is SyncState.In or SyncState.Leaving).Select(b => b.Key).Order(StringComparer.Ordinal)]; }
    }

    public IReadOnlyList<string> DroppedBackups
    {
        get { lock (_lock) return [.. _dropped.Order(StringComparer.Ordinal)]; }
    }

    // The highest sequence every sync-set backup has acknowledged (the local end when none).
    public ulong SyncedSequence
    {
        get { lock (_lock) return SyncedLocked(_durableSequence() ?? 0); }
    }

    public ulong AcknowledgedBy(string backup)
    {
        lock (_lock)
            return _backups.TryGetValue(backup, out var b) ? b.Durable : 0;
    }

    // Majority mode, on the master: the backups may fetch the batch at once (it is cached and they
    // are woken); the master's own fsync and theirs then overlap.
    public void BatchFormed(ReadOnlySpan<byte> batch, ulong firstSequence, ulong lastSequence)
    {
        if (Mode != ReplicationMode.Majority || !_lease.IsMaster || !Volatile.Read(ref _anyBackup))
            return;
        _cache.Add(batch, firstSequence, lastSequence);
        Interlocked.Exchange(ref _shippedEnd, lastSequence);
        Interlocked.Exchange(ref _newData, NewSignal()).TrySetResult();
    }

    // The batch last formed was cut from this log: backups that took it must verify their log again,
    // and nothing they acknowledged so far counts (the incarnation changes before the cache is cleared,
    // so a fetch that read the cut entries sees the change when it finishes, FetchAsync).
    public void LocalWriteFailed()
    {
        _majority.NewIncarnation();
        Interlocked.Exchange(ref _shippedEnd, 0);
        _cache.Clear();
    }

    public Task<bool> ReplicateAsync(ReadOnlyMemory<byte> batch, ulong firstSequence, ulong lastSequence, bool ownEntries)
    {
        // Without backups nothing reads the cache (one that turns up later starts from the files):
        // copying every batch only made garbage that lived long enough to reach gen 2.
        // A batch shipped when it was formed (BatchFormed) is cached and announced already.
        if (lastSequence > Interlocked.Read(ref _shippedEnd))
        {
            if (Volatile.Read(ref _anyBackup))
                _cache.Add(batch.Span, firstSequence, lastSequence);
            Interlocked.Exchange(ref _newData, NewSignal()).TrySetResult();
        }
        lock (_lock)
        {
            // A backup's committer passes shipped batches here too (cached for when it is promoted).
            // An own write that reaches here once this UPS is no longer the master may be missing on
            // the new master: never acknowledged, even in the moment between the lease's revocation
            // and OnRoleLost (issue 23 item 4: that moment used to acknowledge it).
            if (!_lease.IsMaster)
                return Task.FromResult(!ownEntries);
            if (Mode == ReplicationMode.Majority)
                return _majority.WaitAsync(lastSequence);
            if (_options.SyncType == 0 || (_rsConfirmed && SyncedLocked(lastSequence) >= lastSequence))
                return Task.FromResult(true);
            var done = new TaskCompletionSource<bool>();
            _waiters.Enqueue(new Waiter(lastSequence, done, _lease.Now));
            return done.Task;
        }
    }

    public async ValueTask<FetchLogResponse> FetchAsync(FetchLogRequest request, CancellationToken ct)
    {
        if (!_lease.IsMaster)
            throw new RpcException(WireErrorCodes.NotMaster, "not the UpdateServer master: fetch the log from the master");
        if (request.Term > Term)
        {
            _majority.Forget(request.Backup);
            throw new RpcException(WireErrorCodes.NotMaster,
                $"this UpdateServer is master of term {Term}; {request.Backup} knows the newer term {request.Term}");
        }
        var incarnation = _majority.Incarnation;
        var signal = Volatile.Read(ref _newData).Task;
        var (durable, end) = LogEndOrThrow();
        var response = new FetchLogResponse
        {
            MasterSeq = end, SyncType = _options.SyncType, Term = Term, CommitSeq = CommitSeq, LogIncarnation = incarnation,
        };
        if (NeededDump(request.FromSeq, end, request.VerifyPrev) is var dump and > 0)
        {
            response.NeedsDumpSeq = dump;
            return response;
        }
        if (request.FromSeq > end + 1 || (request.VerifyPrev && request.FromSeq > 1 && EntryCrc(request.FromSeq - 1) != request.PrevCrc))
        {
            // Its acknowledgements count for nothing until it has cut its log back to ours.
            response.Diverged = true;
            _majority.Forget(request.Backup);
            Leave(request.Backup);
            return response;
        }
        // A verifying fetch was just checked against this incarnation; any other counts only for the one it verified.
        Acknowledge(request, request.VerifyPrev ? incarnation : request.LogIncarnation);
        if (request.MaxBytes == 0)
            return response;
        if (request.FromSeq == end + 1)
        {
            Join(request.Backup, end);
            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(Math.Clamp(request.WaitMs, 0, 10_000)), ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return response;
            }
            // Demoted while the fetch waited (a master resumed from a pause answers its queued fetches
            // as the RS's PrepareTerm demotes it): the same typed answer as a fetch that arrives now.
            if (!_lease.IsMaster)
                throw new RpcException(WireErrorCodes.NotMaster, "not the UpdateServer master: fetch the log from the master");
            (durable, end) = LogEndOrThrow();
            response.MasterSeq = end;
            response.CommitSeq = CommitSeq;
            if (request.FromSeq > end)
                return response;
        }
        var maxBytes = Math.Clamp(request.MaxBytes, 1, _options.MaxFetchBytes);
        // Entries past the durable end exist only in the cache (shipped before the master's own write).
        var read = _cache.Read(request.FromSeq, end, maxBytes);
        if (read is null && request.FromSeq > durable)
            return response;
        var (bytes, first, last) = read ?? CommitLogReader.Read(_options.LogDirectory, request.FromSeq, durable, maxBytes);
        if (last == end)
            Join(request.Backup, end);
        // Entries read while the log lost a shipped batch may be the lost ones: the backup asks again and verifies.
        if (_majority.Incarnation != incarnation)
            throw new RpcException(RpcErrorCodes.Internal, "the master's log changed while this fetch was answered; fetch again");
        response.Entries = UnsafeByteOperations.UnsafeWrap(bytes);
        response.FirstSeq = first;
        response.LastSeq = last;
        return response;
    }

    // The durable end of this log, and the end of what backups may fetch: past the durable end while
    // a batch shipped early is being written here.
    private (ulong Durable, ulong End) LogEndOrThrow()
    {
        var durable = DurableOrThrow();
        return (durable, Math.Max(durable, Interlocked.Read(ref _shippedEnd)));
    }

    private ulong CommitSeq => Mode == ReplicationMode.Majority ? Math.Max(_majority.CommitPoint, Acknowledged()) : Acknowledged();

    // Majority mode, as the new master of a term (or switching to majority as master): entries from
    // `termStart` on count toward the commit point (the caller logs an entry of the term there).
    public void BeginMajorityTerm(ulong termStart) => _majority.BeginTerm(termStart);

    // A master reopening its engine (after a log failure) answers nothing: a durable sequence of 0
    // would tell the backup its log diverged.
    private ulong DurableOrThrow() =>
        _durableSequence() ?? throw new RpcException(RpcErrorCodes.Internal, "the UpdateServer master is reopening its log; fetch again");

    // Non-zero when the entries the backup needs next (and the one before, when it asks to verify
    // it) were pruned after a dump: the backup copies that dump first. Only looked at on a miss.
    private ulong NeededDump(ulong fromSeq, ulong durable, bool verifyPrev)
    {
        var needed = verifyPrev && fromSeq > 1 ? fromSeq - 1 : fromSeq;
        if (needed > durable || _cache.EntryCrc(needed) is not null || (needed == fromSeq - 1 && EntryCrc(needed) is not null))
            return 0;
        return Dump.DumpShipping.DumpNeededFor(_options.DataDirectory, _options.LogDirectory, needed);
    }

    private ulong? EntryCrc(ulong sequence) =>
        _cache.EntryCrc(sequence) ?? CommitLogReader.EntryCrc(_options.LogDirectory, sequence);

    private void Acknowledge(FetchLogRequest request, ulong incarnation)
    {
        bool ready;
        lock (_lock)
        {
            if (!_backups.TryGetValue(request.Backup, out var b))
                _backups[request.Backup] = b = new BackupState();
            Volatile.Write(ref _anyBackup, true);
            b.Received = Math.Max(request.ReceivedSeq, request.DurableSeq);
            b.Durable = request.DurableSeq;
            ready = ReadyLocked(b);
        }
        _majority.Acknowledge(request.Backup, request.DurableSeq, incarnation);
        CompleteWaiters();
        if (ready)
            SyncSetChanged?.Invoke();
    }

    // A joining backup the RS may now hold as in sync: it has (per the sync type) everything
    // this master had when it joined, so every write acknowledged so far.
    private bool ReadyLocked(BackupState b) =>
        b.State == SyncState.Joining && (_options.SyncType == 2 ? b.Durable : b.Received) >= b.JoinedAt;

    private void Join(string backup, ulong at)
    {
        bool ready;
        lock (_lock)
        {
            // Not there when a demotion (OnDemoted) forgot every backup since this fetch acknowledged.
            if (!_backups.TryGetValue(backup, out var b) || b.State is SyncState.Joining or SyncState.In)
                return;
            b.State = SyncState.Joining;
            b.JoinedAt = at;
            _dropped.Remove(backup);
            ready = ReadyLocked(b);
        }
        _logger.LogInformation("backup UpdateServer {Backup} caught up (log seq {Seq}); it is in the sync set", backup, at);
        if (ready)
            SyncSetChanged?.Invoke();
    }

    // Its acknowledgements stop advancing; it still counts until the RS confirmed it out.
    private void Leave(string backup)
    {
        lock (_lock)
        {
            if (!_backups.TryGetValue(backup, out var b) || !b.Counts)
                return;
            b.State = SyncState.Leaving;
        }
        SyncSetChanged?.Invoke();
    }

    // What the RS should hold now, or null when it already does (or this UPS is no master).
    public SyncSetReport? PendingReport()
    {
        lock (_lock)
        {
            if (!_lease.IsMaster || (_rsConfirmed && !_backups.Values.Any(b => b.State == SyncState.Leaving || ReadyLocked(b))))
                return null;
            return new SyncSetReport(_epoch,
                [.. _backups.Where(b => b.Value.State == SyncState.In || ReadyLocked(b.Value)).Select(b => b.Key).Order(StringComparer.Ordinal)]);
        }
    }

    // The RS persisted `held` for the report of `epoch`: leaving backups it no longer holds stop
    // counting, so writes they lack may now be acknowledged.
    public void ConfirmReport(long epoch, IReadOnlyCollection<string> held)
    {
        List<string>? dropped = null;
        lock (_lock)
        {
            if (epoch != _epoch)
                return;
            foreach (var (address, b) in _backups)
            {
                var holds = held.Contains(address);
                if (b.State == SyncState.Joining && holds)
                    b.State = SyncState.In;
                else if (b.State == SyncState.In && !holds)
                    b.State = SyncState.Joining;
                else if (b.State == SyncState.Leaving && !holds)
                {
                    b.State = SyncState.Out;
                    _dropped.Add(address);
                    (dropped ??= []).Add(address);
                }
            }
            _rsConfirmed = true;
        }
        foreach (var address in dropped ?? [])
            _logger.LogWarning("backup UpdateServer {Backup} left the sync set; the RootServer holds it as out of sync", address);
        CompleteWaiters();
    }

    // The RS named another master (the lease is revoked, the gate closed): none of this UPS's own
    // writes still in flight may be acknowledged.
    public void OnRoleLost() => OnDemoted();

    // This UPS is no longer the master: nobody may be told a write in flight succeeded.
    public void OnDemoted()
    {
        Interlocked.Exchange(ref _shippedEnd, 0);
        List<Waiter> failed;
        lock (_completeLock)
        {
            lock (_lock)
            {
                _backups.Clear();
                _dropped.Clear();
                _rsConfirmed = false;
                _epoch++;
                failed = [.. _waiters];
                _waiters.Clear();
            }
            foreach (var w in failed)
                w.Done.TrySetResult(false);
        }
        _majority.FailAll();
    }

    // The log was cut back (reconciliation): cached batches may hold dropped entries.
    public void OnLogTruncated()
    {
        Interlocked.Exchange(ref _shippedEnd, 0);
        _cache.Clear();
    }

    private ulong SyncedLocked(ulong whenNone)
    {
        var synced = ulong.MaxValue;
        foreach (var b in _backups.Values)
        {
            if (b.Counts)
                synced = Math.Min(synced, _options.SyncType == 1 ? b.Received : b.Durable);
        }
        return synced == ulong.MaxValue ? whenNone : synced;
    }

    // Completes, in log order, every waiter the sync set has acknowledged.
    private void CompleteWaiters()
    {
        lock (_completeLock)
        {
            List<Waiter>? ready = null;
            lock (_lock)
            {
                if (!_rsConfirmed && _options.SyncType != 0)
                    return;
                var synced = SyncedLocked(ulong.MaxValue);
                while (_waiters.TryPeek(out var w) && w.Sequence <= synced)
                    (ready ??= []).Add(_waiters.Dequeue());
            }
            if (ready is null)
                return;
            foreach (var w in ready)
                w.Done.TrySetResult(true);
        }
    }

    private async Task WatchTimeoutsAsync(CancellationToken ct)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.SyncTimeout.TotalMilliseconds / 4, 10, 100));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                DropLateBackups();
                _majority.ExpireLate(_options.LogSyncTimeout);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void DropLateBackups()
    {
        List<string>? late = null;
        lock (_lock)
        {
            if (!_waiters.TryPeek(out var oldest) || _lease.ElapsedSince(oldest.Since) < _options.SyncTimeout)
                return;
            if (!_lease.HoldsLease)
            {
                // Without a lease another master may already be writing: these writes stay unacknowledged.
                late = null;
            }
            else
            {
                foreach (var (address, b) in _backups)
                {
                    if ((b.State is SyncState.Joining or SyncState.In) && (_options.SyncType == 1 ? b.Received : b.Durable) < oldest.Sequence)
                    {
                        b.State = SyncState.Leaving;
                        (late ??= []).Add(address);
                    }
                }
            }
        }
        if (late is null)
        {
            if (!_lease.HoldsLease)
                OnDemoted();
            return;
        }
        foreach (var address in late)
        {
            _logger.LogWarning("backup UpdateServer {Backup} did not acknowledge within {Timeout}; dropping it from the sync set once the RootServer confirms",
                address, _options.SyncTimeout);
        }
        SyncSetChanged?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _timeouts.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        OnDemoted();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Out: not waited for. Joining: caught up (at JoinedAt), waited for, not yet reported. In: reported.
    // Leaving: late, still waited for until the RS confirmed it out.
    private enum SyncState { Out, Joining, In, Leaving }

    private sealed class BackupState
    {
        public ulong Received;
        public ulong Durable;
        public SyncState State;
        public ulong JoinedAt;

        public bool Counts => State != SyncState.Out;
    }

    private readonly record struct Waiter(ulong Sequence, TaskCompletionSource<bool> Done, long Since);
}

public sealed record SyncSetReport(long Epoch, IReadOnlyList<string> InSync);
