using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.Replication;

// Majority commit (OceanBase 0.5, Cedar, CBASE) on the master: an entry is committed once a
// majority of the UpdateServer group, this master included, has it fsynced in this master's term;
// its writers are answered then, never before and never "anyway". Backups report what they have
// fsynced with each FetchLog. Only entries from the master's first entry of its term on (its
// term-start entry) count: an older entry becomes committed when a newer one of this term does,
// never by its own count (an entry of an old term on a majority may still be replaced, Raft §5.4.2).
// A waiter not committed within log_sync_timeout fails with NoReplicationMajority: nothing is
// acknowledged, the entry stays in the log and may still commit later (unknown outcome).
// Before answering, the master checks its lease on the monotonic clock (`mayAcknowledge`): a
// master resumed after a pause past its lease answers nobody.
// A backup may hold entries this master has not written yet (they are shipped while the master's
// own write runs); if that write fails they are cut here and their sequences reused, so an
// acknowledgement counts only for the log incarnation the backup verified its log against.
public sealed class MajorityCommit(Func<bool> mayAcknowledge, Func<long> now, Func<long, TimeSpan> elapsedSince)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ulong> _backupDurable = new(StringComparer.Ordinal);
    private readonly Queue<Waiter> _waiters = new();
    private ulong _ownDurable;
    private ulong _termStart;
    private ulong _commitPoint;
    private int _groupSize = 1;
    private ulong _incarnation = (ulong)Random.Shared.NextInt64(1, long.MaxValue);

    // The master's log as backups verify it (FetchLogResponse.log_incarnation).
    public ulong Incarnation
    {
        get { lock (_lock) return _incarnation; }
    }

    // The log may have lost entries it already shipped: no backup's acknowledgement counts until it
    // verified its log against this incarnation.
    public void NewIncarnation()
    {
        lock (_lock)
        {
            _incarnation = _incarnation == long.MaxValue ? 1 : _incarnation + 1;
            _backupDurable.Clear();
        }
    }

    // The highest sequence known committed on a majority in this term (0 before the term-start entry is).
    public ulong CommitPoint
    {
        get { lock (_lock) return _commitPoint; }
    }

    public int GroupSize
    {
        get { lock (_lock) return _groupSize; }
    }

    // How many UpdateServers (the master included) must have an entry.
    public int Quorum
    {
        get { lock (_lock) return _groupSize / 2 + 1; }
    }

    // The fsynced ends the backups reported in this term.
    public IReadOnlyDictionary<string, ulong> BackupDurable
    {
        get { lock (_lock) return new Dictionary<string, ulong>(_backupDurable, StringComparer.Ordinal); }
    }

    public void SetGroupSize(int members)
    {
        lock (_lock)
            _groupSize = Math.Max(1, members);
        Advance();
    }

    // This UPS became master of a term whose first entry gets `termStart`: counts start afresh.
    public void BeginTerm(ulong termStart)
    {
        lock (_lock)
        {
            _termStart = termStart;
            _commitPoint = 0;
            _ownDurable = 0;
            _backupDurable.Clear();
        }
    }

    // `incarnation`: the log incarnation the backup's log matched (an acknowledgement for an older one counts for nothing).
    public void Acknowledge(string backup, ulong durable, ulong incarnation)
    {
        lock (_lock)
        {
            if (incarnation != _incarnation)
                return;
            _backupDurable.TryGetValue(backup, out var had);
            _backupDurable[backup] = Math.Max(had, durable);
        }
        Advance();
    }

    // The backup is no longer counted (its log diverged, or it knows a newer term).
    public void Forget(string backup)
    {
        lock (_lock)
            _backupDurable.Remove(backup);
    }

    // An own batch ending at `lastSequence` is durable here: answered once committed.
    public Task<bool> WaitAsync(ulong lastSequence)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _ownDurable = Math.Max(_ownDurable, lastSequence);
            _waiters.Enqueue(new Waiter(lastSequence, done, now()));
        }
        Advance();
        return done.Task;
    }

    // Demoted: nobody in flight may be told anything succeeded (false: outcome unknown).
    public void FailAll()
    {
        List<Waiter> failed;
        lock (_lock)
        {
            failed = [.. _waiters];
            _waiters.Clear();
            _termStart = 0;
            _backupDurable.Clear();
        }
        foreach (var w in failed)
            w.Done.TrySetResult(false);
    }

    // Waiters older than `timeout` fail with NoReplicationMajority (their entries stay in the log).
    public void ExpireLate(TimeSpan timeout)
    {
        List<Waiter>? late = null;
        int quorum;
        lock (_lock)
        {
            quorum = _groupSize / 2 + 1;
            while (_waiters.TryPeek(out var w) && elapsedSince(w.Since) >= timeout)
                (late ??= []).Add(_waiters.Dequeue());
        }
        if (late is null)
            return;
        var error = new RpcException(WireErrorCodes.NoReplicationMajority,
            $"no majority of the UpdateServers ({quorum} of {GroupSize}) logged this write within log_sync_timeout {timeout.TotalSeconds}s; " +
            "it was not acknowledged and may still commit (outcome unknown)");
        foreach (var w in late)
            w.Done.TrySetException(error);
    }

    // Recomputes the commit point and answers, in log order, every waiter it covers.
    private void Advance()
    {
        List<Waiter>? ready = null;
        lock (_lock)
        {
            if (_termStart == 0)
                return;
            var candidate = MajorityDurableLocked();
            if (candidate >= _termStart && candidate > _commitPoint)
                _commitPoint = candidate;
            while (_waiters.TryPeek(out var w) && w.Sequence <= _commitPoint)
                (ready ??= []).Add(_waiters.Dequeue());
        }
        if (ready is null)
            return;
        var acknowledge = mayAcknowledge();
        foreach (var w in ready)
            w.Done.TrySetResult(acknowledge);
    }

    // The highest sequence that at least a quorum (this master included) has fsynced.
    private ulong MajorityDurableLocked()
    {
        var quorum = _groupSize / 2 + 1;
        Span<ulong> ends = stackalloc ulong[_backupDurable.Count + 1];
        ends[0] = _ownDurable;
        var i = 1;
        foreach (var durable in _backupDurable.Values)
            ends[i++] = Math.Min(durable, _ownDurable);
        if (ends.Length < quorum)
            return 0;
        ends.Sort();
        return ends[^quorum];
    }

    private readonly record struct Waiter(ulong Sequence, TaskCompletionSource<bool> Done, long Since);
}
