using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Engine.Statements;

// The rows an UPDATE or DELETE inside a transaction touches, read under their row locks, so the
// apply needs no conflict check: the locks hold until the transaction ends.
// - WHERE pins the whole primary key to constants (=, IN): lock those keys (MUT_LOCK), then read them.
// - Otherwise: read the candidate keys (through the access path a SELECT would take), lock them, read them again at the latest committed version and
//   re-check the WHERE (a row another transaction changed before we got its lock may no longer match).
// Reads are READ COMMITTED plus the transaction's own writes (read_version 0, tx_id).
public static class LockedRowReader
{
    public static async ValueTask<List<ObObj[]>> ReadAsync(
        StatementContext context, TableSchema table, BoundExpr? where, IReadOnlyCollection<int> needed,
        IReadOnlyList<(BoundExpr Expr, bool Descending)> order, long? limit, ulong txId)
    {
        var ranges = KeyRangeExtractor.Extract(where, table);
        if (ranges.Count == 0)
            return [];
        if (!ranges.All(r => r.IsPoint))
        {
            var candidates = await DmlRowReader.ReadAsync(context, table, where, needed, new ReadSnapshot(0, txId));
            candidates = DmlOrderLimit.Apply(candidates, order, limit, context);
            ranges = [.. candidates.Select(r => MutationBuilder.RowKey(table, r)).Order(ByteKeyComparer.Instance).Select(ScanRange.Point)];
            if (ranges.Count == 0)
                return [];
        }
        await RowLocker.LockAsync(context, table, [.. ranges.Select(r => r.Start!)], shared: false, LockWait.Queue, txId);
        var rows = await DmlRowReader.ReadAsync(context, table, where, needed, new ReadSnapshot(0, txId), ranges);
        return DmlOrderLimit.Apply(rows, order, limit, context);
    }
}
