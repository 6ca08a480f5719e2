using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Statements;

// Autocommit UPDATE and DELETE first try optimistically: read at a snapshot S, apply with
// expect_unchanged_since = S (one round trip each, no lock held while reading). When another statement
// changed one of those rows after S the UPS refuses with a write conflict and nothing applies; the
// statement then runs once more the pessimistic way, in a statement transaction: lock its rows, read
// their newest committed values under the locks, apply, commit. Contended rows thus queue FIFO on the
// UPS row lock instead of failing, and the client sees 1213 only for a real wait-for cycle.
public static class ConflictRetry
{
    public static async ValueTask<T> RunAsync<T>(
        StatementContext context, Func<ReadSnapshot, ValueTask<T>> optimistic, Func<ulong, ValueTask<T>> locked)
    {
        try
        {
            // The ChunkServer fixes the snapshot (one round trip for a point update).
            return await optimistic(new ReadSnapshot());
        }
        catch (SqlError e) when (e.Code == ErrorCodes.WriteConflict)
        {
            context.Warnings.Clear();
            return await StatementTransaction.RunOwnAsync(context, commit: true, locked);
        }
    }
}
