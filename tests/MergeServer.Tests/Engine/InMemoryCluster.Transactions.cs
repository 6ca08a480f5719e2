using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// One open transaction of the in-memory UPS: its private writes, full rows after each write (null =
// deleted), keyed by (table, hex rowkey).
public sealed class InMemoryTransaction(ulong id, TimeSpan lockWaitTimeout)
{
    public ulong Id { get; } = id;

    public long Owner => (long)Id;

    public TimeSpan LockWaitTimeout { get; } = lockWaitTimeout;

    public Dictionary<(ulong Table, string Key), (byte[] Key, Dictionary<int, ObObj>? Row)> Writes { get; private set; } = [];

    // Savepoints, oldest first, each with a copy of Writes.
    public List<(string Name, Dictionary<(ulong Table, string Key), (byte[] Key, Dictionary<int, ObObj>? Row)> Writes)> Marks { get; } = [];

    public bool Savepoint(SavepointOp op, string name)
    {
        var i = Marks.FindIndex(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        switch (op)
        {
            case SavepointOp.SavepointSet:
                if (i >= 0)
                    Marks.RemoveAt(i);
                Marks.Add((name, new(Writes)));
                return true;
            case SavepointOp.SavepointRollbackTo when i >= 0:
                Writes = new(Marks[i].Writes);
                Marks.RemoveRange(i + 1, Marks.Count - i - 1);
                return true;
            case SavepointOp.SavepointRelease when i >= 0:
                Marks.RemoveRange(i, Marks.Count - i);
                return true;
            default:
                return false;
        }
    }
}

// The UPS session contract: BeginTx/EndTx, applies with tx_id lock their rows (waiting, 1205, 1213)
// and stage the writes privately (checked against committed data plus the transaction's own writes);
// scans with tx_id see them; commit makes them visible at one new version; unknown ids are 6010.
public sealed partial class InMemoryCluster
{
    private readonly Dictionary<ulong, InMemoryTransaction> _transactions = [];
    private ulong _nextTxId = 100;
    private long _autocommitOwners;

    public InMemoryRowLocks Locks { get; } = new();

    // For autocommit writes and transactions that asked for the default.
    public TimeSpan LockWaitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public int BeginCount { get; private set; }

    public int OpenTransactions
    {
        get
        {
            lock (_lock)
                return _transactions.Count;
        }
    }

    public ValueTask<BeginTxResponse> BeginTxAsync(BeginTxRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            BeginCount++;
            var wait = request.LockWaitTimeoutMs > 0 ? TimeSpan.FromMilliseconds(request.LockWaitTimeoutMs) : LockWaitTimeout;
            var tx = new InMemoryTransaction(_nextTxId++, wait);
            _transactions[tx.Id] = tx;
            return ValueTask.FromResult(new BeginTxResponse { TxId = tx.Id, ReadVersion = _version });
        }
    }

    // How many writes carried their transaction's BEGIN (ApplyRequest.begin).
    public int BeginningApplies { get; private set; }

    // As the UPS: the transaction begins, the request runs in it, and a failed request leaves none.
    private async ValueTask<ApplyResponse> ApplyBeginningAsync(ApplyRequest request, CancellationToken ct)
    {
        lock (_lock)
            BeginningApplies++;
        var txId = (await BeginTxAsync(request.Begin, ct)).TxId;
        request.Begin = null;
        request.TxId = txId;
        try
        {
            var response = await ApplyAsync(request, ct);
            response.TxId = txId;
            return response;
        }
        catch
        {
            await EndTxAsync(new EndTxRequest { TxId = txId, Commit = false }, ct);
            throw;
        }
    }

    public ValueTask<EndTxResponse> EndTxAsync(EndTxRequest request, CancellationToken ct)
    {
        ulong version = 0;
        lock (_lock)
        {
            if (!_transactions.Remove(request.TxId, out var tx))
                throw NotFound(request.TxId);
            if (request.Commit && tx.Writes.Count > 0)
            {
                version = ++_version;
                foreach (var ((table, _), (key, row)) in tx.Writes)
                {
                    if (row is null)
                        _rows[table].Remove(key);
                    else
                        _rows[table][key] = (version, row);
                }
            }
        }
        Locks.ReleaseAll((long)request.TxId);
        return ValueTask.FromResult(new EndTxResponse { CommitVersion = version });
    }

    public ValueTask<SavepointResponse> SavepointAsync(SavepointRequest request, CancellationToken ct)
    {
        lock (_lock)
            return ValueTask.FromResult(new SavepointResponse { Found = FindTransaction(request.TxId).Savepoint(request.Op, request.Name) });
    }

    // As the UPS idle sweep does: the transaction is rolled back and forgotten.
    public void ExpireTransactions()
    {
        List<ulong> ids;
        lock (_lock)
        {
            ids = [.. _transactions.Keys];
            _transactions.Clear();
        }
        foreach (var id in ids)
            Locks.ReleaseAll((long)id);
    }

    private InMemoryTransaction FindTransaction(ulong id) =>
        _transactions.TryGetValue(id, out var tx) ? tx : throw NotFound(id);

    private static SqlError NotFound(ulong id) => SqlError.FromCode(6010, $"transaction {id} not found (rolled back after idle timeout?)");

    // One statement of a transaction, with its rows locked: all mutations stage, or none.
    private ApplyResponse Stage(InMemoryTransaction tx, ApplyRequest request)
    {
        var staged = new Dictionary<(ulong, string), (byte[] Key, Dictionary<int, ObObj>? Row)>();
        for (var item = 1; item <= request.Mutations.Count; item++)
        {
            var m = request.Mutations[item - 1];
            if (m.Op is MutationOp.MutLock or MutationOp.MutLockShared)
                continue;
            var key = m.Rowkey.ToByteArray();
            var id = (m.TableId, Convert.ToHexString(key));
            var current = staged.TryGetValue(id, out var s) ? s.Row
                : tx.Writes.TryGetValue(id, out var w) ? w.Row
                : _rows[m.TableId].TryGetValue(key, out var committed) ? committed.Cells : null;
            var cells = DecodeCells(m.Cells.Span);
            Dictionary<int, ObObj>? next;
            switch (m.Op)
            {
                case MutationOp.MutInsert when current is not null:
                    throw Duplicate(key, item);
                case MutationOp.MutDelete:
                    next = null;
                    break;
                case MutationOp.MutUpdate when current is not null:
                    next = new Dictionary<int, ObObj>(current);
                    foreach (var (c, v) in cells)
                        next[c] = v;
                    break;
                default:
                    next = cells;
                    break;
            }
            CheckUnique(m, item, tx, staged.ToDictionary(s => s.Key, s => s.Value.Row is not null));
            staged[id] = (key, next);
        }
        foreach (var (id, write) in staged)
            tx.Writes[id] = write;
        RaiseAutoInc(request);
        return new ApplyResponse();
    }

    // Committed rows of a table, with the transaction's own writes folded over them.
    private IEnumerable<KeyValuePair<byte[], Dictionary<int, ObObj>>> VisibleRows(ulong tableId, InMemoryTransaction? tx)
    {
        var committed = _rows[tableId];
        if (tx is null || !tx.Writes.Keys.Any(k => k.Table == tableId))
            return committed.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Cells));
        var view = new SortedDictionary<byte[], Dictionary<int, ObObj>>(ByteKeyComparer.Instance);
        foreach (var (key, (_, cells)) in committed)
            view[key] = cells;
        foreach (var ((table, _), (key, row)) in tx.Writes)
        {
            if (table != tableId)
                continue;
            if (row is null)
                view.Remove(key);
            else
                view[key] = row;
        }
        return view;
    }
}
