using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Evaluation;
using OceanClassic.UpdateServer.MemTable;
using OceanClassic.UpdateServer.Transactions;

namespace OceanClassic.UpdateServer.Engine;

// An UPDATE (or DELETE, delete_row) of one row by primary key evaluated here (ApplyRequest.update): one
// request from the MergeServer instead of a read at a snapshot and a conditional apply. Safety (autocommit):
// - The row's exclusive lock is taken first (queued FIFO like any writer's, 1205 / 1213 as theirs, waiting at
//   most the session's lock wait timeout the request carries, as the ordinary path's statement transaction), and
//   every writer of the row holds that lock until its entry is durable (a transaction: until it ends), so
//   under it the MemTable's newest increments of the row are final: nothing can change it between the
//   read and the write, and no expect_unchanged_since is needed.
// - The row is the fold of its increments newer than min_version over the row's baseline at min_version
//   (EvaluatedRow): none when the MergeServer saw the tablet's baseline empty (TableScanner.Increments' rule),
//   else the row a ChunkServer's tablet of that version holds, read without increments (a baseline never
//   changes; its version, not the read's time, is what matters). It is found with the readers' Find:
//   the read runs outside the apply lock, where FindForWrite (the one writer's reused search path) would
//   corrupt the path of the writer linking a row meanwhile. A UPS that released increments above
//   it answers 6101 before reading and again, under the apply lock, before linking (a release that began
//   while the row was folded); the MergeServer then goes the ordinary way with the locations reloaded.
// - The other rows written (index rows) and UNIQUE values are locked without waiting: one held by another
//   writer refuses the update (6104), so holding the row's lock never waits on a second lock (no new
//   deadlock). The UNIQUE and duplicate checks are the ordinary ones (CheckConditions), under the apply
//   lock; a collision is refused with 6104 too, and the MergeServer's ordinary run names the key (1062).
// - Leases, the write gate, the commit log and durability are those of every autocommit write.
// In a transaction (tx_id set) it is one statement of the transaction (ApplyEvaluatedUpdateInTransactionAsync).
public sealed partial class UpdateEngine
{
    private async ValueTask<ApplyResponse> ApplyEvaluatedUpdateAsync(ApplyRequest request, CancellationToken ct)
    {
        var update = request.Update;
        if (request.Mutations.Count > 0 || request.ExpectUnchangedSince != 0 || request.AutoInc.Count > 0)
            throw new RpcException(RpcErrorCodes.ProtocolError, "an evaluated update comes alone");
        if (request.TxId != 0)
            return await ApplyEvaluatedUpdateInTransactionAsync(request, ct).ConfigureAwait(false);
        var rowKey = update.Rowkey.ToByteArray();
        var owner = new LockOwner(0);
        Task<ulong>? durable = null;
        try
        {
            EnsureWritable();
            var lockWait = update.LockWaitTimeoutMs > 0 ? TimeSpan.FromMilliseconds(update.LockWaitTimeoutMs) : _options.LockWaitTimeout;
            await _locks.AcquireAsync(owner, new RowLockKey(update.TableId, rowKey), RowLockMode.Exclusive, RowLockWait.Wait,
                    LockWaitBudget.Of(lockWait, request.LockWaitLimitMs).Next(), ct)
                .ConfigureAwait(false);
            CheckNotReleased(update.MinVersion);
            var current = EvaluatedRow.Committed(update, _memTable.Find(update.TableId, rowKey)?.Fold(ulong.MaxValue, update.MinVersion));
            CheckNotReleased(update.MinVersion);
            // Only a Replace is a row (EvaluatedRow: an Update or a Delete over no baseline row leaves none).
            if (current is not { Kind: IncrementKind.Replace } row)
                return new ApplyResponse { CommitVersion = _watermark.Version };
            if (UpdateEvaluation.Mutations(update, row.Cells) is not { } write)
                return new ApplyResponse { CommitVersion = _watermark.Version, MatchedRows = 1 };
            var tx = PreparedTransaction.From(write);
            foreach (var (key, _) in tx.LockKeys())
            {
                if (!await _locks.AcquireAsync(owner, key, RowLockMode.Exclusive, RowLockWait.SkipLocked, _options.LockWaitTimeout, ct).ConfigureAwait(false))
                    UpdateEvaluation.ThrowNotEvaluated("an index row or UNIQUE value it writes is locked");
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
                    CheckNotReleased(update.MinVersion);
                    try
                    {
                        CheckConditions(tx, 0);
                    }
                    catch (RpcException e) when (e.Code == WireErrorCodes.DuplicateEntry)
                    {
                        UpdateEvaluation.ThrowNotEvaluated("a UNIQUE value it writes is taken");
                    }
                    (version, durable) = LinkLocked(tx);
                }
                break;
            }
            MaybeMinorFreeze();
            await AwaitDurableAsync(durable).ConfigureAwait(false);
            return new ApplyResponse { CommitVersion = version, MatchedRows = 1, ChangedRows = 1 };
        }
        finally
        {
            ReleaseWhenDurable(owner, durable);
        }
    }

    // In a transaction: the row is locked for the transaction (held to its end, as LockedRowReader's lock),
    // read as the transaction reads it (the committed fold with its own pending writes over it), and the
    // write is staged into its write set like an ordinary statement's (index rows and UNIQUE values locked,
    // waiting as any statement of a transaction waits: 1205, 1213).
    private async ValueTask<ApplyResponse> ApplyEvaluatedUpdateInTransactionAsync(ApplyRequest request, CancellationToken ct)
    {
        var update = request.Update;
        var tx = _transactions.Get(request.TxId);
        var lockRow = new ApplyRequest { TxId = request.TxId };
        lockRow.Mutations.Add(new RowMutation { TableId = update.TableId, Rowkey = update.Rowkey, Op = MutationOp.MutLock });
        var rowKey = update.Rowkey.ToByteArray();
        var budget = LockWaitBudget.Of(tx.LockWaitTimeout, request.LockWaitLimitMs);
        await tx.EnterAsync(ct).ConfigureAwait(false);
        try
        {
            await LockRowsAsync(tx, PreparedTransaction.From(lockRow, encodeEntry: false), LockWait.Queue, budget, new ApplyResponse(), ct).ConfigureAwait(false);
            CheckNotReleased(update.MinVersion);
            var committed = EvaluatedRow.Committed(update, _memTable.Find(update.TableId, rowKey)?.Fold(ulong.MaxValue, update.MinVersion));
            CheckNotReleased(update.MinVersion);
            var current = tx.WriteSet.Find(update.TableId, rowKey) is { } own ? own.Over(committed, ulong.MaxValue) : committed;
            if (current is not { Kind: IncrementKind.Replace } row)
                return new ApplyResponse();
            if (UpdateEvaluation.Mutations(update, row.Cells) is not { } write)
                return new ApplyResponse { MatchedRows = 1 };
            write.TxId = request.TxId;
            var prepared = PreparedTransaction.From(write, encodeEntry: false);
            await LockRowsAsync(tx, prepared, LockWait.Queue, budget, new ApplyResponse(), ct).ConfigureAwait(false);
            List<(ulong TableId, byte[] RowKey, PendingRow Row)> staged;
            try
            {
                staged = Stage(tx, prepared, 0);
            }
            catch (RpcException e) when (e.Code == WireErrorCodes.DuplicateEntry)
            {
                UpdateEvaluation.ThrowNotEvaluated("a UNIQUE value it writes is taken");
                throw;
            }
            tx.WriteSet.Merge(staged);
            return new ApplyResponse { MatchedRows = 1, ChangedRows = 1 };
        }
        finally
        {
            tx.Exit();
        }
    }
}
