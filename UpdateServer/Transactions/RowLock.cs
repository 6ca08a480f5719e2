namespace OceanClassic.UpdateServer.Transactions;

// One held row lock and its FIFO of waiters. Owner and Waiters change under the object's own
// monitor (and, when waiters are involved, the table's graph lock first; no extra lock object
// per row keeps the uncontended path to one allocation); Dead marks a lock already removed
// from the table, so a late arrival retries instead of queueing on it.
internal sealed class RowLock(LockOwner owner)
{
    public LockOwner Owner { get; set; } = owner;
    public List<RowLockWaiter>? Waiters { get; set; }
    public bool Dead { get; set; }

    public bool HasWaiters => Waiters is { Count: > 0 };
}

internal sealed class RowLockWaiter(LockOwner owner)
{
    public LockOwner Owner { get; } = owner;
    public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
