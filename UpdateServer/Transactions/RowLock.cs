namespace OceanClassic.UpdateServer.Transactions;

// How a row lock is held: many shared holders, or one exclusive holder.
public enum RowLockMode
{
    Shared,
    Exclusive,
}

// What an acquire does when the lock cannot be granted at once (SELECT … NOWAIT / SKIP LOCKED).
public enum RowLockWait
{
    Wait,
    NoWait,
    SkipLocked,
}

// One row lock: its holders (one exclusive owner, or shared owners) and its FIFO of waiters.
// State changes under the object's own monitor (and, when waiters are involved, the table's graph
// lock first; a fresh exclusive lock is one allocation); Dead marks a lock already removed from the
// table, so a late arrival retries instead of queueing on it.
internal sealed class RowLock
{
    public RowLock(LockOwner owner, RowLockMode mode)
    {
        if (mode == RowLockMode.Exclusive)
            Exclusive = owner;
        else
            Shared = [owner];
    }

    public LockOwner? Exclusive { get; set; }
    public List<LockOwner>? Shared { get; set; }
    public List<RowLockWaiter>? Waiters { get; set; }
    public bool Dead { get; set; }

    public bool HasWaiters => Waiters is { Count: > 0 };

    public bool IsFree => Exclusive is null && Shared is not { Count: > 0 };

    // Holds it in `mode` or stronger.
    public bool Covers(LockOwner owner, RowLockMode mode) =>
        Exclusive == owner || (mode == RowLockMode.Shared && Shared is { } s && s.Contains(owner));

    public bool HoldsShared(LockOwner owner) => Shared is { } s && s.Contains(owner);

    // Compatible with the holders (ignoring the queue): shared with no exclusive holder; exclusive
    // with no holder but, for an upgrade, the owner's own shared hold.
    public bool Compatible(LockOwner owner, RowLockMode mode, bool upgrade)
    {
        if (Exclusive is not null)
            return false;
        if (mode == RowLockMode.Shared)
            return true;
        var shared = Shared?.Count ?? 0;
        return upgrade ? shared == 1 && Shared![0] == owner : shared == 0;
    }

    public void Grant(LockOwner owner, RowLockMode mode, bool upgrade)
    {
        if (mode == RowLockMode.Shared)
        {
            (Shared ??= []).Add(owner);
            return;
        }
        if (upgrade)
            Shared!.Remove(owner);
        Exclusive = owner;
    }

    public void RemoveHolder(LockOwner owner)
    {
        if (Exclusive == owner)
            Exclusive = null;
        else
            Shared?.Remove(owner);
    }
}

// A queued request. An upgrade (shared holder asking for exclusive) queues ahead of plain requests:
// everyone behind it would wait for its shared hold anyway.
internal sealed class RowLockWaiter(LockOwner owner, RowLockMode mode, bool upgrade)
{
    public LockOwner Owner { get; } = owner;
    public RowLockMode Mode { get; } = mode;
    public bool Upgrade { get; } = upgrade;
    public bool IsGranted { get; set; }
    public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
