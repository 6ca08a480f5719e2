using System.Collections.Concurrent;

namespace OceanClassic.UpdateServer.Transactions;

// The open transactions by id. Ids are (engine start time in ms << 20) + a counter, so they never
// repeat across restarts (unless a run began more than a million transactions per millisecond of
// uptime before the next start).
public sealed class TransactionTable
{
    private readonly ConcurrentDictionary<ulong, UpsTransaction> _open = new();
    private ulong _lastId = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 20;

    public int Count => _open.Count;

    public UpsTransaction Begin(ulong readVersion, TimeSpan idleTimeout, TimeSpan lockWaitTimeout)
    {
        var tx = new UpsTransaction(Interlocked.Increment(ref _lastId), readVersion, idleTimeout, lockWaitTimeout);
        _open[tx.Id] = tx;
        return tx;
    }

    public UpsTransaction Get(ulong id)
    {
        if (!_open.TryGetValue(id, out var tx))
            TxErrors.ThrowNotFound(id);
        return tx;
    }

    public bool Remove(UpsTransaction tx) => _open.TryRemove(KeyValuePair.Create(tx.Id, tx));

    public List<UpsTransaction> Snapshot() => [.. _open.Values];
}
