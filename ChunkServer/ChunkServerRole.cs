using System.Globalization;
using Microsoft.Extensions.Logging;
using OceanClassic.ChunkServer.Configuration;
using OceanClassic.ChunkServer.DailyMerge;
using OceanClassic.ChunkServer.Rpc;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer;

// Serves tablet reads and runs the daily merge: its tablets come from its durable tablet image
// and the RootServer's assignments (heartbeats); the UpdateServer master from the heartbeats too.
public sealed class ChunkServerRole : IRoleService
{
    private readonly CsOptions _options;
    private readonly ILogger _log;
    private readonly TabletMap _tablets = new();
    private readonly UpsIncrementSource _increments;
    private readonly IncrementLeaseCache _leases = new();
    private readonly DailyMergeService _merge;
    private ulong _rootTableVersion = ulong.MaxValue;

    public ChunkServerRole(RoleContext context)
    {
        _options = context.BindOptions<CsOptions>();
        _log = context.LoggerFactory.CreateLogger("chunkserver");
        _increments = new UpsIncrementSource(context.Clients);
        var corrupt = new CorruptReplicas(_tablets, context.Address, _log);
        var store = new TabletManager(_tablets, _options, context.DataDir, context, _log, corrupt);
        _merge = new DailyMergeService(_tablets, store, _increments, _options, _log, corrupt);
        new ChunkServerEndpoints(
            new TabletScanService(_tablets, new LeasingIncrementSource(_increments, _leases, context.Address), corrupt, _leases),
            new TabletFetchService(_tablets, store.TabletDir), _leases).MapTo(context.Rpc);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        _log.LogInformation("chunkserver starting: tablet_max_size={TabletMaxSize} block_cache_size={BlockCacheSize} compress_method={Compress}",
            _options.TabletMaxSize, _options.BlockCacheSize, _options.CompressMethod);
        await _merge.StartAsync(ct).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken ct) => _merge.StopAsync();

    public async ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
    {
        if (_increments.MasterAddress != NullIfEmpty(response.UpsMaster))
        {
            _log.LogInformation("UpdateServer master is now {Master}", response.UpsMaster.Length == 0 ? "(none)" : response.UpsMaster);
            _increments.MasterAddress = response.UpsMaster;
            _leases.RevokeAll();
        }
        await _merge.OnHeartbeatAsync(response, ct).ConfigureAwait(false);
        if (response.RootTableVersion != _rootTableVersion)
        {
            _rootTableVersion = response.RootTableVersion;
            _log.LogInformation("serving {Count} tablets (root table version {Version})", _tablets.Count, response.RootTableVersion);
        }
    }

    public void FillStatus(StatusResponse status)
    {
        status.Values["tablet_count"] = _tablets.Count.ToString(CultureInfo.InvariantCulture);
        status.Values["ups_master"] = _increments.MasterAddress ?? "";
        status.Values["increment_lease_reads"] = _leases.Served.ToString(CultureInfo.InvariantCulture);
        status.Values["tablet_max_size"] = _options.TabletMaxSize.ToString(CultureInfo.InvariantCulture);
        status.Values["block_cache_size"] = _options.BlockCacheSize.ToString(CultureInfo.InvariantCulture);
        _merge.FillStatus(status);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
