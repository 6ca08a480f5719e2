using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Replication;

// Stage-0 replication (0.4): backups long-poll the master for its log (FetchLog) and each fetch
// acknowledges what the backup has received and fsynced. A backup that has fetched up to the
// master's end joins the sync set; a batch's writers get their reply once every sync-set backup
// acknowledged it (wait_slave_sync_type 1: received, 2: fsynced; 0: at once). A backup that does
// not acknowledge within slave_sync_timeout leaves the sync set (logged, reported to the RS) and
// rejoins once it has caught up again.
public sealed class LogShippingReplicator : ILogReplicator, IDisposable
{
    private readonly ReplicationOptions _options;
    private readonly UpsLease _lease;
    private readonly Func<ulong> _durableSequence;
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

    public LogShippingReplicator(ReplicationOptions options, UpsLease lease, Func<ulong> durableSequence, ILogger logger)
    {
        _options = options;
        _lease = lease;
        _durableSequence = durableSequence;
        _logger = logger;
        _timeouts = Task.Run(() => WatchTimeoutsAsync(_stop.Token));
    }

    public int SyncType => _options.SyncType;
    public RecentLogCache Cache => _cache;

    public IReadOnlyList<string> SyncBackups
    {
        get { lock (_lock) return [.. _backups.Where(b => b.Value.InSync).Select(b => b.Key).Order(StringComparer.Ordinal)]; }
    }

    public IReadOnlyList<string> DroppedBackups
    {
        get { lock (_lock) return [.. _dropped.Order(StringComparer.Ordinal)]; }
    }

    // The highest sequence every sync-set backup has acknowledged (the local end when none).
    public ulong SyncedSequence
    {
        get { lock (_lock) return SyncedLocked(_durableSequence()); }
    }

    public ulong AcknowledgedBy(string backup)
    {
        lock (_lock)
            return _backups.TryGetValue(backup, out var b) ? b.Durable : 0;
    }

    public Task<bool> ReplicateAsync(ReadOnlyMemory<byte> batch, ulong firstSequence, ulong lastSequence)
    {
        _cache.Add(batch.Span, firstSequence, lastSequence);
        Interlocked.Exchange(ref _newData, NewSignal()).TrySetResult();
        lock (_lock)
        {
            if (_options.SyncType == 0 || !_backups.Values.Any(b => b.InSync) || SyncedLocked(lastSequence) >= lastSequence)
                return Task.FromResult(true);
            var done = new TaskCompletionSource<bool>();
            _waiters.Enqueue(new Waiter(lastSequence, done, _lease.Now));
            return done.Task;
        }
    }

    public async ValueTask<FetchLogResponse> FetchAsync(FetchLogRequest request, CancellationToken ct)
    {
        if (!_lease.IsMaster)
            throw new RpcException(UpsErrorCodes.NotMaster, "not the UpdateServer master: fetch the log from the master");
        var signal = Volatile.Read(ref _newData).Task;
        var durable = _durableSequence();
        var response = new FetchLogResponse { MasterSeq = durable, SyncType = _options.SyncType };
        if (NeededDump(request.FromSeq, durable, request.VerifyPrev) is var dump and > 0)
        {
            response.NeedsDumpSeq = dump;
            return response;
        }
        if (request.FromSeq > durable + 1 || (request.VerifyPrev && request.FromSeq > 1 && EntryCrc(request.FromSeq - 1) != request.PrevCrc))
        {
            // Its acknowledgements count for nothing until it has cut its log back to ours.
            response.Diverged = true;
            Leave(request.Backup);
            return response;
        }
        Acknowledge(request);
        if (request.MaxBytes == 0)
            return response;
        if (request.FromSeq == durable + 1)
        {
            Join(request.Backup, durable);
            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(Math.Clamp(request.WaitMs, 0, 10_000)), ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return response;
            }
            durable = _durableSequence();
            response.MasterSeq = durable;
            if (request.FromSeq > durable)
                return response;
        }
        var maxBytes = Math.Clamp(request.MaxBytes, 1, _options.MaxFetchBytes);
        var (bytes, first, last) = _cache.Read(request.FromSeq, durable, maxBytes)
            ?? CommitLogReader.Read(_options.LogDirectory, request.FromSeq, durable, maxBytes);
        if (last == durable)
            Join(request.Backup, durable);
        response.Entries = UnsafeByteOperations.UnsafeWrap(bytes);
        response.FirstSeq = first;
        response.LastSeq = last;
        return response;
    }

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

    private void Acknowledge(FetchLogRequest request)
    {
        lock (_lock)
        {
            if (!_backups.TryGetValue(request.Backup, out var b))
                _backups[request.Backup] = b = new BackupState();
            b.Received = Math.Max(request.ReceivedSeq, request.DurableSeq);
            b.Durable = request.DurableSeq;
        }
        CompleteWaiters();
    }

    private void Join(string backup, ulong at)
    {
        lock (_lock)
        {
            var b = _backups[backup];
            if (b.InSync)
                return;
            b.InSync = true;
            _dropped.Remove(backup);
        }
        _logger.LogInformation("backup UpdateServer {Backup} caught up (log seq {Seq}); it is in the sync set", backup, at);
    }

    private void Leave(string backup)
    {
        lock (_lock)
        {
            if (_backups.TryGetValue(backup, out var b))
                b.InSync = false;
        }
        CompleteWaiters();
    }

    // This UPS is no longer the master: nobody may be told a write in flight succeeded.
    public void OnDemoted()
    {
        List<Waiter> failed;
        lock (_completeLock)
        {
            lock (_lock)
            {
                _backups.Clear();
                _dropped.Clear();
                failed = [.. _waiters];
                _waiters.Clear();
            }
            foreach (var w in failed)
                w.Done.TrySetResult(false);
        }
    }

    // The log was cut back (reconciliation): cached batches may hold dropped entries.
    public void OnLogTruncated() => _cache.Clear();

    private ulong SyncedLocked(ulong whenNone)
    {
        var synced = ulong.MaxValue;
        foreach (var b in _backups.Values)
        {
            if (b.InSync)
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
                DropLateBackups();
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
                    if (b.InSync && (_options.SyncType == 1 ? b.Received : b.Durable) < oldest.Sequence)
                    {
                        b.InSync = false;
                        _dropped.Add(address);
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
            _logger.LogWarning("backup UpdateServer {Backup} did not acknowledge within {Timeout}; dropped from the sync set", address, _options.SyncTimeout);
        CompleteWaiters();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _timeouts.Wait();
        OnDemoted();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class BackupState
    {
        public ulong Received;
        public ulong Durable;
        public bool InSync;
    }

    private readonly record struct Waiter(ulong Sequence, TaskCompletionSource<bool> Done, long Since);
}
