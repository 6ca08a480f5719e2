using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.DailyMerge;
using OceanClassic.RootServer.Pair;
using OceanClassic.RootServer.Balance;
using OceanClassic.RootServer.Schema;
using OceanClassic.RootServer.Rpc;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer;

// The cluster manager: server leases, the UPS master, schema and the root table. Of an RS pair only
// the primary serves, and only while it can prove its state current (RsPair decides; PrimaryRpc checks
// before and after each request's work); otherwise it answers NotPrimary, and a backup keeps a copy
// of the state.
public sealed class RootServerRole : IRoleService
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
        new ClusterEndpoints(context, _registry, _election, _placement, _merge, _pair, () => Schema, _log).MapTo(primaryRpc);
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
}
