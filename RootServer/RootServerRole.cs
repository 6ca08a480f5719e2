using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.DailyMerge;
using OceanClassic.RootServer.Pair;
using OceanClassic.RootServer.Balance;
using OceanClassic.RootServer.Schema;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer;

// The cluster manager: server leases, the UPS master, schema and the root table. Of an RS pair only
// the primary serves, and only while it can prove its state current (RsPair decides; PrimaryRpc checks
// before and after each request's work); otherwise it answers NotPrimary, and a backup keeps a copy
// of the state.
public sealed class RootServerRole : IRoleService, IRpcEndpoints
{
    private readonly RoleContext _context;
    private readonly RsOptions _options;
    private readonly ILogger _log;
    private readonly ServerRegistry _registry;
    private readonly UpsMasterElection _election;
    private readonly TabletPlacement _placement;
    private readonly RsStore _store;
    private readonly DailyMergeCoordinator _merge;
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly RsPair _pair;
    // Tablet repair waits one server lease after becoming primary: until then a ChunkServer that has
    // not heartbeated yet (a restarted RS knows nobody) is not dead, only not heard from.
    private DateTimeOffset _repairFrom;
    private MajorFreezeDutySchedule? _duty;
    private SchemaService? _schema;
    private CancellationTokenSource? _loopStop;
    private Task _loop = Task.CompletedTask;

    public RootServerRole(RoleContext context)
    {
        _context = context;
        _options = context.BindOptions<RsOptions>();
        _log = context.LoggerFactory.CreateLogger("rootserver");
        _registry = new ServerRegistry(_options.ServerLease, _log);
        _election = new UpsMasterElection(_registry, ConfigDuration.Parse(_options.UpsLeaseTime), _log)
        {
            DefaultReplication = _options.UpsReplication.Trim().ToLowerInvariant(),
            PrepareTerm = (address, request, timeout, ct) =>
                context.Clients.CallAsync(address, PacketCodes.UpsPrepareTerm, request, PrepareTermResponse.Parser, timeout, ct),
        };
        _placement = new TabletPlacement(_registry, _options.TabletReplicasNum, _log);
        _store = new RsStore(context.DataDir, _options.CheckpointInterval, _log);
        _merge = new DailyMergeCoordinator(context.Clients, _store, ConfigDuration.Parse(_options.MergeReleaseGrace), _log);
        _pair = new RsPair(context.Address, context.Server.RootServers, ConfigDuration.Parse(_options.RsLeaseTime), context.Clients, _store, _log,
            PromoteAsync, DemoteAsync, ct => Schema.ReadAsync(s => s.ToCheckpoint(), ct));
        _store.Appended = _pair.ShipAppendedAsync;
        context.Rpc.Gate = code => code is PacketCodes.Ping or PacketCodes.Status or PacketCodes.RsPairStatus or PacketCodes.RsPairRenew || _pair.MayServe
            ? null
            : new RpcException(RpcErrorCodes.NotPrimary, $"RootServer {context.Address} is {_pair.RoleText}, not a primary that can prove its state current");
        new RsPairEndpoints(_pair).MapTo(context.Rpc);
        var primaryRpc = new PrimaryRpc(context.Rpc, _pair);
        MapTo(primaryRpc);
        new DailyMergeEndpoints(_merge, () => Schema, () => _election.Master).MapTo(primaryRpc);
    }

    private SchemaService Schema => _schema ?? throw new RpcException(RpcErrorCodes.Internal, "RootServer is starting");

    public Task StartAsync(CancellationToken ct) => _pair.StartAsync(ct);

    // Alone, or the primary of the pair: load the state, begin an epoch (at least `epoch`, above the
    // state's) and start managing the cluster.
    private async Task<ulong> PromoteAsync(ulong epoch, CancellationToken ct)
    {
        var state = await _store.LoadAsync(ct).ConfigureAwait(false);
        _repairFrom = _clock.GetUtcNow() + _options.ServerLease;
        var schema = new SchemaService(state, _store);
        var begun = Math.Max(epoch, state.Epoch + 1);
        await schema.WriteAsync(async s =>
        {
            await _store.AppendAsync(s, new RsLogEntry { BeginEpoch = begun }, ct).ConfigureAwait(false);
            return 0;
        }, ct).ConfigureAwait(false);
        _schema = schema;
        _election.Restore(state.UpsMaster, PersistUpsMasterAsync);
        _duty = MajorFreezeDutySchedule.Create(_options.MajorFreezeDutyTime, _clock);
        if (_duty is not null)
            _log.LogInformation("daily major freeze at {Duty} local time; next at {Next:O}", _options.MajorFreezeDutyTime, _duty.NextDue);
        _loopStop = new CancellationTokenSource();
        _loop = MaintainAsync(_loopStop.Token);
        return begun;
    }

    // The pair's other RS took over, or this one cannot prove its state current: stop managing
    // (requests are refused from now on) and let go of the state.
    private async Task DemoteAsync()
    {
        await StopMaintainingAsync().ConfigureAwait(false);
        if (_schema is { } schema)
            await schema.CloseAsync().ConfigureAwait(false);
        _schema = null;
    }

    private async Task StopMaintainingAsync()
    {
        if (_loopStop is null)
            return;
        await _loopStop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _loopStop.Dispose();
        _loopStop = null;
    }

    private Task PersistUpsMasterAsync(UpsMasterRecord record, CancellationToken ct) =>
        Schema.WriteAsync(async s =>
        {
            await _store.AppendAsync(s, new RsLogEntry { SetUpsMaster = record }, ct).ConfigureAwait(false);
            return 0;
        }, ct);

    public async Task StopAsync(CancellationToken ct)
    {
        await _pair.StopAsync().ConfigureAwait(false);
        await StopMaintainingAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }

    public void FillStatus(StatusResponse status)
    {
        status.Values["rs_role"] = _pair.RoleText;
        status.Values["rs_peer"] = _pair.Peer ?? "";
        status.Values["rs_peer_in_sync"] = _pair.PeerInSync ? "true" : "false";
        status.Values["rs_epoch"] = _pair.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        status.Values["ups_master"] = _election.Master ?? "";
        status.Values["schema_version"] = _schema?.State.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        status.Values["frozen_version"] = _schema?.State.FrozenVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        status.Values["released_version"] = _schema?.State.ReleasedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        status.Values["merge_alarms"] = string.Join("\n", _merge.Reports.Alarms);
        status.Values["ups_in_sync"] = string.Join(',', _election.InSync);
        status.Values["ups_election_blocked"] = _election.Blocked;
        status.Values["ups_replication"] = _election.Majority ? "majority" : "shipping";
        status.Values["ups_term"] = _election.Term.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // Lease sweep, UPS election and tablet repair, several times per lease.
    private async Task MaintainAsync(CancellationToken ct)
    {
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.ServerLease.TotalMilliseconds / 4, 50, 1000));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                _registry.Sweep();
                await _election.ElectAsync(ct).ConfigureAwait(false);
                await Schema.WriteAsync(async s =>
                {
                    if (_clock.GetUtcNow() >= _repairFrom)
                    {
                        var fixes = _placement.Repairs(s, new ReplicaHoldings(_merge.Reports).Holds, _merge.Reports.ReportsCorrupt);
                        if (fixes.Count == 0 && _options.EnableBalance && _placement.Rebalance(s) is { } move)
                            fixes.Add(move);
                        foreach (var fix in fixes)
                            await _store.AppendAsync(s, new RsLogEntry { SetTablet = fix }, ct).ConfigureAwait(false);
                    }
                    await _merge.CheckReleaseAsync(s, DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
                    return 0;
                }, ct).ConfigureAwait(false);
                await RunDutyFreezeAsync(ct).ConfigureAwait(false);
                await Task.Delay(period, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogError(e, "RootServer maintenance failed");
                await Task.Delay(period, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    // The same path as ALTER SYSTEM MAJOR FREEZE; a failure leaves the duty due for the next tick.
    private async Task RunDutyFreezeAsync(CancellationToken ct)
    {
        if (_duty is null || !_duty.IsDue(_clock.GetUtcNow()))
            return;
        try
        {
            var frozen = await _merge.MajorFreezeAsync(Schema, _election.Master, ct).ConfigureAwait(false);
            _duty.Done(_clock.GetUtcNow());
            _log.LogInformation("duty-time major freeze: frozen version {Version}; next at {Next:O}", frozen.FrozenVersion, _duty.NextDue);
        }
        catch (RpcException e)
        {
            _log.LogWarning("duty-time major freeze failed, retrying: {Error}", e.Message);
        }
    }

    // The cluster's and the schema's packets, answered by the primary (mapped through PrimaryRpc).
    public void MapTo(IRpcEndpointMap rpc)
    {
        rpc.Register(PacketCodes.RsHeartbeat, HeartbeatRequest.Parser, HeartbeatAsync);
        rpc.Register(PacketCodes.RsSetUpsReplication, SetUpsReplicationRequest.Parser, async (r, c) =>
        {
            var replication = r.Replication.Trim().ToLowerInvariant();
            if (replication is not ("shipping" or "majority"))
                throw new RpcException(WireErrorCodes.WrongArguments, $"Variable 'ups_replication' can't be set to the value of '{r.Replication}'");
            await _election.SetReplicationAsync(replication, c.CancellationToken).ConfigureAwait(false);
            return new Empty();
        });
        rpc.Register(PacketCodes.RsGetServers, Empty.Parser, async (_, c) =>
        {
            await _election.SettledAsync(c.CancellationToken).ConfigureAwait(false);
            var response = new ServerListResponse();
            response.Servers.AddRange(_registry.Snapshot(_election.Master));
            foreach (var s in response.Servers)
            {
                s.UpsInSync = s.Role == ServerRole.UpdateServer && _election.IsInSync(s.Address);
                s.CorruptReplicas = s.Role == ServerRole.ChunkServer ? (uint)_merge.Reports.CorruptReplicaCount(s.Address) : 0;
            }
            // The RootServers themselves: this primary, and its backup (alive while it takes renewals).
            response.Servers.Insert(0, new ServerInfo { Role = ServerRole.RootServer, Address = _context.Address, Alive = true, IsRsPrimary = true });
            if (_pair.Peer is { } peer)
                response.Servers.Insert(1, new ServerInfo { Role = ServerRole.RootServer, Address = peer, Alive = _pair.PeerInSync });
            return response;
        });
        rpc.Register(PacketCodes.RsGetSchema, Empty.Parser, async (_, c) =>
            await Schema.ReadAsync(Schema.Snapshot, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsCreateDatabase, CreateDatabaseRequest.Parser, async (r, c) =>
            await Schema.CreateDatabaseAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsDropDatabase, DropDatabaseRequest.Parser, async (r, c) =>
            await Schema.DropDatabaseAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsCreateTable, CreateTableRequest.Parser, async (r, c) =>
        {
            // A restarted or newly primary RS knows no ChunkServer until they heartbeat: a table placed
            // now would have no replica.
            if (!_registry.Live(ServerRole.ChunkServer).Any())
                throw new RpcException(WireErrorCodes.Unknown, "no ChunkServer has registered with the RootServer yet (it may have just started or taken over); retry");
            return await Schema.CreateTableAsync(r, _placement.Place, c.CancellationToken).ConfigureAwait(false);
        });
        rpc.Register(PacketCodes.RsChangeAccounts, AccountChangeRequest.Parser, async (r, c) =>
            await Schema.ChangeAccountsAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsDropTable, DropTableRequest.Parser, async (r, c) =>
            await Schema.DropTableAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsIndexDdl, IndexDdlRequest.Parser, async (r, c) =>
        {
            if (r.Add.Count > 0 && !_registry.Live(ServerRole.ChunkServer).Any())
                throw new RpcException(WireErrorCodes.Unknown, "no ChunkServer has registered with the RootServer yet (it may have just started or taken over); retry");
            return await Schema.IndexDdlAsync(r, _placement.Place, c.CancellationToken).ConfigureAwait(false);
        });
        rpc.Register(PacketCodes.RsAlterTables, AlterTablesRequest.Parser, async (r, c) =>
            await Schema.AlterTablesAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsTruncateTable, TruncateTableRequest.Parser, async (r, c) =>
        {
            if (!_registry.Live(ServerRole.ChunkServer).Any())
                throw new RpcException(WireErrorCodes.Unknown, "no ChunkServer has registered with the RootServer yet (it may have just started or taken over); retry");
            return await Schema.TruncateTableAsync(r, _placement.Place, c.CancellationToken).ConfigureAwait(false);
        });
        rpc.Register(PacketCodes.RsSwitchUpsMaster, SwitchUpsMasterRequest.Parser, (r, c) =>
            new UpsMasterSwitch(_registry, _election, _context.Clients, _log).SwitchAsync(r, c.CancellationToken));
        rpc.Register(PacketCodes.RsReportUpsSyncSet, UpsSyncSetRequest.Parser, async (r, c) =>
            await _election.ReportSyncSetAsync(r, c.CancellationToken).ConfigureAwait(false));
        rpc.Register(PacketCodes.RsGetTablets, TabletLocationRequest.Parser, async (r, c) =>
            await Schema.ReadAsync(s => Locations(s, r.TableId), c.CancellationToken).ConfigureAwait(false));
    }

    private TabletLocationResponse Locations(RsState s, ulong tableId)
    {
        var response = new TabletLocationResponse { RootTableVersion = s.RootTableVersion };
        var reports = new ReplicaHoldings(_merge.Reports);
        foreach (var t in s.TabletsOf(tableId))
        {
            var located = InReadOrder(t, reports);
            located.CorruptReplicas.AddRange(_merge.Reports.CorruptReplicasOf(t));
            response.Tablets.Add(located);
        }
        return response;
    }

    // Live replicas that reported the baseline first, then other live ones, then dead ones: a
    // MergeServer's first choice answers (a new replica still copying says 6001, a dead one times
    // out), and a new replica copies from one that has the baseline.
    private TabletInfo InReadOrder(TabletInfo t, ReplicaHoldings reports)
    {
        var copy = t.Clone();
        copy.Replicas.Clear();
        copy.Replicas.AddRange(t.Replicas.OrderBy(a => !_registry.IsAlive(a) ? 2 : reports.Holds(a, t) ? 0 : 1));
        return copy;
    }

    // The state's TabletInfo is shared: a table with its own COMPRESSION gets a copy that names it.
    private static TabletInfo WithCompressMethod(RsState s, TabletInfo t)
    {
        if (s.TableById(t.TableId) is not { CompressMethod.Length: > 0 } table)
            return t;
        var copy = t.Clone();
        copy.CompressMethod = table.CompressMethod;
        return copy;
    }

    private async ValueTask<HeartbeatResponse> HeartbeatAsync(HeartbeatRequest request, RpcCallContext call)
    {
        if (string.IsNullOrEmpty(request.Address) || request.Role == ServerRole.RoleUnknown)
            throw new RpcException(RpcErrorCodes.Internal, "heartbeat needs a role and an address");
        var schema = Schema;
        _registry.Heartbeat(request);
        if (request.Role == ServerRole.UpdateServer)
            _election.OnHeartbeat(request);
        var master = await _election.ElectAsync(call.CancellationToken).ConfigureAwait(false);
        var response = new HeartbeatResponse
        {
            LeaseMs = (long)_registry.Lease.TotalMilliseconds,
            UpsMaster = master ?? "",
            YouAreUpsMaster = request.Role == ServerRole.UpdateServer && master == request.Address,
        };
        if (response.YouAreUpsMaster)
            response.UpsLeaseMs = (long)_election.Lease.TotalMilliseconds;
        if (request.Role == ServerRole.UpdateServer)
            _election.FillUpsHeartbeat(response);
        await schema.ReadAsync(s =>
        {
            response.SchemaVersion = s.SchemaVersion;
            response.RootTableVersion = s.RootTableVersion;
            response.FrozenVersion = s.FrozenVersion;
            response.ReleasedVersion = s.ReleasedVersion;
            if (request.Role == ServerRole.ChunkServer)
            {
                // A tablet this server has not reported yet is one it must copy: from a replica that has it.
                var reports = new ReplicaHoldings(_merge.Reports);
                foreach (var t in s.AllTablets.Where(t => t.Replicas.Contains(request.Address)))
                    response.Tablets.Add(WithCompressMethod(s, reports.Holds(request.Address, t) ? t : InReadOrder(t, reports)));
            }
            return 0;
        }, call.CancellationToken).ConfigureAwait(false);
        return response;
    }
}
