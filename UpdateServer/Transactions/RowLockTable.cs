using System.Collections.Concurrent;

namespace OceanClassic.UpdateServer.Transactions;

// Row write locks keyed by (table id, rowkey), held by a LockOwner until it releases them.
// Uncontended acquire is one TryAdd and release one TryRemove; only when a lock is busy does a
// caller take the graph lock, run the deadlock check (would waiting close a wait-for cycle?) and
// queue. Waiting is async (no thread blocked) and bounded by the caller's lock wait timeout.
public sealed class RowLockTable
{
    // A wait-for chain longer than this is treated as a cycle (the timeout is the backstop anyway).
    private const int MaxChain = 10_000;

    private readonly ConcurrentDictionary<RowLockKey, RowLock> _locks = new();
    private readonly Lock _graph = new();
    private long _waits;
    private long _timeouts;
    private long _deadlocks;
    private int _waiting;

    public int LockedRows => _locks.Count;
    public long Waits => Interlocked.Read(ref _waits);
    public long Timeouts => Interlocked.Read(ref _timeouts);
    public long Deadlocks => Interlocked.Read(ref _deadlocks);
    public int Waiting => Volatile.Read(ref _waiting);

    // Completes once `owner` holds the lock (at once if it already did). Throws 1213 when waiting
    // would deadlock, 1205 after `timeout`, OperationCanceledException when `ct` fires.
    public ValueTask AcquireAsync(LockOwner owner, RowLockKey key, TimeSpan timeout, CancellationToken ct)
    {
        while (true)
        {
            var fresh = new RowLock(owner);
            if (_locks.TryAdd(key, fresh))
            {
                owner.Held.Add((key, fresh));
                return default;
            }
            if (!_locks.TryGetValue(key, out var held))
                continue;
            // Only the owner's own flow gives its lock away, so this unlocked read is exact when true.
            if (held.Owner == owner)
                return default;
            RowLockWaiter waiter;
            lock (_graph)
            {
                lock (held)
                {
                    if (held.Dead)
                        continue;
                    if (held.Owner == owner)
                        return default;
                    if (ClosesCycle(owner, held))
                    {
                        Interlocked.Increment(ref _deadlocks);
                        TxErrors.ThrowDeadlock();
                    }
                    waiter = new RowLockWaiter(owner);
                    (held.Waiters ??= []).Add(waiter);
                    owner.WaitingFor = held;
                    _waiting++;
                    Interlocked.Increment(ref _waits);
                }
            }
            return WaitAsync(owner, key, held, waiter, timeout, ct);
        }
    }

    // Releases everything `owner` holds, handing each lock to its first waiter.
    public void ReleaseAll(LockOwner owner)
    {
        foreach (var (key, held) in owner.Held)
            Release(key, held);
        owner.Held.Clear();
    }

    private async ValueTask WaitAsync(LockOwner owner, RowLockKey key, RowLock held, RowLockWaiter waiter, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await waiter.Granted.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            lock (_graph)
            {
                lock (held)
                {
                    // Granted in the same instant: keep it, the caller owns the lock now.
                    if (held.Owner != owner)
                    {
                        held.Waiters!.Remove(waiter);
                        owner.WaitingFor = null;
                        _waiting--;
                        if (ex is TimeoutException)
                        {
                            Interlocked.Increment(ref _timeouts);
                            TxErrors.ThrowLockWaitTimeout();
                        }
                        throw;
                    }
                }
            }
        }
        owner.Held.Add((key, held));
    }

    private void Release(RowLockKey key, RowLock held)
    {
        lock (held)
        {
            if (!held.HasWaiters)
            {
                Remove(key, held);
                return;
            }
        }
        lock (_graph)
        {
            lock (held)
            {
                if (!held.HasWaiters)
                {
                    Remove(key, held);
                    return;
                }
                var next = held.Waiters![0];
                held.Waiters.RemoveAt(0);
                held.Owner = next.Owner;
                next.Owner.WaitingFor = null;
                _waiting--;
                next.Granted.TrySetResult();
            }
        }
    }

    private void Remove(RowLockKey key, RowLock held)
    {
        held.Dead = true;
        _locks.TryRemove(KeyValuePair.Create(key, held));
    }

    // Under the graph lock: would `owner` waiting for `wanted` close a cycle? Follows holder ->
    // the lock it waits for -> that lock's holder ... back to `owner`.
    private static bool ClosesCycle(LockOwner owner, RowLock wanted)
    {
        var holder = wanted.Owner;
        for (var steps = 0; steps < MaxChain; steps++)
        {
            if (holder == owner)
                return true;
            var next = holder.WaitingFor;
            if (next is null)
                return false;
            holder = next.Owner;
        }
        return true;
    }
}
