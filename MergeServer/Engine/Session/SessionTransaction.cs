using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Session;

// The session's transaction: BEGIN (or autocommit=0) opens it here; the UPS session behind it starts
// lazily, at the first write, so read-only transactions never touch the UpdateServer (READ COMMITTED
// reads of committed data need no transaction id until the transaction has its own writes).
// The first write carries the BEGIN to the UPS (ApplyBeginningAsync) where the statement allows it.
// COMMIT / ROLLBACK end the UPS session. The state is cleared before EndTx is sent: whatever the UPS
// answers, the session has left the transaction.
public sealed class SessionTransaction(IClusterGateway gateway)
{
    // BEGIN / START TRANSACTION not yet ended.
    public bool Explicit { get; private set; }

    // The UPS transaction; 0 until the first write.
    public ulong TxId { get; private set; }

    public bool Active => Explicit || TxId != 0;

    public int LockWaitTimeoutMs { get; set; }

    public int IdleTimeoutMs { get; set; }

    // Once the transaction wrote: the oldest schema version its statements used, held until it ends
    // (an online CREATE INDEX waits for writers that may not maintain the new index: SchemaCache.Use).
    public Schema.SchemaUse? SchemaHold { get; set; }

    public void BeginExplicit() => Explicit = true;

    // The savepoints of the open transaction, oldest first (the UPS keeps what each one saved).
    public List<string> Savepoints { get; } = [];

    public async ValueTask<ulong> EnsureStartedAsync(CancellationToken ct)
    {
        if (TxId != 0)
            return TxId;
        var response = await gateway.BeginTxAsync(
            new BeginTxRequest { LockWaitTimeoutMs = LockWaitTimeoutMs, IdleTimeoutMs = IdleTimeoutMs }, ct);
        TxId = response.TxId;
        return TxId;
    }

    // The transaction's first write, carrying its BEGIN (ApplyRequest.begin): the UPS begins the transaction
    // and runs the write in it, one request instead of BeginTx and then the write. A write that fails leaves
    // no transaction at the UPS (it rolls back what it began), so TxId stays 0 and the next write begins again.
    public async ValueTask<ApplyResponse> ApplyBeginningAsync(MutationWriter writer, ApplyRequest request, CancellationToken ct)
    {
        request.TxId = 0;
        request.Begin = new BeginTxRequest { LockWaitTimeoutMs = LockWaitTimeoutMs, IdleTimeoutMs = IdleTimeoutMs };
        var response = await writer.ApplyAsync(request, ct);
        if (response.TxId == 0)
            throw new SqlError(ErrorCodes.Unknown, "HY000", "the UpdateServer did not begin the transaction");
        TxId = response.TxId;
        return response;
    }

    public ValueTask<ulong> CommitAsync(CancellationToken ct) => EndAsync(commit: true, ct);

    public ValueTask<ulong> RollbackAsync(CancellationToken ct) => EndAsync(commit: false, ct);

    // The UPS no longer knows the transaction: leave it without telling the UPS.
    public void Abandon()
    {
        Explicit = false;
        TxId = 0;
        Savepoints.Clear();
        SchemaHold?.Dispose();
        SchemaHold = null;
    }

    private async ValueTask<ulong> EndAsync(bool commit, CancellationToken ct)
    {
        var txId = TxId;
        Abandon();
        if (txId == 0)
            return 0;
        try
        {
            return (await gateway.EndTxAsync(new EndTxRequest { TxId = txId, Commit = commit }, ct)).CommitVersion;
        }
        catch (SqlError e) when (!commit && e.Code == ErrorCodes.TransactionNotFound)
        {
            return 0; // already rolled back (idle timeout)
        }
    }
}
