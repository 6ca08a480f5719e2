using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OceanClassic.ChunkServer.Configuration;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// The ChunkServer's tablets on disk (0.4's tablet manager): loads the tablet image at start (dropping
// leftovers of an interrupted merge) and keeps it durable after every change, owns the block and row
// caches, follows the RootServer's assignments (heartbeats), copies new replicas of tablets with rows
// from the other replicas, quarantines replicas whose baseline failed its checks (CorruptReplicas),
// deletes baselines no read uses any more, and reports its tablets to the RootServer — when asked
// (ReportSoon) and every few seconds (so a restarted RootServer learns them again). The daily merge
// (DailyMerge/DailyMergeService.cs) runs Maintain and ReportIfDue between its merges.
public sealed class TabletManager(TabletMap tablets, CsOptions options, string dataDir, RoleContext context, ILogger log, CorruptReplicas corrupt)
{
    private static readonly TimeSpan ReportPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CopyRetryDelay = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _imageLock = new(1, 1);
    private readonly Stopwatch _lastReport = Stopwatch.StartNew();
    private volatile bool _reportNow = true;
    // Assigned tablets with rows that this server lacks (from the last heartbeat): copied first.
    private volatile List<TabletInfo> _missing = [];
    private TabletCopier? _copier;
    private readonly Dictionary<string, DateTimeOffset> _copyRetryAt = new(StringComparer.Ordinal);

    public string TabletDir { get; } = Path.Combine(dataDir, "tablets");
    public string CorruptDir { get; } = Path.Combine(dataDir, "corrupt");
    public BlockCache Cache { get; } = new(options.BlockCacheSize);
    public RowCache RowCache { get; } = new(options.RowCacheSize);

    public async Task LoadAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(TabletDir);
        var entries = await TabletImage.LoadAsync(TabletDir, ct).ConfigureAwait(false);
        var deleted = TabletImage.DeleteUnreferenced(TabletDir, entries.Select(e => e.SSTable));
        var loaded = new List<Tablet>(entries.Count);
        foreach (var e in entries)
        {
            ITabletBaseline baseline = EmptyTabletBaseline.Instance;
            if (e.SSTable is not null)
                baseline = new SSTableBaseline(await SSTableReader.OpenAsync(Path.Combine(TabletDir, e.SSTable), Cache, ct).ConfigureAwait(false), RowCache);
            loaded.Add(new Tablet(e.TableId, e.KeyRange, e.Version, baseline)
            {
                SSTable = e.SSTable,
                RowCount = e.RowCount,
                SizeBytes = e.SizeBytes,
                Checksum = e.Checksum,
            });
        }
        tablets.Load(loaded);
        _copier = new TabletCopier(context.Clients, context.Address, TabletDir, Cache, RowCache, (long)options.MergeMaxMbPerSec << 20, log);
        log.LogInformation("tablet image loaded: {Tablets} tablets, {Rows} rows; {Deleted} leftover files of an interrupted merge removed",
            loaded.Count, loaded.Sum(t => t.RowCount), deleted);
    }

    // Heartbeat reply: the tablets assigned here (tablets no longer assigned are dropped, missing ones copied).
    public async ValueTask OnAssignedAsync(HeartbeatResponse response, CancellationToken ct)
    {
        if (corrupt.OnAssigned([.. response.Tablets]))
            _reportNow = true;
        var removed = tablets.Reconcile(response.Tablets, out var changed);
        _missing = [.. tablets.Missing(response.Tablets).Where(t => !corrupt.AwaitsDrop(t))];
        if (changed)
        {
            await SaveImageAsync(ct).ConfigureAwait(false);
            _reportNow = true;
            if (removed.Count > 0)
                log.LogInformation("{Count} tablets no longer assigned here were dropped", removed.Count);
        }
    }

    // The next ReportIfDueAsync reports at once.
    public void ReportSoon() => _reportNow = true;

    // One round of upkeep: retired baselines deleted, corrupt replicas quarantined, missing replicas copied.
    public async Task MaintainAsync(CancellationToken ct)
    {
        DeleteRetired(ct);
        await QuarantineCorruptAsync(ct).ConfigureAwait(false);
        await CopyMissingAsync(ct).ConfigureAwait(false);
    }

    // Reports the tablets when asked or once ReportPeriod passed; the RootServer's frozen version
    // from its reply, or null when nothing was reported.
    public async Task<ulong?> ReportIfDueAsync(CancellationToken ct)
    {
        if (!_reportNow && _lastReport.Elapsed < ReportPeriod)
            return null;
        _reportNow = false;
        _lastReport.Restart();
        var report = new TabletReportRequest { Address = context.Address };
        report.Tablets.AddRange(tablets.All.Select(t => t.ToInfo()));
        report.Corrupt.AddRange(corrupt.Reported);
        var reply = await context.RootServer.CallAsync(PacketCodes.RsReportTablets, report, TabletReportResponse.Parser, ct).ConfigureAwait(false);
        return reply.FrozenVersion;
    }

    public void FillStatus(StatusResponse status)
    {
        CacheStatusValues.Fill(status, "block_cache", Cache.Stats);
        CacheStatusValues.Fill(status, "row_cache", RowCache.Stats);
    }

    public async Task SaveImageAsync(CancellationToken ct)
    {
        await _imageLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await TabletImage.SaveAsync(TabletDir, tablets.All, ct).ConfigureAwait(false);
        }
        finally
        {
            _imageLock.Release();
        }
    }

    // A tablet's baseline closed and its file deleted (a replaced, retired or unused one).
    public void DropFiles(Tablet t)
    {
        if (t.Baseline is SSTableBaseline b)
            b.Dispose();
        if (t.SSTable is not null)
        {
            try
            {
                File.Delete(Path.Combine(TabletDir, t.SSTable));
            }
            catch (IOException e)
            {
                log.LogWarning("could not delete {File}: {Error}", t.SSTable, e.Message);
            }
        }
    }

    // New replicas of tablets with rows: their baselines come from the other replicas. A tablet no
    // replica could provide now is tried again after CopyRetryDelay (not at every heartbeat: a corrupt
    // or vanished source would otherwise be downloaded over and over).
    private async Task CopyMissingAsync(CancellationToken ct)
    {
        var missing = _missing;
        if (missing.Count == 0 || _copier is null)
            return;
        _missing = [];
        var now = DateTimeOffset.UtcNow;
        var keys = missing.Select(t => t.IdentityKey).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _copyRetryAt.Keys.Where(k => !keys.Contains(k)).ToList())
            _copyRetryAt.Remove(gone);
        foreach (var assigned in missing)
        {
            var key = assigned.IdentityKey;
            if (_copyRetryAt.TryGetValue(key, out var retryAt) && now < retryAt)
                continue;
            if (await _copier.CopyAsync(assigned, ct).ConfigureAwait(false) is not { } copied)
            {
                _copyRetryAt[key] = DateTimeOffset.UtcNow + CopyRetryDelay;
                continue;
            }
            _copyRetryAt.Remove(key);
            if (!tablets.AddCopied(copied))
            {
                DropFiles(copied);
                continue;
            }
            await SaveImageAsync(ct).ConfigureAwait(false);
            _reportNow = true;
        }
    }

    // Quarantined replicas leave the tablet image first (a restart must not serve them again), then
    // their files move to CorruptDir; their readers close after the grace.
    public async Task QuarantineCorruptAsync(CancellationToken ct)
    {
        foreach (var t in corrupt.TakeExpired(DateTimeOffset.UtcNow))
        {
            if (t.Baseline is SSTableBaseline b)
                b.Dispose();
        }
        var pending = corrupt.TakePending();
        if (pending.Count == 0)
            return;
        await SaveImageAsync(ct).ConfigureAwait(false);
        _reportNow = true;
        Directory.CreateDirectory(CorruptDir);
        foreach (var t in pending.Where(t => t.SSTable is not null))
        {
            try
            {
                File.Move(Path.Combine(TabletDir, t.SSTable!), Path.Combine(CorruptDir, t.SSTable!), overwrite: true);
                log.LogWarning("corrupt baseline {File} moved to {Dir}", t.SSTable, CorruptDir);
            }
            catch (IOException e)
            {
                log.LogWarning("could not move the corrupt baseline {File}: {Error}", t.SSTable, e.Message);
            }
        }
    }

    // Baselines replaced by a merge (or no longer assigned) are closed and deleted once no read
    // can still use them; the image no longer names them.
    private void DeleteRetired(CancellationToken ct)
    {
        var live = tablets.All.Select(t => t.SSTable).Where(s => s is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tablets.TakeExpiredRetired(DateTimeOffset.UtcNow))
        {
            ct.ThrowIfCancellationRequested();
            if (t.SSTable is null || live.Contains(t.SSTable))
                continue;
            DropFiles(t);
        }
    }
}
