using System.Collections.Concurrent;

namespace OceanClassic.UpdateServer.Transactions;

// Row locks keyed by (table id, rowkey), shared or exclusive, held by a LockOwner until it releases
// them. Uncontended acquire is one TryAdd and release one TryRemove; only when a lock is busy does a
// caller take the graph lock, queue FIFO (an upgrade ahead of plain requests) and run the deadlock
// check: 1213 only when waiting would close a real cycle of the wait-for graph (WaitForGraph).
// Waiting is async (no thread blocked) and bounded by the caller's lock wait timeout; NOWAIT gives
// 1205 at once and SKIP LOCKED leaves the row unlocked instead of queueing.
public sealed class RowLockTable
{
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

    // Completes true once `owner` holds the lock in `mode` or stronger (at once if it already did),
    // false only under SkipLocked when it would have to wait. Throws 1213 when waiting would
    // deadlock, 1205 after `timeout` (at once under NoWait), OperationCanceledException when `ct` fires.
    public ValueTask<bool> AcquireAsync(LockOwner owner, RowLockKey key, RowLockMode mode, RowLockWait wait, TimeSpan timeout, CancellationToken ct)
    {
        while (true)
        {
            var fresh = new RowLock(owner, mode);
            if (_locks.TryAdd(key, fresh))
            {
                owner.Held.Add((key, fresh));
                return ValueTask.FromResult(true);
            }
            if (!_locks.TryGetValue(key, out var held))
                continue;
            // Only the owner's own flow gives it an exclusive lock, so this unlocked read is exact when true.
            if (held.Exclusive == owner)
                return ValueTask.FromResult(true);
            RowLockWaiter waiter;
            lock (_graph)
            {
                lock (held)
                {
                    if (held.Dead)
                        continue;
                    if (held.Covers(owner, mode))
                        return ValueTask.FromResult(true);
                    var upgrade = held.HoldsShared(owner);
                    if (held.Compatible(owner, mode, upgrade) && (upgrade || !held.HasWaiters))
                    {
                        held.Grant(owner, mode, upgrade);
                        if (!upgrade)
                            owner.Held.Add((key, held));
                        return ValueTask.FromResult(true);
                    }
                    if (wait == RowLockWait.SkipLocked)
                        return ValueTask.FromResult(false);
                    if (wait == RowLockWait.NoWait)
                    {
                        Interlocked.Increment(ref _timeouts);
                        TxErrors.ThrowLockWaitTimeout();
                    }
                    waiter = new RowLockWaiter(owner, mode, upgrade);
                    Enqueue(held, waiter);
                    if (WaitForGraph.ClosesCycle(owner))
                    {
                        Dequeue(held, waiter);
                        Interlocked.Increment(ref _deadlocks);
                        TxErrors.ThrowDeadlock();
                    }
                    _waiting++;
                    Interlocked.Increment(ref _waits);
                }
            }
            return WaitAsync(owner, key, held, waiter, timeout, ct);
        }
    }

    // Releases everything `owner` holds, granting each lock to the waiters now compatible.
    public void ReleaseAll(LockOwner owner)
    {
        foreach (var (key, held) in owner.Held)
            Release(owner, key, held);
        owner.Held.Clear();
    }

    private async ValueTask<bool> WaitAsync(LockOwner owner, RowLockKey key, RowLock held, RowLockWaiter waiter, TimeSpan timeout, CancellationToken ct)
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
                    if (!waiter.IsGranted)
                    {
                        Dequeue(held, waiter);
                        _waiting--;
                        // Requests behind it may be compatible with the holders now.
                        GrantWaiters(held);
                        if (held.IsFree && !held.HasWaiters)
                            Remove(key, held);
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
        if (!waiter.Upgrade)
            owner.Held.Add((key, held));
        return true;
    }

    private void Release(LockOwner owner, RowLockKey key, RowLock held)
    {
        lock (held)
        {
            if (!held.HasWaiters)
            {
                held.RemoveHolder(owner);
                if (held.IsFree)
                    Remove(key, held);
                return;
            }
        }
        lock (_graph)
        {
            lock (held)
            {
                held.RemoveHolder(owner);
                GrantWaiters(held);
                if (held.IsFree && !held.HasWaiters)
                    Remove(key, held);
            }
        }
    }

    // Under both locks: grants queued requests from the front while each is compatible.
    private void GrantWaiters(RowLock held)
    {
        while (held.Waiters is { Count: > 0 } waiters)
        {
            var next = waiters[0];
            if (!held.Compatible(next.Owner, next.Mode, next.Upgrade))
                return;
            waiters.RemoveAt(0);
            held.Grant(next.Owner, next.Mode, next.Upgrade);
            next.IsGranted = true;
            next.Owner.WaitingFor = null;
            next.Owner.Waiting = null;
            _waiting--;
            next.Granted.TrySetResult();
        }
    }

    private static void Enqueue(RowLock held, RowLockWaiter waiter)
    {
        var waiters = held.Waiters ??= [];
        var at = waiters.Count;
        if (waiter.Upgrade)
        {
            at = 0;
            while (at < waiters.Count && waiters[at].Upgrade)
                at++;
        }
        waiters.Insert(at, waiter);
        waiter.Owner.WaitingFor = held;
        waiter.Owner.Waiting = waiter;
    }

    private static void Dequeue(RowLock held, RowLockWaiter waiter)
    {
        held.Waiters!.Remove(waiter);
        waiter.Owner.WaitingFor = null;
        waiter.Owner.Waiting = null;
    }

    private void Remove(RowLockKey key, RowLock held)
    {
        held.Dead = true;
        _locks.TryRemove(KeyValuePair.Create(key, held));
    }
}
