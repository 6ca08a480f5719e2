namespace OceanClassic.Common.Protos;

// The packet code of every RPC, grouped by the role that serves it (0.4 numbered its
// ObPacketCode the same way). Request/response messages are in the .proto beside this file.
public static class PacketCodes
{
    // Every role.
    public const uint Ping = 1;          // Empty -> PingResponse
    public const uint Status = 2;        // Empty -> StatusResponse

    // RootServer.
    public const uint RsHeartbeat = 100;        // HeartbeatRequest -> HeartbeatResponse (also registers)
    public const uint RsGetServers = 101;       // Empty -> ServerListResponse
    public const uint RsGetSchema = 102;        // Empty -> SchemaResponse
    public const uint RsCreateDatabase = 103;   // CreateDatabaseRequest -> DdlResponse
    public const uint RsDropDatabase = 104;     // DropDatabaseRequest -> DdlResponse
    public const uint RsCreateTable = 105;      // CreateTableRequest -> DdlResponse
    public const uint RsDropTable = 106;        // DropTableRequest -> DdlResponse
    public const uint RsGetTablets = 107;       // TabletLocationRequest -> TabletLocationResponse
    public const uint RsSwitchUpsMaster = 108;  // SwitchUpsMasterRequest -> SwitchUpsMasterResponse
    public const uint RsMajorFreeze = 109;      // Empty -> MajorFreezeResponse (ALTER SYSTEM MAJOR FREEZE)
    public const uint RsReportTablets = 110;    // TabletReportRequest -> TabletReportResponse (a ChunkServer's tablets)
    public const uint RsReportUpsSyncSet = 111; // UpsSyncSetRequest -> UpsSyncSetResponse (the UPS master's sync set)
    public const uint RsPairStatus = 112;       // Empty -> RsPairStatusResponse (the other RS of the pair asks)
    public const uint RsPairRenew = 113;        // RsPairRenewRequest -> RsPairRenewResponse (primary -> backup: log + lease)
    public const uint RsSetUpsReplication = 114; // SetUpsReplicationRequest -> Empty (ALTER SYSTEM SET ups_replication)
    public const uint RsIndexDdl = 130;         // IndexDdlRequest -> DdlResponse (CREATE/DROP INDEX, ALTER TABLE ADD/DROP INDEX)
    public const uint RsAlterTables = 140;      // AlterTablesRequest -> DdlResponse (ALTER TABLE, RENAME TABLE)
    public const uint RsTruncateTable = 141;    // TruncateTableRequest -> DdlResponse
    public const uint RsChangeAccounts = 150;   // AccountChangeRequest -> DdlResponse (CREATE/ALTER/DROP USER, GRANT, REVOKE)

    // UpdateServer.
    public const uint UpsApply = 200;           // ApplyRequest -> ApplyResponse
    public const uint UpsScanIncrement = 201;   // ScanIncrementRequest -> ScanIncrementResponse
    public const uint UpsAllocAutoInc = 202;    // AllocAutoIncRequest -> AllocAutoIncResponse
    public const uint UpsCommittedVersion = 203; // Empty -> CommittedVersionResponse
    public const uint UpsBeginTx = 204;         // BeginTxRequest -> BeginTxResponse
    public const uint UpsEndTx = 205;           // EndTxRequest -> EndTxResponse
    public const uint UpsFetchLog = 206;        // FetchLogRequest -> FetchLogResponse (a backup pulls the master's log)
    public const uint UpsHandOver = 207;        // HandOverRequest -> HandOverResponse (planned master switch)
    public const uint UpsMajorFreeze = 208;     // Empty -> MajorFreezeResponse (from the RootServer)
    public const uint UpsMinorFreeze = 209;     // Empty -> MinorFreezeResponse (freeze + dump on the master)
    public const uint UpsFetchDump = 210;       // FetchDumpRequest -> FetchDumpResponse (a backup copies the master's dump)
    public const uint UpsReadLog = 211;         // FetchLogRequest -> FetchLogResponse (any UPS's own log, read only: tail repair)
    public const uint UpsSavepoint = 212;       // SavepointRequest -> SavepointResponse
    public const uint UpsPrepareTerm = 213;     // PrepareTermRequest -> PrepareTermResponse (the RS starts a term: majority election)

    // ChunkServer.
    public const uint CsScanTablet = 300;       // TabletScanRequest -> TabletScanResponse
    public const uint CsFetchTablet = 301;      // TabletFetchRequest -> TabletFetchResponse (a new replica copies the baseline)
    public const uint CsRevokeIncrementLease = 302; // RevokeIncrementLeaseRequest -> Empty (from the UPS master, before a write)
}
