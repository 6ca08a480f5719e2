using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Session;

// A UPS transaction that lives for one statement, for autocommit statements that must hold row
// locks while they read: a locking SELECT outside a transaction (its locks end with the statement,
// as InnoDB's do under autocommit) and the locked redo of an UPDATE or DELETE whose optimistic
// attempt met a write conflict. Inside a session transaction the statement uses that one instead.
// Any failure rolls the statement transaction back; its error (1205, 1213, …) goes to the client.
public static class StatementTransaction
{
    // `body` runs with the session's transaction when one is open (its locks then last until it
    // ends); otherwise with a statement transaction ended when `body` returns (committed if `commit`).
    public static async ValueTask<T> RunAsync<T>(StatementContext context, bool commit, Func<ulong, ValueTask<T>> body)
    {
        var session = context.Session;
        if (await session.WriteTxIdAsync(context.Ct) is var sessionTx and not 0)
            return await body(sessionTx);
        return await RunOwnAsync(context, commit, body);
    }

    // Always a statement transaction of its own (the caller knows the session has none).
    public static async ValueTask<T> RunOwnAsync<T>(StatementContext context, bool commit, Func<ulong, ValueTask<T>> body)
    {
        var gateway = context.Engine.Gateway;
        var begin = await context.Engine.Writer.BeginTxAsync(new BeginTxRequest { LockWaitTimeoutMs = context.Session.LockWaitTimeoutMs() }, context.Ct);
        T result;
        try
        {
            result = await body(begin.TxId);
        }
        catch
        {
            await RollbackQuietlyAsync(gateway, begin.TxId);
            throw;
        }
        await gateway.EndTxAsync(new EndTxRequest { TxId = begin.TxId, Commit = commit }, context.Ct);
        return result;
    }

    // The UPS rolls an unreachable or forgotten transaction back on its own (idle timeout).
    private static async ValueTask RollbackQuietlyAsync(IClusterGateway gateway, ulong txId)
    {
        try
        {
            await gateway.EndTxAsync(new EndTxRequest { TxId = txId, Commit = false }, CancellationToken.None);
        }
        catch (Exception e) when (e is SqlError or ClusterUnavailableException)
        {
        }
    }
}
