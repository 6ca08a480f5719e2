using System.Globalization;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Config;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Dump;
using OceanClassic.UpdateServer.Leases;
using OceanClassic.UpdateServer.Replication;
using OceanClassic.UpdateServer.Rpc;
using OceanClassic.UpdateServer.Engine;

namespace OceanClassic.UpdateServer;

// The UpdateServer role: opens (replays) the engine at start and serves the UPS packets. It is
// master or backup as the RootServer says (UpsReplicationCoordinator); it writes only as master.
public sealed class UpdateServerRole : IRoleService
{
    // How long a start with a corrupt tail waits for another UPS to supply it (both may be restarting).
    private static readonly TimeSpan TailRepairPatience = TimeSpan.FromSeconds(30);

    private readonly RoleContext _context;
    private readonly UpsOptions _options;
    private readonly ILogger _log;
    private readonly UpsReplicationCoordinator _replication;
    private readonly IncrementLeases? _incrementLeases;
    private readonly SemaphoreSlim _reopen = new(1, 1);
    private UpdateEngine? _engine;
    private bool _renewalChecked;
    private LogFailureRecovery? _recovery;
    // A reopen after a log failure failed: the recovery tries again.
    private volatile bool _engineLost;

    public UpdateServerRole(RoleContext context)
    {
        _context = context;
        _options = context.BindOptions<UpsOptions>();
        _log = context.LoggerFactory.CreateLogger("updateserver");
        var replication = new ReplicationOptions(LogDirectory)
        {
            SyncType = _options.WaitSlaveSyncType,
            SyncTimeout = ConfigDuration.Parse(_options.SlaveSyncTimeout),
            Mode = ReplicationModes.Parse(_options.UpsReplication) ?? ReplicationMode.Shipping,
            LogSyncTimeout = ConfigDuration.Parse(_options.LogSyncTimeout),
            CopyDumpFrom = CopyDumpAsync,
        };
        _replication = new UpsReplicationCoordinator(context.Address, replication, context.Clients, () => _engine, TruncateAfterAsync,
            (r, ct) => context.RootServer.CallAsync(PacketCodes.RsReportUpsSyncSet, r, UpsSyncSetResponse.Parser, ct), _log);
        var incrementLease = ConfigDuration.Parse(_options.IncrementLeaseTime);
        if (incrementLease > TimeSpan.Zero)
        {
            _incrementLeases = new IncrementLeases(incrementLease,
                (holder, tableId, timeout, ct) => context.Clients.CallAsync(holder, PacketCodes.CsRevokeIncrementLease,
                    new RevokeIncrementLeaseRequest { TableId = tableId }, Empty.Parser, timeout, ct),
                () => _replication.Lease.WriteTimeLeft);
        }
        new UpsEndpoints(() => _engine, () => _replication.ServesReads, () => _replication.ServesReads && _replication.Lease.HoldsLease).MapTo(context.Rpc);
        new ReplicationEndpoints(() => _engine, _replication, context.DataDir).MapTo(context.Rpc);
    }

    public UpdateEngine? Engine => _engine;

    private string LogDirectory => Path.Combine(_context.DataDir, CommitLogFiles.DirectoryName);

    private UpdateEngineOptions EngineOptions => new(_context.DataDir)
    {
        SyncLog = _options.LogSyncType == 1,
        DirectIoLog = _options.LogDirectIo == 1,
        CommitLogSize = _options.CommitLogSize,
        GroupCommitWait = TimeSpan.FromMicroseconds(_options.GroupCommitWaitUs),
        ActiveMemLimit = _options.ActiveMemLimit,
        LockWaitTimeout = ConfigDuration.Parse(_options.LockWaitTimeout),
        TxIdleTimeout = ConfigDuration.Parse(_options.TxIdleTimeout),
        WriteGate = _replication.Lease,
        Replicator = _replication.Replicator,
        IncrementLeases = _incrementLeases,
    };

    // A corrupt last log entry (CommitLogCorruptException.TailSequence) is taken from another UPS
    // when one has it (CommitLogTailRepair); otherwise the start fails naming file and offset.
    public async Task StartAsync(CancellationToken ct)
    {
        try
        {
            _engine = await UpdateEngine.OpenAsync(EngineOptions, _log, ct).ConfigureAwait(false);
        }
        catch (CommitLogCorruptException damage) when (damage.TailSequence is not null)
        {
            _log.LogWarning("{Damage}; asking the other UpdateServers for it", damage.Message);
            var repair = new CommitLogTailRepair(_context.Address,
                async c => (await _context.RootServer.CallAsync(PacketCodes.RsGetServers, new Empty(), ServerListResponse.Parser, c).ConfigureAwait(false)).Servers,
                (peer, request, c) => _context.Clients.CallAsync(peer, PacketCodes.UpsReadLog, request, FetchLogResponse.Parser, TimeSpan.FromSeconds(5), c),
                _log);
            await repair.RepairAsync(damage, LogDirectory, TailRepairPatience, ct).ConfigureAwait(false);
            _engine = await UpdateEngine.OpenAsync(EngineOptions, _log, ct).ConfigureAwait(false);
        }
        _recovery = new LogFailureRecovery(() => _engine?.LogFailure is not null || _engineLost, LogDirectory, ReopenAfterLogFailureAsync, _log);
    }

    // The log failed (LogFailureRecovery found room again): rebuild the engine from disk.
    private async Task ReopenAfterLogFailureAsync(CancellationToken ct)
    {
        await _reopen.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var old = _engine;
            if (old is not null && old.LogFailure is null)
                return;
            _engine = null;
            _engineLost = true;
            if (old is not null)
                await old.DisposeAsync().ConfigureAwait(false);
            _engine = await UpdateEngine.OpenAsync(EngineOptions, _log, ct).ConfigureAwait(false);
            // Replay held what the log does not show committed; as master it wrote (and applied) all of it.
            if (_replication.Lease.IsMaster)
                _engine.ApplyWholeLog();
            _engineLost = false;
            _log.LogInformation("the commit log takes writes again: engine reopened at log seq {Seq}", _engine.LogSequence);
        }
        finally
        {
            _reopen.Release();
        }
    }

    // Reconciliation of a returning master: cut the log after `lastKept` and rebuild the MemTable
    // from what is left (the engine is unavailable meanwhile; a backup serves no client writes).
    private async Task TruncateAfterAsync(ulong lastKept, CancellationToken ct)
    {
        await _reopen.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var old = _engine;
            if (old is null || old.LogSequence <= lastKept)
                return;
            _engine = null;
            await old.DisposeAsync().ConfigureAwait(false);
            CommitLogReader.TruncateAfter(LogDirectory, lastKept);
            DumpStore.DiscardAfter(_context.DataDir, lastKept);
            _replication.Replicator.OnLogTruncated();
            _engine = await UpdateEngine.OpenAsync(EngineOptions, _log, ct).ConfigureAwait(false);
        }
        finally
        {
            _reopen.Release();
        }
    }

    // A backup whose next log entries the master pruned: copy the master's dump, make it this
    // UPS's only state and reopen from it (the fetcher then follows from the dump's point). A copy
    // that does not load is thrown away and the engine reopens empty, so the next fetch asks again.
    private async Task CopyDumpAsync(string master, CancellationToken ct)
    {
        var chain = await DumpShipping.CopyAsync(_context.Clients, master, _context.DataDir, ct).ConfigureAwait(false);
        await _reopen.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var old = _engine;
            _engine = null;
            if (old is not null)
                await old.DisposeAsync().ConfigureAwait(false);
            await DumpStore.InstallAsync(_context.DataDir, LogDirectory, chain, ct).ConfigureAwait(false);
            _replication.Replicator.OnLogTruncated();
            try
            {
                _engine = await UpdateEngine.OpenAsync(EngineOptions, _log, ct).ConfigureAwait(false);
            }
            catch (DumpCorruptException ex)
            {
                _log.LogError(ex, "the dump copied from {Master} does not load; discarding it", master);
                Directory.Delete(DumpStore.DirectoryOf(_context.DataDir), recursive: true);
                _engine = await UpdateEngine.OpenAsync(EngineOptions, _log, ct).ConfigureAwait(false);
            }
            _log.LogInformation("installed the dump copied from {Master}: log seq {Seq}", master, _engine.LogSequence);
        }
        finally
        {
            _reopen.Release();
        }
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_recovery is not null)
            await _recovery.DisposeAsync().ConfigureAwait(false);
        await _replication.DisposeAsync().ConfigureAwait(false);
        if (_engine is not null)
            await _engine.DisposeAsync().ConfigureAwait(false);
    }

    public void FillHeartbeat(HeartbeatRequest request)
    {
        _replication.FillHeartbeat(request);
        // The durable sequence: what an election may count on.
        if (_engine is not null)
            request.LogSeq = _engine.LogSequence;
    }

    public ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
    {
        if (response.UpsLeaseMs > 0 && !_renewalChecked)
        {
            _renewalChecked = true;
            var lease = TimeSpan.FromMilliseconds(response.UpsLeaseMs);
            if (ConfigDuration.Parse(_context.Server.HeartbeatInterval) > UpsLeaseTimes.MaxRenewalInterval(lease))
            {
                _log.LogWarning("heartbeat_interval {Interval} is longer than a quarter of ups_lease_time {Lease}: one late heartbeat stops the master's writes",
                    _context.Server.HeartbeatInterval, lease);
            }
        }
        if (response.ReleasedVersion != 0)
            _engine?.ReleaseUpTo(response.ReleasedVersion);
        return _replication.OnHeartbeatAsync(response, ct);
    }

    public void FillStatus(StatusResponse status)
    {
        static string S(long v) => v.ToString(CultureInfo.InvariantCulture);
        static string U(ulong v) => v.ToString(CultureInfo.InvariantCulture);
        var lease = _replication.Lease;
        status.Values["role"] = lease.IsMaster ? "master" : "backup";
        status.Values["lease_expires_unix_ms"] = lease.ExpiresUtc is { } expires ? S(expires.ToUnixTimeMilliseconds()) : "";
        status.Values["following"] = _replication.FollowedMaster ?? "";
        status.Values["sync_backups"] = string.Join(',', _replication.Replicator.SyncBackups);
        status.Values["dropped_backups"] = string.Join(',', _replication.Replicator.DroppedBackups);
        status.Values["wait_slave_sync_type"] = S(_options.WaitSlaveSyncType);
        status.Values["replication"] = _replication.Replicator.Mode.Name();
        status.Values["term"] = U(_replication.Terms.Current);
        var engine = _engine;
        if (engine is null)
            return;
        status.Values["synced_seq"] = U(lease.IsMaster ? _replication.Replicator.SyncedSequence : engine.LogSequence);
        status.Values["memtable_bytes"] = S(engine.MemTable.ApproximateBytes);
        status.Values["active_memtable_bytes"] = S(engine.ActiveMemTableBytes);
        status.Values["frozen_memtable_bytes"] = S(engine.FrozenMemTableBytes);
        status.Values["minor_freezes"] = S(engine.MinorFreezes);
        status.Values["minor_frozen_version"] = U(engine.MinorFrozenVersion);
        status.Values["dump_seq"] = U(engine.DumpSequence);
        status.Values["dump_rows"] = S(engine.DumpRows);
        status.Values["dump_bytes"] = S(engine.DumpFileBytes);
        status.Values["dump_ms"] = S(engine.DumpMillis);
        status.Values["replayed_entries"] = S(engine.ReplayedEntries);
        status.Values["memtable_rows"] = S(engine.MemTable.RowCount);
        status.Values["active_mem_limit"] = S(_options.ActiveMemLimit);
        status.Values["log_seq"] = U(engine.LogSequence);
        status.Values["last_term"] = U(engine.DurableTerm);
        status.Values["applied_seq"] = U(engine.AppliedSequence);
        status.Values["held_entries"] = S(engine.HeldEntries);
        status.Values["commit_seq"] = U(lease.IsMaster && _replication.Replicator.Mode == ReplicationMode.Majority
            ? Math.Max(_replication.Replicator.Majority.CommitPoint, engine.AcknowledgedSequence) : engine.AcknowledgedSequence);
        status.Values["committed_version"] = U(engine.CommittedVersion);
        status.Values["commit_batches"] = S(engine.CommitBatches);
        status.Values["commit_group_waits"] = S(engine.CommitGroupWaits);
        status.Values["fsyncs"] = S(engine.Fsyncs);
        status.Values["log_rotations"] = S(engine.LogRotations);
        status.Values["open_transactions"] = S(engine.OpenTransactions);
        status.Values["locked_rows"] = S(engine.LockedRows);
        status.Values["lock_waits"] = S(engine.LockWaits);
        status.Values["lock_wait_timeouts"] = S(engine.LockWaitTimeouts);
        status.Values["deadlocks"] = S(engine.Deadlocks);
        status.Values["frozen_version"] = engine.FrozenVersion.ToString(CultureInfo.InvariantCulture);
        status.Values["released_version"] = engine.ReleasedVersion.ToString(CultureInfo.InvariantCulture);
        status.Values["increment_leases_granted"] = S(_incrementLeases?.Granted ?? 0);
        status.Values["increment_lease_revocations"] = S(_incrementLeases?.Revocations ?? 0);
    }
}
