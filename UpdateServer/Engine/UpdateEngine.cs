using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Dump;
using OceanClassic.UpdateServer.MemTable;
using OceanClassic.UpdateServer.Transactions;

namespace OceanClassic.UpdateServer.Engine;

// The single writer. Every write runs one short critical section under the apply lock (check
// conditions, stamp the next commit version, link the increments into the MemTable, queue the
// log entry); the caller then waits, outside the lock, for its group-commit batch to be durable.
// Visibility follows durability: the committed-version watermark advances only when a batch is
// on disk, so readers at that watermark see whole transactions that a crash cannot take back.
// Every write first takes its rows' write locks (held to durability, or by a transaction to its
// end; see UpdateEngine.Transactions.cs), so conditions checked under a lock stay true.
public sealed partial class UpdateEngine : IAsyncDisposable
{
    private readonly Lock _applyLock = new();
    private readonly MemTable.MemTable _memTable;
    private readonly AutoIncrementCounters _autoInc = new();
    private readonly UpdateEngineOptions _options;
    private readonly CommittedVersionWatermark _watermark;
    private readonly GroupCommitter _committer;
    private readonly RowLockTable _locks = new();
    private readonly TransactionTable _transactions = new();
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _idleSweep;
    private ulong _lastVersion;
    // The running MemTable checksum (MemTableChecksum) after the last logged entry; under the apply lock.
    private ulong _checksum;

    // `dump`: the newest minor-freeze dump's chain, already loaded; the log is replayed after its point.
    private UpdateEngine(UpdateEngineOptions options, ILogger logger, (IReadOnlyList<DumpManifest> Chain, MemTable.MemTable MemTable, TimeSpan Took)? dump)
    {
        _options = options;
        _logger = logger;
        _memTable = dump?.MemTable ?? new MemTable.MemTable();
        var replayPoint = dump is { } d ? RestoreDumped(d.Chain, d.Took).LogSequence : 0;
        _writeMarks.Floor = _lastVersion;
        var logDir = Path.Combine(options.DataDir, CommitLogFiles.DirectoryName);
        _appliedSequence = replayPoint;
        var replay = CommitLogReplayer.Replay(logDir, ApplyReplayed, logger, replayPoint);
        // A lone UpdateServer (no replication) wrote and acknowledged its whole log.
        if (options.Replicator is null)
            ApplyHeldLocked(replay.LastSequence);
        _watermark = new CommittedVersionWatermark(_lastVersion);
        var writer = new CommitLogWriter(logDir, options.CommitLogSize, options.SyncLog, replay.LastFile, options.DirectIoLog);
        _committer = new GroupCommitter(writer, replay.LastSequence, _watermark.Advance, options.Faults, logger, options.Replicator,
            options.GroupCommitWait, replay.LastTerm, replay.CommitPoint);
        ReplayedEntries = replay.Entries;
        logger.LogInformation("commit log replayed: {Entries} entries, log seq {Seq}, committed version {Version}; {Held} entries above commit point {Commit} held",
            replay.Entries, replay.LastSequence, _lastVersion, _held.Count, replay.CommitPoint);
        _idleSweep = Task.Run(() => SweepIdleTransactionsAsync(_stop.Token));
    }

    // Loads the newest dump of <DataDir>/dump, then replays <DataDir>/commitlog after its point
    // (throws DumpCorruptException, or CommitLogCorruptException on damage that is not a torn tail).
    public static async Task<UpdateEngine> OpenAsync(UpdateEngineOptions options, ILogger logger, CancellationToken ct = default)
    {
        var dump = await DumpStore.LoadNewestAsync(options.DataDir, ct).ConfigureAwait(false);
        var engine = await Task.Run(() => new UpdateEngine(options, logger, dump), ct).ConfigureAwait(false);
        if (dump is not null)
            await DumpStore.PruneAsync(options.DataDir, Path.Combine(options.DataDir, CommitLogFiles.DirectoryName), ct).ConfigureAwait(false);
        return engine;
    }

    public MemTable.MemTable MemTable => _memTable;
    public ulong CommittedVersion => _watermark.Version;
    public ulong LogSequence => _committer.DurableSequence;
    public long CommitBatches => _committer.Batches;
    public long CommitGroupWaits => _committer.GroupWaits;
    public long Fsyncs => _committer.Fsyncs;
    public long LogRotations => _committer.Rotations;
    public int ReplayedEntries { get; }

    // Why the commit log takes no more writes (null while it does); the engine must be reopened.
    public Exception? LogFailure => _committer.Failure;

    // tx_id 0: autocommit (locks, applies and logs as one transaction, replies once durable).
    // Otherwise the mutations join that open transaction (ApplyInTransactionAsync). An update to
    // evaluate here (request.update) is UpdateEngine.EvaluatedUpdate.cs's.
    public ValueTask<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken ct) =>
        request.Begin is not null && request.TxId == 0 ? ApplyBeginningAsync(request, ct)
        : request.Update is not null ? ApplyEvaluatedUpdateAsync(request, ct)
        : request.TxId != 0 ? ApplyInTransactionAsync(request, ct) : ApplyAutocommitAsync(request, ct);

    private async ValueTask<ApplyResponse> ApplyAutocommitAsync(ApplyRequest request, CancellationToken ct)
    {
        var tx = PreparedTransaction.From(request);
        if (tx.Mutations.Count == 0 && tx.AutoInc.Count == 0)
            return new ApplyResponse { CommitVersion = _watermark.Version };
        var owner = new LockOwner(0);
        Task<ulong>? durable = null;
        try
        {
            // A conditional write whose row is locked right now is about to be changed by someone else:
            // its snapshot is stale, so it fails fast (the MergeServer redoes it under the lock).
            var wait = request.ExpectUnchangedSince != 0 ? RowLockWait.SkipLocked : RowLockWait.Wait;
            var lockWait = LockWaitBudget.Of(_options.LockWaitTimeout, request.LockWaitLimitMs);
            foreach (var (key, _) in tx.LockKeys())
            {
                if (!await _locks.AcquireAsync(owner, key, RowLockMode.Exclusive, wait, lockWait.Next(), ct).ConfigureAwait(false))
                    ThrowWriteConflict(key.RowKey);
            }
            ulong version;
            while (true)
            {
                await RevokeLeasesAsync(tx.Mutations, ct).ConfigureAwait(false);
                lock (_applyLock)
                {
                    EnsureWritable();
                    if (!LeasesClear(tx.Mutations))
                        continue;
                    CheckConditions(tx, request.ExpectUnchangedSince);
                    (version, durable) = LinkLocked(tx);
                }
                break;
            }
            MaybeMinorFreeze();
            // Awaited here rather than through AwaitDurableAsync: one state machine per write, not two.
            try
            {
                await durable.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                ThrowLogFailed(ex);
            }
            return new ApplyResponse { CommitVersion = version };
        }
        finally
        {
            ReleaseWhenDurable(owner, durable);
        }
    }

    // Under the apply lock, its checks passed: stamps the next commit version, links the mutations into the
    // MemTable, raises the AUTO_INCREMENT marks and queues the log entry.
    private (ulong Version, Task<ulong> Durable) LinkLocked(PreparedTransaction tx)
    {
        var version = ++_lastVersion;
        for (var i = 0; i < tx.Mutations.Count; i++)
        {
            var m = tx.Mutations[i];
            _memTable.Apply(m.TableId, m.RowKey, version, m.Kind, m.Cells);
        }
        MarkWritten(tx.Mutations, version);
        for (var i = 0; i < tx.AutoInc.Count; i++)
            _autoInc.Raise(tx.AutoInc[i].TableId, tx.AutoInc[i].HighWater);
        return (version, AppendLogged(tx.Entry, version, tx.Mutations));
    }

    // Row locks of a write are released once its log entry is durable (at once if it never got
    // that far); a caller that stops waiting early must not free its rows before that.
    private void ReleaseWhenDurable(LockOwner owner, Task<ulong>? durable)
    {
        if (owner.HeldCount == 0)
            return;
        if (durable is null || durable.IsCompleted)
        {
            _locks.ReleaseAll(owner);
            return;
        }
        durable.ContinueWith((_, state) => _locks.ReleaseAll((LockOwner)state!), owner,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async ValueTask<AllocAutoIncResponse> AllocAutoIncAsync(AllocAutoIncRequest request, CancellationToken ct)
    {
        var count = Math.Max(1, request.Count);
        ulong first;
        Task<ulong> durable;
        lock (_applyLock)
        {
            EnsureWritable();
            first = _autoInc.Allocate(request.TableId, count);
            var entry = new CommitLogPayload([], [new AutoIncMark(request.TableId, first + count - 1)]).EncodeWithHeaderSpace();
            durable = AppendLogged(entry, commitVersion: 0, []);
        }
        await AwaitDurableAsync(durable).ConfigureAwait(false);
        return new AllocAutoIncResponse { First = first, Count = count };
    }

    // True once `version` is committed (durable and visible); false after `timeout`.
    public ValueTask<bool> WaitForCommittedAsync(ulong version, TimeSpan timeout, CancellationToken ct) =>
        _watermark.WaitForAsync(version, timeout, ct);

    public ulong AutoIncHighWater(ulong tableId)
    {
        lock (_applyLock)
            return _autoInc.HighWater(tableId);
    }

    // Under the apply lock, right after `mutations` went into the MemTable at `commitVersion`.
    private Task<ulong> AppendLogged(byte[] entry, ulong commitVersion, IReadOnlyList<LoggedMutation> mutations)
    {
        var before = _checksum;
        _checksum = MemTableChecksum.Add(before, commitVersion, mutations);
        return _committer.AppendAsync(entry, commitVersion, before, _checksum);
    }

    // A transaction's commit entry is an ordinary multi-row entry: nothing uncommitted is logged.
    // The entry's checksums are verified before it is applied (a mismatch stops the replay). Replay
    // applies exactly up to the commit point the log persists (the highest its entries' stamps carry;
    // a version-2 entry, written before stamps, counts as committed); the entries above it are held
    // until this UPS learns they are committed (HeldLog).
    private void ApplyReplayed(ReplayedEntry entry)
    {
        var after = MemTableChecksumMismatchException.Verify(_checksum, entry.LogSequence, entry.CommitVersion,
            entry.ChecksumBefore, entry.ChecksumAfter, entry.Payload.Mutations);
        Hold(new HeldEntry(entry.LogSequence, entry.CommitVersion, after, entry.Payload));
        _checksum = after;
        _replayedCommitPoint = Math.Max(_replayedCommitPoint, entry.Stamped ? entry.Stamp.CommitPoint : entry.LogSequence);
        ApplyHeldLocked(_replayedCommitPoint);
    }

    private ulong _replayedCommitPoint;

    // Under the apply lock. The write conflict first (a stale snapshot makes every other check meaningless), then
    // duplicate keys in request order, counting rows this transaction itself wrote earlier.
    private void CheckConditions(PreparedTransaction tx, ulong expectUnchangedSince)
    {
        if (expectUnchangedSince != 0)
        {
            foreach (var m in tx.Mutations)
            {
                if (_memTable.FindForWrite(m.TableId, m.RowKey)?.LatestVersion > expectUnchangedSince)
                    ThrowWriteConflict(m.RowKey);
            }
        }
        if (tx.Mutations.Count == 1)
        {
            var m = tx.Mutations[0];
            if (tx.IsInsert[0] && _memTable.FindForWrite(m.TableId, m.RowKey) is { ExistsAtLatest: true })
                ThrowDuplicate(m.RowKey, tx.Item(0));
            if (tx.UniqueKeys.Count == 1 && UniqueKeyCheck.Taken(_memTable, m.TableId, tx.UniqueKeys[0].Prefix, m.RowKey, static _ => null, []))
                ThrowDuplicateUnique(tx.UniqueKeys[0]);
            return;
        }
        var written = new WrittenRows();
        var u = 0;
        for (var i = 0; i < tx.Mutations.Count; i++)
        {
            var m = tx.Mutations[i];
            if (tx.IsInsert[i] && (written.Exists(m.TableId, m.RowKey) ?? _memTable.FindForWrite(m.TableId, m.RowKey) is { ExistsAtLatest: true }))
                ThrowDuplicate(m.RowKey, tx.Item(i));
            if (u < tx.UniqueKeys.Count && tx.UniqueKeys[u].Mutation == i)
            {
                var unique = tx.UniqueKeys[u++];
                if (UniqueKeyCheck.Taken(_memTable, m.TableId, unique.Prefix, m.RowKey, k => written.Exists(m.TableId, k), written.WithPrefix(m.TableId, unique.Prefix)))
                    ThrowDuplicateUnique(unique);
            }
            written.Set(m.TableId, m.RowKey, m.Kind != IncrementKind.Delete);
        }
    }

    private void EnsureWritable()
    {
        _options.WriteGate?.ThrowIfNotWritable();
        if (_committer.Failure is { } failure)
            ThrowLogFailed(failure);
    }

    // Not cancelable: the commit loop completes or fails every entry within a batch (or a backup's
    // sync timeout), and a canceled wait cost an allocation per write for a reply no one reads.
    private static async ValueTask AwaitDurableAsync(Task<ulong> durable)
    {
        try
        {
            await durable.ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            ThrowLogFailed(ex);
        }
        catch (ObjectDisposedException ex)
        {
            ThrowLogFailed(ex);
        }
    }

    public static string RenderKey(ReadOnlySpan<byte> rowKey) =>
        string.Join('-', RowKeyCodec.Decode(rowKey).Select(v => v.ToText() ?? "NULL"));

    // item: the mutation's 1-based place in its request (RpcError.item), so the MergeServer can name the row.
    [DoesNotReturn]
    private static void ThrowDuplicate(byte[] rowKey, int item) =>
        throw new RpcException(WireErrorCodes.DuplicateEntry, $"Duplicate entry '{RenderKey(rowKey)}' for key 'PRIMARY'") { Item = item };

    // The MergeServer names the index (it knows which index the item's row belongs to).
    [DoesNotReturn]
    private static void ThrowDuplicateUnique(UniqueKey key) =>
        throw new RpcException(WireErrorCodes.DuplicateEntry, $"Duplicate entry '{RenderKey(key.Prefix)}' for a UNIQUE key") { Item = key.Item };

    [DoesNotReturn]
    private static void ThrowWriteConflict(byte[] rowKey) =>
        throw new RpcException(WireErrorCodes.WriteConflict, $"row '{RenderKey(rowKey)}' changed after the statement's snapshot");

    // The cause's own message names files under the data dir: it stays in this server's log (the
    // committer logged it), and callers, up to MySQL clients, learn only what kind of failure it was.
    [DoesNotReturn]
    private static void ThrowLogFailed(Exception cause) =>
        throw new RpcException(RpcErrorCodes.Internal, $"UpdateServer commit log is unavailable ({cause.GetType().Name}; the details are in the UpdateServer's log)", cause);

    [DoesNotReturn]
    private static void ThrowNotCommitted(ulong readVersion, ulong committed) =>
        throw new RpcException(RpcErrorCodes.Timeout, $"read version {readVersion} is not committed (committed version {committed})");

    // Stops without blocking a thread: every background task is awaited, then the group committer
    // drains its queue and closes the log.
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var tx in _transactions.Snapshot())
            tx.Abort();
        await _idleSweep.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // A dump or release in flight stops at its next row (its temp file is removed); a failure was
        // already logged where it happened.
        await _autoDump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _release.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _committer.DisposeAsync().ConfigureAwait(false);
    }
}
