namespace OceanClassic.UpdateServer.Transactions;

// Who holds row locks: an open transaction or one autocommit apply. The owner's own flow (one
// statement at a time) records what it holds; WaitingFor is the wait-for edge the deadlock
// check follows, guarded by the lock table's graph lock.
public sealed class LockOwner(ulong id)
{
    public ulong Id { get; } = id;

    // Most owners are one autocommit write of one row.
    internal List<(RowLockKey Key, RowLock Lock)> Held { get; } = new(1);

    internal RowLock? WaitingFor { get; set; }

    public int HeldCount => Held.Count;
}
