using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.MemTable;
using OceanClassic.UpdateServer.Transactions;

namespace OceanClassic.UpdateServer.Engine;

// UPS sessions. A transaction's statements lock their rows (held to its end) and fold their
// changes into its private write set: nothing is logged or visible to others until EndTx
// commits, which logs the write set as one entry at one commit version, links it into the
// MemTable and releases the locks once that entry is durable.
public sealed partial class UpdateEngine
{
    public int OpenTransactions => _transactions.Count;
    public long LockWaits => _locks.Waits;
    public long LockWaitTimeouts => _locks.Timeouts;
    public long Deadlocks => _locks.Deadlocks;
    public int LockedRows => _locks.LockedRows;

    // `connectionClosed` fires when the caller's connection closes (its MergeServer died or lost the
    // UPS): the transaction is rolled back then, as MySQL rolls back a disconnected client's, so its
    // row locks do not block everyone until the idle timeout.
    public BeginTxResponse BeginTx(BeginTxRequest request, CancellationToken connectionClosed = default)
    {
        EnsureWritable();
        var idle = request.IdleTimeoutMs > 0 ? TimeSpan.FromMilliseconds(request.IdleTimeoutMs) : _options.TxIdleTimeout;
        var lockWait = request.LockWaitTimeoutMs > 0 ? TimeSpan.FromMilliseconds(request.LockWaitTimeoutMs) : _options.LockWaitTimeout;
        var tx = _transactions.Begin(_watermark.Version, idle, lockWait);
        if (connectionClosed.CanBeCanceled)
            tx.RollBackWhen(connectionClosed, () => _ = RollbackOrphanAsync(tx));
        return new BeginTxResponse { TxId = tx.Id, ReadVersion = tx.ReadVersion };
    }

    // The first write of a transaction carrying its BEGIN (ApplyRequest.begin): the transaction begins
    // here, the request runs as its first statement, and the answer names it. When the request fails the
    // transaction is rolled back before the error goes back (it holds only what the request took), so the
    // MergeServer, which learns no id, leaves nothing behind; its next write begins again.
    private async ValueTask<ApplyResponse> ApplyBeginningAsync(ApplyRequest request, CancellationToken connectionClosed)
    {
        var txId = BeginTx(request.Begin, connectionClosed).TxId;
        request.Begin = null;
        request.TxId = txId;
        try
        {
            var response = await ApplyAsync(request, connectionClosed).ConfigureAwait(false);
            response.TxId = txId;
            return response;
        }
        catch
        {
            await RollbackBegunAsync(txId).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask RollbackBegunAsync(ulong txId)
    {
        try
        {
            await EndTxAsync(new EndTxRequest { TxId = txId, Commit = false }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // Already ended (6010: a deadlock victim's rollback, the connection's close).
        }
    }

    private async Task RollbackOrphanAsync(UpsTransaction tx)
    {
        try
        {
            await EndTxAsync(new EndTxRequest { TxId = tx.Id, Commit = false }, CancellationToken.None).ConfigureAwait(false);
            _logger.LogInformation("transaction {TxId} rolled back: its connection closed", tx.Id);
        }
        catch (RpcException)
        {
            // Already ended (6010).
        }
    }

    public async ValueTask<EndTxResponse> EndTxAsync(EndTxRequest request, CancellationToken ct)
    {
        var tx = _transactions.Get(request.TxId);
        if (!request.Commit)
            tx.Abort(); // a statement still waiting for a lock gives up now
        await tx.EnterAsync(ct).ConfigureAwait(false);
        try
        {
            tx.MarkEnded();
            _transactions.Remove(tx);
            if (!request.Commit)
            {
                _locks.ReleaseAll(tx.Owner);
                return new EndTxResponse();
            }
            return new EndTxResponse { CommitVersion = await CommitAsync(tx, ct).ConfigureAwait(false) };
        }
        finally
        {
            tx.Exit();
        }
    }

    public async ValueTask<SavepointResponse> SavepointAsync(SavepointRequest request, CancellationToken ct)
    {
        var tx = _transactions.Get(request.TxId);
        await tx.EnterAsync(ct).ConfigureAwait(false);
        try
        {
            var found = request.Op switch
            {
                SavepointOp.SavepointSet => tx.WriteSet.SetMark(request.Name),
                SavepointOp.SavepointRollbackTo => tx.WriteSet.RollbackToMark(request.Name),
                _ => tx.WriteSet.ReleaseMark(request.Name),
            };
            return new SavepointResponse { Found = found };
        }
        finally
        {
            tx.Exit();
        }
    }

    // One statement of a transaction, all or nothing: if any row fails its check, none of the
    // statement's changes enter the write set (the locks it took stay held, as in MySQL).
    private async ValueTask<ApplyResponse> ApplyInTransactionAsync(ApplyRequest request, CancellationToken ct)
    {
        var tx = _transactions.Get(request.TxId);
        var prepared = PreparedTransaction.From(request, encodeEntry: false);
        var budget = LockWaitBudget.Of(tx.LockWaitTimeout, request.LockWaitLimitMs);
        await tx.EnterAsync(ct).ConfigureAwait(false);
        try
        {
            var response = new ApplyResponse();
            await LockRowsAsync(tx, prepared, request.LockWait, budget, response, ct).ConfigureAwait(false);
            tx.WriteSet.Merge(Stage(tx, prepared, request.ExpectUnchangedSince));
            if (prepared.AutoInc.Count > 0)
            {
                lock (_applyLock)
                {
                    foreach (var mark in prepared.AutoInc)
                        _autoInc.Raise(mark.TableId, mark.HighWater);
                }
                tx.AddAutoInc(prepared.AutoInc);
            }
            return response;
        }
        finally
        {
            tx.Exit();
        }
    }

    // Takes the statement's row locks, in key order. SKIP LOCKED leaves a busy lock-only row unlocked
    // and names it in the response; changed rows always wait (the MergeServer never asks otherwise), each
    // wait bounded by the transaction's lock wait and all of the request's by its limit (LockWaitBudget).
    private async ValueTask LockRowsAsync(UpsTransaction tx, PreparedTransaction prepared, LockWait lockWait, LockWaitBudget budget, ApplyResponse response,
        CancellationToken ct)
    {
        if (lockWait == LockWait.SkipLocked && prepared.Mutations.Count > 0)
            throw new RpcException(RpcErrorCodes.ProtocolError, "SKIP LOCKED applies to lock-only rows");
        var wait = lockWait switch
        {
            LockWait.Nowait => RowLockWait.NoWait,
            LockWait.SkipLocked => RowLockWait.SkipLocked,
            _ => RowLockWait.Wait,
        };
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, tx.AbortToken);
        try
        {
            foreach (var (key, mode) in prepared.LockKeys())
            {
                if (!await _locks.AcquireAsync(tx.Owner, key, mode, wait, budget.Next(), waiting.Token).ConfigureAwait(false))
                    response.SkippedRowkeys.Add(Google.Protobuf.ByteString.CopyFrom(key.RowKey));
            }
        }
        catch (OperationCanceledException) when (tx.AbortToken.IsCancellationRequested)
        {
            TxErrors.ThrowNotFound(tx.Id);
        }
    }

    // With the rows locked: check each mutation against the latest committed state plus what
    // the transaction (and this statement, in order) already wrote, and fold it per row.
    private List<(ulong TableId, byte[] RowKey, PendingRow Row)> Stage(UpsTransaction tx, PreparedTransaction prepared, ulong expectUnchangedSince)
    {
        if (expectUnchangedSince != 0)
        {
            foreach (var m in prepared.Mutations)
            {
                if (_memTable.Find(m.TableId, m.RowKey)?.LatestVersion > expectUnchangedSince)
                    ThrowWriteConflict(m.RowKey);
            }
        }
        var staged = new List<(ulong TableId, byte[] RowKey, PendingRow Row)>(prepared.Mutations.Count);
        var index = new Dictionary<RowLockKey, int>();
        var written = prepared.UniqueKeys.Count > 0 ? new WrittenRows() : null;
        var u = 0;
        for (var i = 0; i < prepared.Mutations.Count; i++)
        {
            var m = prepared.Mutations[i];
            var key = new RowLockKey(m.TableId, m.RowKey);
            var slot = index.TryGetValue(key, out var s) ? s : -1;
            var current = slot >= 0 ? staged[slot].Row : tx.WriteSet.Find(m.TableId, m.RowKey);
            if (prepared.IsInsert[i])
            {
                var exists = current?.Exists ?? _memTable.Find(m.TableId, m.RowKey) is { ExistsAtLatest: true };
                if (exists)
                    ThrowDuplicate(m.RowKey, prepared.Item(i));
            }
            if (u < prepared.UniqueKeys.Count && prepared.UniqueKeys[u].Mutation == i)
                CheckUnique(tx, prepared.UniqueKeys[u++], m, written!);
            var next = current is { } c ? c.Then(m.Kind, m.Cells) : new PendingRow(m.Kind, m.Kind == IncrementKind.Delete ? [] : m.Cells);
            written?.Set(m.TableId, m.RowKey, next.Exists);
            if (slot >= 0)
            {
                staged[slot] = (m.TableId, m.RowKey, next);
            }
            else
            {
                index[key] = staged.Count;
                staged.Add((m.TableId, m.RowKey, next));
            }
        }
        return staged;
    }

    // A UNIQUE value (UniqueKeyCheck) in a transaction: other transactions' rows with it are committed
    // (the value is locked), this one's earlier writes are in its write set, this statement's in `written`.
    private void CheckUnique(UpsTransaction tx, UniqueKey unique, LoggedMutation m, WrittenRows written)
    {
        bool? Own(byte[] key) => written.Exists(m.TableId, key) ?? tx.WriteSet.Find(m.TableId, key)?.Exists;
        var ownRows = written.WithPrefix(m.TableId, unique.Prefix)
            .Concat(tx.WriteSet.Snapshot(m.TableId, UniqueKeyCheck.PrefixRange(unique.Prefix)).Select(r => r.RowKey));
        if (UniqueKeyCheck.Taken(_memTable, m.TableId, unique.Prefix, m.RowKey, Own, ownRows))
            ThrowDuplicateUnique(unique);
    }

    private async ValueTask<ulong> CommitAsync(UpsTransaction tx, CancellationToken ct)
    {
        var mutations = tx.WriteSet.ToMutations();
        if (mutations.Count == 0 && tx.AutoInc.Count == 0)
        {
            _locks.ReleaseAll(tx.Owner);
            return 0;
        }
        var entry = new CommitLogPayload(mutations, [.. tx.AutoInc]).EncodeWithHeaderSpace();
        Task<ulong>? durable = null;
        try
        {
            ulong version;
            while (true)
            {
                await RevokeLeasesAsync(mutations, ct).ConfigureAwait(false);
                lock (_applyLock)
                {
                    EnsureWritable();
                    if (!LeasesClear(mutations))
                        continue;
                    version = ++_lastVersion;
                    foreach (var m in mutations)
                        _memTable.Apply(m.TableId, m.RowKey, version, m.Kind, m.Cells);
                    MarkWritten(mutations, version);
                    durable = AppendLogged(entry, version, mutations);
                }
                break;
            }
            MaybeMinorFreeze();
            await AwaitDurableAsync(durable).ConfigureAwait(false);
            return version;
        }
        finally
        {
            ReleaseWhenDurable(tx.Owner, durable);
        }
    }

    // Rolls back transactions idle (no statement running) for longer than their idle timeout.
    private async Task SweepIdleTransactionsAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.TxSweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                foreach (var tx in _transactions.Snapshot())
                {
                    if (tx.IdleFor <= tx.IdleTimeout || !tx.TryEnter())
                        continue;
                    try
                    {
                        // A statement may have ended between the check and the gate.
                        if (tx.IdleFor <= tx.IdleTimeout)
                            continue;
                        tx.MarkEnded();
                        _transactions.Remove(tx);
                        var locks = tx.Owner.HeldCount;
                        _locks.ReleaseAll(tx.Owner);
                        _logger.LogInformation("transaction {TxId} rolled back after {Idle} idle ({Rows} rows, {Locks} locks released)",
                            tx.Id, tx.IdleTimeout, tx.WriteSet.RowCount, locks);
                    }
                    finally
                    {
                        tx.Exit();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
