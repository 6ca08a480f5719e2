using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Engine.Cluster;

// Every call the SQL engine makes to other roles. The real implementation sends RPCs; engine tests use an
// in-memory cluster that honours the same contracts. Failures surface as SqlError (a MySQL code the
// remote role chose: 1062, 1213, 1146…) or ClusterUnavailableException (the role could not be reached).
public interface IClusterGateway
{
    // RootServer.
    ValueTask<SchemaResponse> GetSchemaAsync(CancellationToken ct);

    ValueTask<DdlResponse> CreateDatabaseAsync(CreateDatabaseRequest request, CancellationToken ct);

    ValueTask<DdlResponse> DropDatabaseAsync(DropDatabaseRequest request, CancellationToken ct);

    ValueTask<DdlResponse> CreateTableAsync(CreateTableRequest request, CancellationToken ct);

    ValueTask<DdlResponse> DropTableAsync(DropTableRequest request, CancellationToken ct);

    // CREATE/DROP INDEX, ALTER TABLE ADD/DROP INDEX, and the end of an index's backfill.
    ValueTask<DdlResponse> IndexDdlAsync(IndexDdlRequest request, CancellationToken ct) =>
        throw new SqlError(ErrorCodes.NotSupported, "42000", "this cluster gateway cannot change indexes");

    // ALTER TABLE, RENAME TABLE (definitions replaced under their ids) and TRUNCATE TABLE (a new id).
    ValueTask<DdlResponse> AlterTablesAsync(AlterTablesRequest request, CancellationToken ct) =>
        throw new SqlError(ErrorCodes.NotSupported, "42000", "this cluster gateway cannot alter tables");

    ValueTask<DdlResponse> TruncateTableAsync(TruncateTableRequest request, CancellationToken ct) =>
        throw new SqlError(ErrorCodes.NotSupported, "42000", "this cluster gateway cannot truncate tables");

    // CREATE / ALTER / DROP USER, SET PASSWORD, GRANT, REVOKE: new account records, each checked against
    // the version it was made from.
    ValueTask<DdlResponse> ChangeAccountsAsync(AccountChangeRequest request, CancellationToken ct) =>
        throw new SqlError(ErrorCodes.NotSupported, "42000", "this cluster gateway cannot change accounts");

    ValueTask<TabletLocationResponse> GetTabletsAsync(ulong tableId, CancellationToken ct);

    ValueTask<ServerListResponse> GetServersAsync(CancellationToken ct);

    // ALTER SYSTEM MAJOR FREEZE (the RootServer asks the UPS master and tells the ChunkServers).
    ValueTask<MajorFreezeResponse> MajorFreezeAsync(CancellationToken ct) =>
        throw new SqlError(ErrorCodes.NotSupported, "42000", "this cluster gateway cannot freeze");

    // ALTER SYSTEM MINOR FREEZE (the UPS master freezes its MemTable and dumps it).
    ValueTask<MinorFreezeResponse> MinorFreezeAsync(CancellationToken ct) =>
        throw new SqlError(ErrorCodes.NotSupported, "42000", "this cluster gateway cannot freeze");

    // Any server's Status (for __all_merge_stat).
    ValueTask<StatusResponse> GetStatusAsync(string address, CancellationToken ct) =>
        ValueTask.FromResult(new StatusResponse { Address = address });

    // UpdateServer master: the heartbeat names it, the gateway sends there.
    void OnUpsMaster(string address);

    // True when ScanIncrementAsync reaches the UpdateServer master (tablets with an empty baseline are then
    // read there directly, see TableScanner.Increments); false sends every read through the ChunkServers.
    bool ReadsIncrements => false;

    // The UPS master's increments of a range (ChunkServers fuse them with their baselines; a tablet whose
    // baseline is empty is exactly its increments).
    ValueTask<ScanIncrementResponse> ScanIncrementAsync(ScanIncrementRequest request, CancellationToken ct) =>
        throw new SqlError(ErrorCodes.NotSupported, "42000", "this cluster gateway cannot read increments");

    // request.tx_id != 0: the mutations join that open transaction (row locks, private writes).
    ValueTask<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken ct);

    // UPS sessions: a transaction holds its row locks and keeps its writes private until EndTx.
    ValueTask<BeginTxResponse> BeginTxAsync(BeginTxRequest request, CancellationToken ct);

    ValueTask<EndTxResponse> EndTxAsync(EndTxRequest request, CancellationToken ct);

    ValueTask<SavepointResponse> SavepointAsync(SavepointRequest request, CancellationToken ct);

    ValueTask<AllocAutoIncResponse> AllocAutoIncAsync(AllocAutoIncRequest request, CancellationToken ct);

    ValueTask<ulong> CommittedVersionAsync(CancellationToken ct);

    // ALTER SYSTEM SWITCH UPS MASTER [TO target] (RootServer).
    ValueTask<SwitchUpsMasterResponse> SwitchUpsMasterAsync(string? target, CancellationToken ct) =>
        throw new NotSupportedException("switching the UpdateServer master needs a real cluster");

    // ALTER SYSTEM SET ups_replication = 'shipping' | 'majority' (RootServer).
    ValueTask SetUpsReplicationAsync(string replication, CancellationToken ct) =>
        throw new NotSupportedException("setting ups_replication needs a real cluster");

    // Any role's Status packet (the __all_*_stat views).
    ValueTask<StatusResponse> StatusAsync(string address, CancellationToken ct) =>
        throw new NotSupportedException("server status needs a real cluster");

    // One ChunkServer replica; request.tx_id != 0 folds that transaction's own writes in.
    ValueTask<TabletScanResponse> ScanTabletAsync(string chunkServer, TabletScanRequest request, CancellationToken ct);
}
