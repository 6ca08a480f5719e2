using System.Runtime.CompilerServices;
using Google.Protobuf;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.Common.Tasks;

namespace OceanClassic.MergeServer.Engine.Cluster;

// IClusterGateway over the real RPCs: RootServer calls through RootServerClient (tries each RS), UPS calls
// to the master the heartbeat named, ChunkServer calls to the replica the engine chose.
// Every call has the one RPC timeout, so a silent UPS is given up on after it. An apply may wait for row
// locks at the UPS, so it carries a lock wait limit below that timeout (the timeout less a fifth, at most
// 1 s less): a statement queued behind a row lock hears 1205 from the UPS before the call times out (1105).
public sealed class RpcClusterGateway(RpcClientPool clients, RootServerClient rootServer, TimeSpan timeout) : IClusterGateway
{
    private static readonly Empty EmptyRequest = new();
    private readonly uint _lockWaitLimitMs = LockWaitLimitMs(timeout);
    private readonly Lock _refreshLock = new();
    private volatile string _upsMaster = "";
    private Task? _refresh;

    public string UpsMaster => _upsMaster;

    public void OnUpsMaster(string address) => _upsMaster = address;

    public ValueTask<SchemaResponse> GetSchemaAsync(CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsGetSchema, EmptyRequest, SchemaResponse.Parser, ct);

    public ValueTask<DdlResponse> CreateDatabaseAsync(CreateDatabaseRequest request, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsCreateDatabase, request, DdlResponse.Parser, ct);

    public ValueTask<DdlResponse> ChangeAccountsAsync(AccountChangeRequest request, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsChangeAccounts, request, DdlResponse.Parser, ct);

    public ValueTask<DdlResponse> DropDatabaseAsync(DropDatabaseRequest request, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsDropDatabase, request, DdlResponse.Parser, ct);

    public ValueTask<DdlResponse> CreateTableAsync(CreateTableRequest request, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsCreateTable, request, DdlResponse.Parser, ct);

    public ValueTask<DdlResponse> DropTableAsync(DropTableRequest request, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsDropTable, request, DdlResponse.Parser, ct);

    public ValueTask<DdlResponse> IndexDdlAsync(IndexDdlRequest request, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsIndexDdl, request, DdlResponse.Parser, ct);

    public ValueTask<DdlResponse> AlterTablesAsync(AlterTablesRequest request, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsAlterTables, request, DdlResponse.Parser, ct);

    public ValueTask<DdlResponse> TruncateTableAsync(TruncateTableRequest request, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsTruncateTable, request, DdlResponse.Parser, ct);

    public ValueTask<TabletLocationResponse> GetTabletsAsync(ulong tableId, CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsGetTablets, new TabletLocationRequest { TableId = tableId }, TabletLocationResponse.Parser, ct);

    public ValueTask<ServerListResponse> GetServersAsync(CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsGetServers, EmptyRequest, ServerListResponse.Parser, ct);

    public ValueTask<MajorFreezeResponse> MajorFreezeAsync(CancellationToken ct) =>
        CallRootAsync(PacketCodes.RsMajorFreeze, EmptyRequest, MajorFreezeResponse.Parser, ct);

    public ValueTask<MinorFreezeResponse> MinorFreezeAsync(CancellationToken ct) =>
        CallUpsAsync(PacketCodes.UpsMinorFreeze, EmptyRequest, MinorFreezeResponse.Parser, ct);

    public ValueTask<StatusResponse> GetStatusAsync(string address, CancellationToken ct) =>
        CallAsync(address, PacketCodes.Status, EmptyRequest, StatusResponse.Parser, ct);

    public ValueTask<ApplyResponse> ApplyAsync(ApplyRequest request, CancellationToken ct)
    {
        request.LockWaitLimitMs = _lockWaitLimitMs;
        return CallUpsAsync(PacketCodes.UpsApply, request, ApplyResponse.Parser, ct);
    }

    public static uint LockWaitLimitMs(TimeSpan rpcTimeout)
    {
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, rpcTimeout.Ticks / 5));
        return (uint)Math.Max(1, (rpcTimeout - margin).TotalMilliseconds);
    }

    public ValueTask<BeginTxResponse> BeginTxAsync(BeginTxRequest request, CancellationToken ct) =>
        CallUpsAsync(PacketCodes.UpsBeginTx, request, BeginTxResponse.Parser, ct);

    public ValueTask<EndTxResponse> EndTxAsync(EndTxRequest request, CancellationToken ct) =>
        CallUpsAsync(PacketCodes.UpsEndTx, request, EndTxResponse.Parser, ct);

    public ValueTask<SavepointResponse> SavepointAsync(SavepointRequest request, CancellationToken ct) =>
        CallUpsAsync(PacketCodes.UpsSavepoint, request, SavepointResponse.Parser, ct);

    public ValueTask<AllocAutoIncResponse> AllocAutoIncAsync(AllocAutoIncRequest request, CancellationToken ct) =>
        CallUpsAsync(PacketCodes.UpsAllocAutoInc, request, AllocAutoIncResponse.Parser, ct);

    public async ValueTask<ulong> CommittedVersionAsync(CancellationToken ct) =>
        (await CallUpsAsync(PacketCodes.UpsCommittedVersion, EmptyRequest, CommittedVersionResponse.Parser, ct)).Version;

    public bool ReadsIncrements => true;

    public ValueTask<ScanIncrementResponse> ScanIncrementAsync(ScanIncrementRequest request, CancellationToken ct) =>
        CallUpsAsync(PacketCodes.UpsScanIncrement, request, ScanIncrementResponse.Parser, ct);

    public ValueTask<TabletScanResponse> ScanTabletAsync(string chunkServer, TabletScanRequest request, CancellationToken ct) =>
        CallAsync(chunkServer, PacketCodes.CsScanTablet, request, TabletScanResponse.Parser, ct);

    public async ValueTask<SwitchUpsMasterResponse> SwitchUpsMasterAsync(string? target, CancellationToken ct) =>
        await CallRootAsync(PacketCodes.RsSwitchUpsMaster, new SwitchUpsMasterRequest { Target = target ?? "" }, SwitchUpsMasterResponse.Parser, ct);

    public async ValueTask SetUpsReplicationAsync(string replication, CancellationToken ct) =>
        await CallRootAsync(PacketCodes.RsSetUpsReplication, new SetUpsReplicationRequest { Replication = replication }, Empty.Parser, ct);

    public ValueTask<StatusResponse> StatusAsync(string address, CancellationToken ct) =>
        CallAsync(address, PacketCodes.Status, EmptyRequest, StatusResponse.Parser, ct);

    // A write refused by a UPS that is not (or no longer) the master was not applied: ask the RS
    // who the master is now and let the caller's retry loop resend it there. An unreachable
    // master is looked up again the same way (the heartbeat would tell us too, a little later).
    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))]
    private async ValueTask<TResp> CallUpsAsync<TReq, TResp>(uint code, TReq request, MessageParser<TResp> parser, CancellationToken ct)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        var master = Master();
        try
        {
            return await clients.CallAsync(master, code, request, parser, timeout, ct);
        }
        catch (RpcException e) when (e.Code is WireErrorCodes.NotMaster or RpcErrorCodes.ConnectionFailed)
        {
            await RefreshUpsMasterAsync(master, ct);
            if (e.Code == WireErrorCodes.NotMaster)
                throw new ClusterUnavailableException($"{master}: {e.Message}", mayHaveApplied: false, e);
            throw Translate(e, master);
        }
        catch (RpcException e)
        {
            throw Translate(e, master);
        }
    }

    // Writers that fail together share one lookup (during a failover every writer retries every
    // ~100 ms; they need not each ask the RS).
    private Task RefreshUpsMasterAsync(string stale, CancellationToken ct)
    {
        lock (_refreshLock)
        {
            if (_refresh is not { IsCompleted: false })
                _refresh = LookUpUpsMasterAsync(stale);
            return _refresh.WaitAsync(ct);
        }
    }

    private async Task LookUpUpsMasterAsync(string stale)
    {
        try
        {
            var servers = await rootServer.CallAsync(PacketCodes.RsGetServers, EmptyRequest, ServerListResponse.Parser, CancellationToken.None);
            var master = servers.Servers.FirstOrDefault(s => s.IsUpsMaster)?.Address;
            if (master is not null && _upsMaster == stale)
                _upsMaster = master;
        }
        catch (RpcException)
        {
            // The RS is unreachable too: the next heartbeat will tell.
        }
    }

    private string Master()
    {
        var master = _upsMaster;
        if (master.Length == 0)
            throw new ClusterUnavailableException("no UpdateServer master is known yet", mayHaveApplied: false);
        return master;
    }

    private async ValueTask<TResp> CallRootAsync<TReq, TResp>(uint code, TReq request, MessageParser<TResp> parser, CancellationToken ct)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        try
        {
            return await rootServer.CallAsync(code, request, parser, ct);
        }
        catch (RpcException e)
        {
            throw Translate(e, "RootServer");
        }
    }

    private async ValueTask<TResp> CallAsync<TReq, TResp>(string address, uint code, TReq request, MessageParser<TResp> parser, CancellationToken ct)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        try
        {
            return await clients.CallAsync(address, code, request, parser, timeout, ct);
        }
        catch (RpcException e)
        {
            throw Translate(e, address);
        }
    }

    // Positive codes are MySQL errors chosen by the remote role; negative ones are transport failures,
    // which may have applied a write unless the request certainly never reached the peer.
    public static Exception Translate(RpcException e, string target)
    {
        if (e.Code > 0)
            return new SqlError(e.Code, ErrorCodes.SqlStateOf(e.Code), e.Message) { FailedItem = e.Item };
        return e.Code is RpcErrorCodes.ConnectionFailed or RpcErrorCodes.Timeout or RpcErrorCodes.Canceled
            ? new ClusterUnavailableException($"{target}: {e.Message}", mayHaveApplied: e.MayHaveReachedPeer, e)
            : new SqlError(ErrorCodes.Unknown, "HY000", $"{target}: {e.Message}");
    }
}
