using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OceanClassic.ChunkServer.Configuration;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.DailyMerge;

// The ChunkServer's daily merge: merges every tablet older than the RootServer's frozen version one
// at a time (TabletMerger), switches reads to the new baseline atomically (TabletMap.Switch), saves
// the tablet image and has the tablets reported after each merged tablet. Its one background loop
// also runs the tablet store's upkeep (TabletManager: retired files, quarantine, copies, periodic
// reports) between merges, so merges, copies and image saves never race. A tablet whose local
// baseline fails its checks while merging is quarantined (CorruptReplicas) rather than merged again
// and again: the heartbeat then lists it as missing, and it is copied from a healthy replica (at the
// RootServer's version, merged here afterwards if that is still older).
public sealed class DailyMergeService(TabletMap tablets, TabletManager store, IIncrementSource increments, CsOptions options, ILogger log, CorruptReplicas corrupt)
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private long _frozenVersion;
    private long _mergedRows;
    private long _mergedBytes;
    private double _mergeSeconds;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    public ulong FrozenVersion => (ulong)Interlocked.Read(ref _frozenVersion);

    public async Task StartAsync(CancellationToken ct)
    {
        await store.LoadAsync(ct).ConfigureAwait(false);
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

    // Heartbeat reply: the assigned tablets (to the store) and the frozen version.
    public async ValueTask OnHeartbeatAsync(HeartbeatResponse response, CancellationToken ct)
    {
        await store.OnAssignedAsync(response, ct).ConfigureAwait(false);
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
        store.FillStatus(status);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await store.MaintainAsync(ct).ConfigureAwait(false);
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
                        await store.QuarantineCorruptAsync(ct).ConfigureAwait(false);
                    }
                    store.ReportSoon();
                }
                if (await store.ReportIfDueAsync(ct).ConfigureAwait(false) is { } reported && reported > FrozenVersion)
                    Interlocked.Exchange(ref _frozenVersion, (long)reported);
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
                store.ReportSoon();
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
        var merger = new TabletMerger(store.TabletDir, increments, writerOptions, options.TabletMaxSize,
            new MergeThrottle((long)options.MergeMaxMbPerSec << 20), store.Cache, store.RowCache);
        var parts = await merger.MergeAsync(tablet, frozen, ct).ConfigureAwait(false);
        if (!tablets.Switch(tablet, parts))
        {
            foreach (var p in parts)
                store.DropFiles(p);
            return;
        }
        await store.SaveImageAsync(ct).ConfigureAwait(false);
        Interlocked.Add(ref _mergedRows, merger.RowsWritten);
        Interlocked.Add(ref _mergedBytes, merger.BytesWritten);
        _mergeSeconds += clock.Elapsed.TotalSeconds;
        log.LogInformation("merged tablet of table {Table} from version {Old} to {New}: {Parts} tablet(s), {Rows} rows, {Bytes} bytes in {Ms} ms",
            tablet.TableId, tablet.Version, frozen, parts.Count, parts.Sum(p => p.RowCount), parts.Sum(p => p.SizeBytes), clock.ElapsedMilliseconds);
    }
}
