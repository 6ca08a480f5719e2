using System.Globalization;
using Microsoft.Extensions.Logging;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.Tablets;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer;

// Serves tablet reads: the tablets and the UpdateServer master come from RootServer heartbeats.
public sealed class ChunkServerRole : IRoleService
{
    private readonly CsOptions _options;
    private readonly ILogger _log;
    private readonly TabletMap _tablets = new();
    private readonly UpsIncrementSource _increments;
    private ulong _rootTableVersion = ulong.MaxValue;

    public ChunkServerRole(RoleContext context)
    {
        _options = context.BindOptions<CsOptions>();
        _log = context.LoggerFactory.CreateLogger("chunkserver");
        _increments = new UpsIncrementSource(context.Clients);
        new TabletScanService(_tablets, _increments).Register(context.Rpc);
    }

    public Task StartAsync(CancellationToken ct)
    {
        _log.LogInformation("chunkserver starting: tablet_max_size={TabletMaxSize} block_cache_size={BlockCacheSize}",
            _options.TabletMaxSize, _options.BlockCacheSize);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
    {
        if (_increments.MasterAddress != NullIfEmpty(response.UpsMaster))
        {
            _log.LogInformation("UpdateServer master is now {Master}", response.UpsMaster.Length == 0 ? "(none)" : response.UpsMaster);
            _increments.MasterAddress = response.UpsMaster;
        }
        _tablets.Replace(response.Tablets);
        if (response.RootTableVersion != _rootTableVersion)
        {
            _rootTableVersion = response.RootTableVersion;
            _log.LogInformation("serving {Count} tablets (root table version {Version})", _tablets.Count, response.RootTableVersion);
        }
        return ValueTask.CompletedTask;
    }

    public void FillStatus(StatusResponse status)
    {
        status.Values["tablet_count"] = _tablets.Count.ToString(CultureInfo.InvariantCulture);
        status.Values["ups_master"] = _increments.MasterAddress ?? "";
        status.Values["tablet_max_size"] = _options.TabletMaxSize.ToString(CultureInfo.InvariantCulture);
        status.Values["block_cache_size"] = _options.BlockCacheSize.ToString(CultureInfo.InvariantCulture);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
