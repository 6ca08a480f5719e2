using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Statements;

// UPDATE and DELETE read at a snapshot S and apply with expect_unchanged_since = S; when another
// statement changed one of those rows after S the UPS refuses with 1213 and nothing applies. The whole
// statement then runs again at a new snapshot, with jittered backoff, within the write retry budget —
// this is what makes concurrent `UPDATE t SET v=v+1` all count. Past the budget the client gets 1213
// (sysbench and most applications retry it).
public static class ConflictRetry
{
    public static async ValueTask<T> RunAsync<T>(StatementContext context, Func<ReadSnapshot, ValueTask<T>> attempt)
    {
        var deadline = DateTime.UtcNow + context.Engine.Options.WriteRetryBudget;
        for (var n = 1; ; n++)
        {
            // The first attempt lets the ChunkServer fix the snapshot (one round trip for a point update);
            // retries take the UPS's newest committed version explicitly.
            var snapshot = n == 1 ? new ReadSnapshot() : new ReadSnapshot(await context.Engine.Writer.CommittedVersionAsync(context.Ct));
            try
            {
                return await attempt(snapshot);
            }
            catch (SqlError e) when (e.Code == ErrorCodes.Deadlock && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + Math.Min(n, 20) * 3)), context.Ct);
            }
        }
    }
}
