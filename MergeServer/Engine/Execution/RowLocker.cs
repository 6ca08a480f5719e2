using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// Takes row locks in a UPS transaction without changing the rows (MUT_LOCK / MUT_LOCK_SHARED): one
// request for all keys, which the UPS locks in key order (two statements locking overlapping sets
// queue instead of deadlocking). Returns the keys it locked: all of them, except under SKIP LOCKED.
public static class RowLocker
{
    public static async ValueTask<IReadOnlyList<byte[]>> LockAsync(
        StatementContext context, TableSchema table, IReadOnlyList<byte[]> keys, bool shared, LockWait wait, ulong txId)
    {
        if (keys.Count == 0)
            return keys;
        var request = new ApplyRequest { TxId = txId, LockWait = wait };
        var op = shared ? MutationOp.MutLockShared : MutationOp.MutLock;
        foreach (var key in keys)
            request.Mutations.Add(new RowMutation { TableId = table.TableId, Rowkey = ByteString.CopyFrom(key), Op = op });
        var response = await context.Engine.Writer.ApplyAsync(request, context.Ct);
        if (response.SkippedRowkeys.Count == 0)
            return keys;
        var skipped = response.SkippedRowkeys.Select(k => k.ToByteArray()).ToHashSet(ByteKeyComparer.Instance);
        return [.. keys.Where(k => !skipped.Contains(k))];
    }
}
