namespace OceanClassic.UpdateServer.Transactions;

// Who holds row locks: an open transaction or one autocommit apply. The owner's own flow (one
// statement at a time) records what it holds; WaitingFor / Waiting are the one lock it queues on
// and its place in that queue, which the deadlock check follows (guarded by the table's graph lock).
public sealed class LockOwner(ulong id)
{
    public ulong Id { get; } = id;

    // Most owners are one autocommit write of one row. Each lock appears once (an upgrade from
    // shared to exclusive keeps its entry).
    internal List<(RowLockKey Key, RowLock Lock)> Held { get; } = new(1);

    internal RowLock? WaitingFor { get; set; }

    internal RowLockWaiter? Waiting { get; set; }

    public int HeldCount => Held.Count;
}
