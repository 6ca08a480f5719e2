using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Execution;

// How a locking read (SELECT … FOR UPDATE / LOCK IN SHARE MODE / FOR SHARE) locks the rows it reads:
// shared or exclusive, and whether it queues (the default), fails at once (NOWAIT, 1205) or leaves
// locked rows out (SKIP LOCKED). Null for a plain read.
public sealed record RowLockMode(bool Shared, LockWait Wait)
{
    public static RowLockMode? Of(SelectStatement select) => select.Lock switch
    {
        SelectLockMode.None => null,
        _ => new RowLockMode(select.Lock == SelectLockMode.LockInShareMode, select.LockWait switch
        {
            SelectLockWait.NoWait => LockWait.Nowait,
            SelectLockWait.SkipLocked => LockWait.SkipLocked,
            _ => LockWait.Queue,
        }),
    };
}
