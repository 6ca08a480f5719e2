using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Checksums;
using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.CommitLog;

// Group commit: appenders enqueue encoded entries and await a Task; one loop thread drains
// everything queued, offers the batch to the replicator (majority mode ships it to the backups
// now, so their fsyncs overlap this one), writes it with one write and one fsync, reports the
// batch durable (the committed-version watermark and the commit point move here, in log order),
// then completes every appender of the batch (with a replicator: once it says so). RPC handlers'
// continuations run inside an RpcReplyBatch, so a batch's replies to one caller leave in one send.
// The completion is pipelined (BatchCompleter): when entries are already queued for the next batch
// as a write ends, the batch's appenders are handed to the completer thread and the loop starts the
// next write and fsync at once, so the disk no longer idles while replies go out (session 20 timed
// that at a quarter of each cycle); with nothing queued the loop completes inline, as before, which
// costs no wake-up. "At once" includes the group-commit wait: a batch already queued as the previous
// write ended is written without waiting for more writers (they would only have been taken from the
// batch after it, while the disk idled); the wait gathers writers only after the loop found nothing
// to do. Never a thread-pool hop: a hop per write costs a wake each, and a hop per batch
// whatever the queue measured slower (the time spent completing let the next batch fill). A write failure (a full disk)
// ends this committer: the failed batch is cut from the file, every waiting and later append fails
// (the UPS must not acknowledge anything it could not log), and the UpdateServer reopens the engine
// from disk once there is room again (LogFailureRecovery).
public sealed class GroupCommitter : IAsyncDisposable
{
    private const int MaxBatchBytes = 8 << 20;
    // The group-commit wait gathers up to this many entries (or this many bytes) at most.
    private const int MaxWaitEntries = 256;
    private const int MaxWaitBytes = 1 << 20;
    // The group-commit wait ends once no entry arrived for this long.
    private static readonly TimeSpan QuietGap = TimeSpan.FromMicroseconds(40);
    // A batch's life, for profiles (OperationTimers; count per batch or per wait): the loop asleep with
    // nothing queued, the group-commit wait, the age of a batch's oldest entry when the loop takes it,
    // the write and fsync, and the completion of its appenders (their replies run inline).
    private static readonly OperationTimer IdleTimer = OperationTimers.Get("ups.commit_idle");
    private static readonly OperationTimer GatherTimer = OperationTimers.Get("ups.commit_gather");
    private static readonly OperationTimer QueuedTimer = OperationTimers.Get("ups.commit_queued");
    private static readonly OperationTimer WriteTimer = OperationTimers.Get("ups.commit_write");

    private readonly CommitLogWriter _writer;
    private readonly Action<ulong> _onDurable;
    private readonly UpsFaults _faults;
    private readonly ILogger _logger;
    private readonly ILogReplicator? _replicator;
    private readonly BatchCompleter _completer = new();
    private readonly Lock _queueLock = new();
    // The loop sleeps on this when the queue is empty; an appender that finds it asleep wakes it.
    // Not a SemaphoreSlim: its Wait spins with sched_yield before it sleeps, after every batch, and
    // that spin cost the writers' CPU (oltp_insert measured 7-11% faster without it).
    private readonly ManualResetEventSlim _wakeup = new(false, spinCount: 0);
    private bool _loopSleeping;
    private readonly Thread _thread;
    private readonly long _waitTicks;
    private readonly long _gapTicks;
    private int _queuedBytes;
    // When the first entry of what is queued now arrived (Stopwatch timestamp).
    private long _firstQueuedAt;
    private int _lastBatchEntries;
    // Loop thread only: the last write ended with the next batch already queued (its appenders went
    // to the completer), so that batch goes to the disk without the group-commit wait.
    private bool _pipelined;
    private List<PendingEntry> _queue = [];
    private ulong _nextSequence;
    // The payload CRC of entry _nextSequence - 1, once this committer appended it (a dump's
    // manifest records it; before the first append it is only in the log file).
    private ulong? _lastPayloadCrc;
    private ulong _durableSequence;
    // The term of entry _durableSequence (what a majority election compares).
    private ulong _durableTerm;
    // The highest sequence whose writers were answered: the commit point new entries carry.
    private ulong _acknowledgedSequence;
    private long _batches;
    private long _groupWaits;
    private long _entries;
    private Exception? _failure;
    private volatile bool _stopping;

    // `onDurable(maxCommitVersion)` runs on the loop thread after each durable batch, before its
    // appenders are completed (with a replicator: once the batch is also replicated).
    // `lastTerm`/`commitPoint`: of the log as replayed (CommitLogReplayResult).
    public GroupCommitter(CommitLogWriter writer, ulong lastSequence, Action<ulong> onDurable, UpsFaults faults, ILogger logger,
        ILogReplicator? replicator = null, TimeSpan groupCommitWait = default, ulong lastTerm = 0, ulong commitPoint = 0)
    {
        _durableTerm = lastTerm;
        _acknowledgedSequence = commitPoint;
        _waitTicks = (long)(groupCommitWait.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _gapTicks = Math.Min(_waitTicks, (long)(QuietGap.TotalSeconds * System.Diagnostics.Stopwatch.Frequency));
        _replicator = replicator;
        _writer = writer;
        _nextSequence = lastSequence + 1;
        _durableSequence = lastSequence;
        _onDurable = onDurable;
        _faults = faults;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "ups-group-commit" };
        _exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread.Start();
    }

    public long Batches => Interlocked.Read(ref _batches);
    // How many batches held the group-commit wait open for more writers (never for a lone writer).
    public long GroupWaits => Interlocked.Read(ref _groupWaits);
    public long Entries => Interlocked.Read(ref _entries);
    // Batches whose appenders were completed by the completer thread while the loop wrote on.
    public long HandedOver => _completer.HandedOver;
    public long Fsyncs => _writer.Fsyncs;
    public long Rotations => _writer.Rotations;
    public ulong DurableSequence => Interlocked.Read(ref _durableSequence);
    public ulong DurableTerm => Interlocked.Read(ref _durableTerm);
    public ulong AcknowledgedSequence => Interlocked.Read(ref _acknowledgedSequence);
    public Exception? Failure => Volatile.Read(ref _failure);

    // The last sequence handed out (queued, maybe not yet durable).
    public ulong LastSequence
    {
        get { lock (_queueLock) return _nextSequence - 1; }
    }

    // LastSequence and that entry's payload CRC (null when it was written before this committer).
    public (ulong Sequence, ulong? PayloadCrc) LastEntry
    {
        get { lock (_queueLock) return (_nextSequence - 1, _lastPayloadCrc); }
    }

    // `entry` comes from CommitLogPayload.EncodeWithHeaderSpace; the header and stamp are filled here.
    // The task completes with the entry's log sequence once it is durable. Called under the
    // engine's apply lock, so log order is MemTable apply order (and the checksums chain).
    public Task<ulong> AppendAsync(byte[] entry, ulong commitVersion, ulong checksumBefore, ulong checksumAfter)
    {
        var payloadLength = entry.Length - CommitLogEntryHeader.Size;
        if (payloadLength > CommitLogEntryHeader.MaxPayloadLength)
            ThrowTooLarge(payloadLength);
        // Read before the sequence is assigned: a commit point at most what was committed then.
        var stamp = new EntryStamp(_replicator?.Term ?? 0, AcknowledgedSequence);
        stamp.WriteTo(entry.AsSpan(CommitLogEntryHeader.Size));
        var crc = Crc64.Compute(entry.AsSpan(CommitLogEntryHeader.Size));
        var done = NewCompletion();
        bool wake;
        lock (_queueLock)
        {
            if (_failure is not null)
                return Task.FromException<ulong>(new IOException("commit log is unavailable", _failure));
            if (_stopping)
                return Task.FromException<ulong>(new ObjectDisposedException(nameof(GroupCommitter)));
            var sequence = _nextSequence++;
            _lastPayloadCrc = crc;
            new CommitLogEntryHeader((uint)payloadLength, sequence, commitVersion, crc, checksumBefore, checksumAfter).WriteTo(entry);
            if (_queue.Count == 0)
                _firstQueuedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            _queue.Add(new PendingEntry(entry, sequence, sequence, commitVersion, done, stamp.Term));
            _queuedBytes += entry.Length;
            wake = ClaimSleepingLoop();
        }
        if (wake)
            _wakeup.Set();
        return done.Task;
    }

    // A backup: whole entries the master wrote, already sequenced, appended as they are. The
    // task completes with their last sequence once they are durable here.
    public Task<ulong> AppendShippedAsync(byte[] entries, ulong firstSequence, ulong lastSequence, ulong lastPayloadCrc, ulong maxCommitVersion,
        ulong lastTerm = 0)
    {
        var done = NewCompletion();
        bool wake;
        lock (_queueLock)
        {
            if (_failure is not null)
                return Task.FromException<ulong>(new IOException("commit log is unavailable", _failure));
            if (_stopping)
                return Task.FromException<ulong>(new ObjectDisposedException(nameof(GroupCommitter)));
            if (firstSequence != _nextSequence)
                throw new InvalidOperationException($"shipped log starts at {firstSequence}, the log continues at {_nextSequence}");
            _nextSequence = lastSequence + 1;
            _lastPayloadCrc = lastPayloadCrc;
            if (_queue.Count == 0)
                _firstQueuedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            _queue.Add(new PendingEntry(entries, firstSequence, lastSequence, maxCommitVersion, done, lastTerm, Shipped: true));
            _queuedBytes += entries.Length;
            wake = ClaimSleepingLoop();
        }
        if (wake)
            _wakeup.Set();
        return done.Task;
    }

    // A follower: its master says entries up to `sequence` are committed (the commit point this UPS
    // stamps into its own entries once promoted). Never moves back.
    public void MarkCommitted(ulong sequence) => Acknowledged(sequence);

    // An append made by an RPC handler is completed on the loop thread, running the handler's
    // reply inline; any other caller (tests, background work) continues on the thread pool, so
    // its code never runs on, or blocks, the loop.
    private readonly TaskCompletionSource _exited;

    private static TaskCompletionSource<ulong> NewCompletion() =>
        new(RpcReplyBatch.InHandler ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);

    private void Run()
    {
        try
        {
            Loop();
        }
        finally
        {
            _completer.Finish();
            _exited.TrySetResult();
        }
    }

    private void Loop()
    {
        var drained = new List<PendingEntry>();
        while (true)
        {
            WaitForWork();
            WaitForMoreEntries();
            long firstQueuedAt;
            lock (_queueLock)
            {
                (drained, _queue) = (_queue, drained);
                _queuedBytes = 0;
                firstQueuedAt = _firstQueuedAt;
            }
            if (drained.Count > 0)
            {
                _lastBatchEntries = drained.Count;
                QueuedTimer.Stop(firstQueuedAt);
            }
            if (drained.Count == 0)
            {
                if (_stopping)
                    return;
                continue;
            }
            for (var start = 0; start < drained.Count;)
            {
                var end = TakeBatch(drained, start, out var bytes);
                if (!WriteBatch(drained, start, end, bytes))
                {
                    FailRemaining(drained, start);
                    break;
                }
                start = end;
            }
            drained.Clear();
        }
    }

    private bool HasQueued()
    {
        lock (_queueLock)
            return _queue.Count > 0;
    }

    // Under _queueLock: whether the caller, having queued work, must wake the loop.
    private bool ClaimSleepingLoop()
    {
        var sleeping = _loopSleeping;
        _loopSleeping = false;
        return sleeping;
    }

    private void WaitForWork()
    {
        _wakeup.Reset();
        lock (_queueLock)
        {
            if (_queue.Count > 0 || _stopping)
                return;
            _loopSleeping = true;
        }
        var asleep = System.Diagnostics.Stopwatch.GetTimestamp();
        _wakeup.Wait();
        IdleTimer.Stop(asleep);
    }

    // The group-commit wait: when the last batch showed concurrent writers and fewer than that many
    // are queued now, give them up to the configured wait to join this batch (one fsync for all).
    // A lone writer (last batch of one) never waits, and the wait ends early once no entry arrived
    // for a gap: writers that are not already on their way will not make it (each yield costs CPU the
    // writers need). Yields rather than sleeps: the wait is µs. Never right after a pipelined write
    // (_pipelined): the queued batch is written at once.
    private void WaitForMoreEntries()
    {
        var target = Math.Min(_lastBatchEntries, MaxWaitEntries);
        var pipelined = _pipelined;
        _pipelined = false;
        if (_waitTicks <= 0 || target <= 1 || _stopping || pipelined)
            return;
        Interlocked.Increment(ref _groupWaits);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            Gather(target, now);
        }
        finally
        {
            GatherTimer.Stop(now);
        }
    }

    private void Gather(int target, long now)
    {
        var deadline = now + _waitTicks;
        var quietUntil = now + _gapTicks;
        var seen = 0;
        while (now < deadline && now < quietUntil)
        {
            lock (_queueLock)
            {
                if (_queue.Count == 0 || _queue.Count >= target || _queuedBytes >= MaxWaitBytes || _failure is not null)
                    return;
                if (_queue.Count != seen)
                {
                    seen = _queue.Count;
                    quietUntil = now + _gapTicks;
                }
            }
            Thread.Yield();
            now = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }

    private static int TakeBatch(List<PendingEntry> entries, int start, out int bytes)
    {
        bytes = entries[start].Bytes.Length;
        var end = start + 1;
        while (end < entries.Count && bytes + entries[end].Bytes.Length <= MaxBatchBytes)
            bytes += entries[end++].Bytes.Length;
        return end;
    }

    private bool WriteBatch(List<PendingEntry> entries, int start, int end, int bytes)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            var offset = 0;
            // Shipped entries become visible and committed when a commit point covers them
            // (UpdateEngine.ApplyCommitted), not when they are durable here.
            ulong maxVersion = 0, lastOwn = 0;
            for (var i = start; i < end; i++)
            {
                entries[i].Bytes.CopyTo(buffer, offset);
                offset += entries[i].Bytes.Length;
                if (!entries[i].Shipped)
                {
                    maxVersion = Math.Max(maxVersion, entries[i].CommitVersion);
                    lastOwn = entries[i].LastSequence;
                }
            }
            _faults.Hit(UpsFaults.BeforeLogWrite);
            _replicator?.BatchFormed(buffer.AsSpan(0, bytes), entries[start].Sequence, entries[end - 1].LastSequence);
            _faults.Hit(UpsFaults.AfterShipBeforeLogWrite);
            var writing = System.Diagnostics.Stopwatch.GetTimestamp();
            _writer.Write(buffer.AsSpan(0, bytes), entries[start].Sequence);
            WriteTimer.Stop(writing);
            _faults.Hit(UpsFaults.AfterLogWriteBeforeAck);
            Interlocked.Exchange(ref _durableTerm, entries[end - 1].Term);
            Interlocked.Exchange(ref _durableSequence, entries[end - 1].LastSequence);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _entries, end - start);
            var replicated = _replicator?.ReplicateAsync(buffer.AsMemory(0, bytes), entries[start].Sequence, entries[end - 1].LastSequence, lastOwn != 0);
            if (replicated is { IsCompleted: false })
            {
                // Replies wait for the backups; the loop goes on writing the next batches meanwhile.
                var batch = entries.GetRange(start, end - start);
                replicated.ContinueWith(t => Complete(batch, maxVersion, lastOwn, t), CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return true;
            }
            if (replicated is { IsCompletedSuccessfully: true, Result: false } or { IsFaulted: true })
            {
                Complete(entries.GetRange(start, end - start), maxVersion, lastOwn, replicated);
                return true;
            }
            _onDurable(maxVersion);
            Acknowledged(lastOwn);
        }
        catch (Exception ex)
        {
            _logger.LogCritical(ex, "commit log write failed; this log takes no more writes (the UpdateServer reopens it once the disk has room)");
            RollBack();
            _replicator?.LocalWriteFailed();
            lock (_queueLock)
            {
                _failure = ex;
            }
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        // Durable and published: the appenders may hear it now, while the next batch is written.
        _pipelined = end < entries.Count || HasQueued();
        _completer.CompleteOrHandOver(entries, start, end, overlap: _pipelined);
        return true;
    }

    // The failed batch leaves no bytes in the log, so a reopen replays exactly what was acknowledged.
    // When even the cut fails, replay cuts what it can as a torn tail (an entry of the failed batch
    // written whole may then come back: it was reported failed, its outcome unknown, never acknowledged).
    private void RollBack()
    {
        try
        {
            _writer.RollBack();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "cutting the failed batch from the commit log failed");
        }
    }

    // After replication: acknowledged, or (the master role was lost first, or no majority had it in
    // time: the replicator's error) an unknown outcome.
    private void Complete(List<PendingEntry> entries, ulong maxVersion, ulong lastOwn, Task<bool> replicated)
    {
        if (!replicated.IsCompletedSuccessfully || !replicated.Result)
        {
            var error = replicated.Exception?.InnerException ?? new ReplicationAbortedException();
            foreach (var entry in entries)
                entry.Done.TrySetException(error);
            return;
        }
        _onDurable(maxVersion);
        Acknowledged(lastOwn);
        using (RpcReplyBatch.Begin())
        {
            foreach (var entry in entries)
                entry.Done.TrySetResult(entry.LastSequence);
        }
    }

    private void Acknowledged(ulong sequence)
    {
        var current = Interlocked.Read(ref _acknowledgedSequence);
        while (sequence > current)
        {
            var seen = Interlocked.CompareExchange(ref _acknowledgedSequence, sequence, current);
            if (seen == current)
                return;
            current = seen;
        }
    }

    private void FailRemaining(List<PendingEntry> drained, int start)
    {
        var error = new IOException("commit log write failed", _failure);
        for (var i = start; i < drained.Count; i++)
            drained[i].Done.TrySetException(error);
        List<PendingEntry> late;
        lock (_queueLock)
        {
            late = _queue;
            _queue = [];
        }
        foreach (var entry in late)
            entry.Done.TrySetException(error);
    }

    [DoesNotReturn]
    private static void ThrowTooLarge(int length) =>
        throw new ArgumentException($"commit log entry of {length} bytes exceeds {CommitLogEntryHeader.MaxPayloadLength}");

    // Drains what is queued, then stops the loop and closes the file. The caller awaits the loop's
    // exit instead of joining its thread, so no thread blocks on the way down.
    public async ValueTask DisposeAsync()
    {
        if (Thread.CurrentThread == _thread)
            throw new InvalidOperationException("the group commit loop cannot stop itself");
        lock (_queueLock)
        {
            if (_stopping)
                return;
            _stopping = true;
            _loopSleeping = false;
        }
        _wakeup.Set();
        await _exited.Task.ConfigureAwait(false);
        await _completer.Exited.ConfigureAwait(false);
        _writer.Dispose();
        _wakeup.Dispose();
    }

    // Sequence is the first sequence of the bytes (one entry, or a shipped block up to LastSequence).
    internal readonly record struct PendingEntry(byte[] Bytes, ulong Sequence, ulong LastSequence, ulong CommitVersion, TaskCompletionSource<ulong> Done,
        ulong Term, bool Shipped = false);
}
