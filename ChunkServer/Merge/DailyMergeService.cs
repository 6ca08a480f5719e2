using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.Tablets;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.Merge;

// The ChunkServer's tablets on disk and the daily merge: loads the tablet image at start (dropping
// leftovers of an interrupted merge), keeps it durable after every change, merges every tablet
// older than the RootServer's frozen version one at a time (TabletMerger), switches reads to the
// new baseline atomically (TabletMap.Switch) and reports its tablets to the RootServer — at start,
// after each merged tablet and every few seconds (so a restarted RootServer learns them again).
// A tablet whose local baseline fails its checks while merging is quarantined (CorruptReplicas)
// rather than merged again and again: the heartbeat then lists it as missing, and it is copied from
// a healthy replica (at the RootServer's version, merged here afterwards if that is still older).
public sealed class DailyMergeService(
    TabletMap tablets, IIncrementSource increments, CsOptions options, string dataDir, RoleContext context, ILogger log,
    CorruptReplicas corrupt)
{
    private static readonly TimeSpan ReportPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CopyRetryDelay = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _imageLock = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly BlockCache _cache = new(options.BlockCacheSize);
    private readonly RowCache _rowCache = new(options.RowCacheSize);
    private long _frozenVersion;
    private long _mergedRows;
    private long _mergedBytes;
    private double _mergeSeconds;
    private volatile bool _reportNow = true;
    // Assigned tablets with rows that this server lacks (from the last heartbeat): copied first.
    private volatile List<TabletInfo> _missing = [];
    private TabletCopier? _copier;
    private readonly Dictionary<string, DateTimeOffset> _copyRetryAt = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    public string TabletDir { get; } = Path.Combine(dataDir, "tablets");
    public string CorruptDir { get; } = Path.Combine(dataDir, "corrupt");
    public ulong FrozenVersion => (ulong)Interlocked.Read(ref _frozenVersion);
    public BlockCache Cache => _cache;

    public async Task StartAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(TabletDir);
        var entries = await TabletImage.LoadAsync(TabletDir, ct).ConfigureAwait(false);
        var deleted = TabletImage.DeleteUnreferenced(TabletDir, entries.Select(e => e.SSTable));
        var loaded = new List<Tablet>(entries.Count);
        foreach (var e in entries)
        {
            ITabletBaseline baseline = EmptyTabletBaseline.Instance;
            if (e.SSTable is not null)
                baseline = new SSTableBaseline(await SSTableReader.OpenAsync(Path.Combine(TabletDir, e.SSTable), _cache, ct).ConfigureAwait(false), _rowCache);
            loaded.Add(new Tablet(e.TableId, e.KeyRange, e.Version, baseline)
            {
                SSTable = e.SSTable,
                RowCount = e.RowCount,
                SizeBytes = e.SizeBytes,
                Checksum = e.Checksum,
            });
        }
        tablets.Load(loaded);
        _copier = new TabletCopier(context.Clients, context.Address, TabletDir, _cache, _rowCache, (long)options.MergeMaxMbPerSec << 20, log);
        log.LogInformation("tablet image loaded: {Tablets} tablets, {Rows} rows; {Deleted} leftover files of an interrupted merge removed",
            loaded.Count, loaded.Sum(t => t.RowCount), deleted);
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (_stop is null)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    // Heartbeat reply: the assigned tablets and the frozen version.
    public async ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
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
        if (response.FrozenVersion > FrozenVersion)
        {
            Interlocked.Exchange(ref _frozenVersion, (long)response.FrozenVersion);
            log.LogInformation("frozen version {Version}: daily merge starts", response.FrozenVersion);
        }
        _wake.Release();
    }

    public void FillStatus(StatusResponse status)
    {
        static string S(ulong v) => v.ToString(CultureInfo.InvariantCulture);
        var all = tablets.All;
        var frozen = FrozenVersion;
        status.Values["frozen_version"] = S(frozen);
        status.Values["merged_version"] = S(all.Count == 0 ? frozen : all.Min(t => t.Version));
        status.Values["tablets_total"] = S((ulong)all.Count);
        status.Values["tablets_merged"] = S((ulong)all.Count(t => t.Version >= frozen));
        status.Values["merge_rows"] = Interlocked.Read(ref _mergedRows).ToString(CultureInfo.InvariantCulture);
        status.Values["merge_bytes"] = Interlocked.Read(ref _mergedBytes).ToString(CultureInfo.InvariantCulture);
        status.Values["merge_seconds"] = _mergeSeconds.ToString("F3", CultureInfo.InvariantCulture);
        var cache = _cache.Stats;
        status.Values["block_cache_hits"] = cache.Hits.ToString(CultureInfo.InvariantCulture);
        status.Values["block_cache_misses"] = cache.Misses.ToString(CultureInfo.InvariantCulture);
        var rows = _rowCache.Stats;
        status.Values["row_cache_hits"] = rows.Hits.ToString(CultureInfo.InvariantCulture);
        status.Values["row_cache_misses"] = rows.Misses.ToString(CultureInfo.InvariantCulture);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var lastReport = Stopwatch.StartNew();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await DeleteRetiredAsync(ct).ConfigureAwait(false);
                await QuarantineCorruptAsync(ct).ConfigureAwait(false);
                await CopyMissingAsync(ct).ConfigureAwait(false);
                var frozen = FrozenVersion;
                var next = tablets.All.Where(t => t.Version < frozen).OrderBy(t => t.TableId).FirstOrDefault();
                if (next is not null)
                {
                    try
                    {
                        await MergeOneAsync(next, frozen, ct).ConfigureAwait(false);
                    }
                    catch (SSTableCorruptException e) when (corrupt.Report(next, e))
                    {
                        await QuarantineCorruptAsync(ct).ConfigureAwait(false);
                    }
                    _reportNow = true;
                }
                if (_reportNow || lastReport.Elapsed >= ReportPeriod)
                {
                    _reportNow = false;
                    lastReport.Restart();
                    await ReportAsync(ct).ConfigureAwait(false);
                }
                if (next is null)
                    await _wake.WaitAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "daily merge step failed; retrying");
                _reportNow = true;
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task MergeOneAsync(Tablet tablet, ulong frozen, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // A table's COMPRESSION= wins over this server's compress_method; files keep whatever they were written with.
        var writerOptions = options.WriterOptions();
        if (tablets.CompressorOf(tablet.TableId) is { } compressor)
            writerOptions = writerOptions with { Compressor = compressor };
        var merger = new TabletMerger(TabletDir, increments, writerOptions, options.TabletMaxSize,
            new MergeThrottle((long)options.MergeMaxMbPerSec << 20), _cache, _rowCache);
        var parts = await merger.MergeAsync(tablet, frozen, ct).ConfigureAwait(false);
        if (!tablets.Switch(tablet, parts))
        {
            foreach (var p in parts)
                DropFiles(p);
            return;
        }
        await SaveImageAsync(ct).ConfigureAwait(false);
        Interlocked.Add(ref _mergedRows, merger.RowsWritten);
        Interlocked.Add(ref _mergedBytes, merger.BytesWritten);
        _mergeSeconds += clock.Elapsed.TotalSeconds;
        log.LogInformation("merged tablet of table {Table} from version {Old} to {New}: {Parts} tablet(s), {Rows} rows, {Bytes} bytes in {Ms} ms",
            tablet.TableId, tablet.Version, frozen, parts.Count, parts.Sum(p => p.RowCount), parts.Sum(p => p.SizeBytes), clock.ElapsedMilliseconds);
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
    private async Task QuarantineCorruptAsync(CancellationToken ct)
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

    private async Task SaveImageAsync(CancellationToken ct)
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

    private async Task ReportAsync(CancellationToken ct)
    {
        var report = new TabletReportRequest { Address = context.Address };
        report.Tablets.AddRange(tablets.All.Select(t => t.ToInfo()));
        report.Corrupt.AddRange(corrupt.Reported);
        var reply = await context.RootServer.CallAsync(PacketCodes.RsReportTablets, report, TabletReportResponse.Parser, ct).ConfigureAwait(false);
        if (reply.FrozenVersion > FrozenVersion)
            Interlocked.Exchange(ref _frozenVersion, (long)reply.FrozenVersion);
    }

    // Baselines replaced by a merge (or no longer assigned) are closed and deleted once no read
    // can still use them; the image no longer names them.
    private Task DeleteRetiredAsync(CancellationToken ct)
    {
        var live = tablets.All.Select(t => t.SSTable).Where(s => s is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tablets.TakeExpiredRetired(DateTimeOffset.UtcNow))
        {
            ct.ThrowIfCancellationRequested();
            if (t.SSTable is null || live.Contains(t.SSTable))
                continue;
            DropFiles(t);
        }
        return Task.CompletedTask;
    }

    private void DropFiles(Tablet t)
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
}
