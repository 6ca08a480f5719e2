using System.Globalization;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Service;

namespace OceanClassic.UpdateServer;

// The UpdateServer role: opens (replays) the engine at start and serves the UPS packets.
public sealed class UpdateServerRole : IRoleService
{
    private readonly RoleContext _context;
    private readonly UpsOptions _options;
    private readonly ILogger _log;
    private UpdateEngine? _engine;

    public UpdateServerRole(RoleContext context)
    {
        _context = context;
        _options = context.BindOptions<UpsOptions>();
        _log = context.LoggerFactory.CreateLogger("updateserver");
        UpsRpcHandlers.Register(context.Rpc, () => _engine);
    }

    public UpdateEngine? Engine => _engine;

    public async Task StartAsync(CancellationToken ct)
    {
        var options = new UpdateEngineOptions(_context.DataDir)
        {
            SyncLog = _options.LogSyncType == 1,
            CommitLogSize = _options.CommitLogSize,
            LockWaitTimeout = ConfigDuration.Parse(_options.LockWaitTimeout),
            TxIdleTimeout = ConfigDuration.Parse(_options.TxIdleTimeout),
        };
        _engine = await Task.Run(() => UpdateEngine.Open(options, _log), ct).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken ct)
    {
        _engine?.Dispose();
        return Task.CompletedTask;
    }

    public void FillHeartbeat(HeartbeatRequest request)
    {
        if (_engine is not null)
            request.LogSeq = _engine.LogSequence;
    }

    public ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
    {
        if (response.ReleasedVersion != 0)
            _engine?.ReleaseUpTo(response.ReleasedVersion);
        return ValueTask.CompletedTask;
    }

    public void FillStatus(StatusResponse status)
    {
        var engine = _engine;
        if (engine is null)
            return;
        static string S(long v) => v.ToString(CultureInfo.InvariantCulture);
        status.Values["memtable_bytes"] = S(engine.MemTable.ApproximateBytes);
        status.Values["memtable_rows"] = S(engine.MemTable.RowCount);
        status.Values["active_mem_limit"] = S(_options.ActiveMemLimit);
        status.Values["log_seq"] = engine.LogSequence.ToString(CultureInfo.InvariantCulture);
        status.Values["committed_version"] = engine.CommittedVersion.ToString(CultureInfo.InvariantCulture);
        status.Values["commit_batches"] = S(engine.CommitBatches);
        status.Values["fsyncs"] = S(engine.Fsyncs);
        status.Values["log_rotations"] = S(engine.LogRotations);
        status.Values["open_transactions"] = S(engine.OpenTransactions);
        status.Values["locked_rows"] = S(engine.LockedRows);
        status.Values["lock_waits"] = S(engine.LockWaits);
        status.Values["lock_wait_timeouts"] = S(engine.LockWaitTimeouts);
        status.Values["deadlocks"] = S(engine.Deadlocks);
        status.Values["frozen_version"] = engine.FrozenVersion.ToString(CultureInfo.InvariantCulture);
        status.Values["released_version"] = engine.ReleasedVersion.ToString(CultureInfo.InvariantCulture);
    }
}
