using System.Diagnostics;
using OceanClassic.Common.Rpc;
using System.Collections.Concurrent;

namespace OceanClassic.MergeServer.Engine.Cluster;

// Tablet locations per table, loaded from the RootServer's root table on first use and dropped when a
// ChunkServer says it no longer serves a tablet (6001), when a replica cannot be reached, or when the
// heartbeat reports a new root table version.
public sealed class TabletLocationCache(IClusterGateway gateway)
{
    private static readonly OperationTimer LocationTimer = OperationTimers.Get("ms.location");
    private readonly ConcurrentDictionary<ulong, Task<IReadOnlyList<TabletLocation>>> _tables = new();
    private ulong _rootTableVersion;

    public void OnRootTableVersion(ulong version)
    {
        if (Interlocked.Exchange(ref _rootTableVersion, version) != version)
            _tables.Clear();
    }

    public void Invalidate(ulong tableId) => _tables.TryRemove(tableId, out _);

    public async ValueTask<IReadOnlyList<TabletLocation>> GetAsync(ulong tableId, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var task = _tables.GetOrAdd(tableId, id => LoadAsync(id));
        try
        {
            return await task.WaitAsync(ct);
        }
        catch (Exception) when (task.IsFaulted)
        {
            // A failed load is not cached.
            _tables.TryRemove(new KeyValuePair<ulong, Task<IReadOnlyList<TabletLocation>>>(tableId, task));
            throw;
        }
        finally
        {
            LocationTimer.Stop(started);
        }
    }

    // The tablets overlapping `range`, each with the range clipped to it, in key order.
    public static List<(TabletLocation Tablet, ScanRange Range)> Clip(IReadOnlyList<TabletLocation> tablets, ScanRange range)
    {
        var result = new List<(TabletLocation, ScanRange)>();
        foreach (var t in tablets)
        {
            if (range.Intersect(t.Range) is { } part)
                result.Add((t, part));
        }
        return result;
    }

    private async Task<IReadOnlyList<TabletLocation>> LoadAsync(ulong tableId)
    {
        var response = await gateway.GetTabletsAsync(tableId, CancellationToken.None);
        var list = response.Tablets
            .Select(t => new TabletLocation(ScanRange.FromProto(t.Range), [.. t.Replicas], t.Version, t.RowCount == 0))
            .ToList();
        list.Sort((a, b) => CompareStarts(a.Range, b.Range));
        return list;
    }

    private static int CompareStarts(ScanRange a, ScanRange b)
    {
        if (a.Start is null)
            return b.Start is null ? 0 : -1;
        if (b.Start is null)
            return 1;
        return a.Start.AsSpan().SequenceCompareTo(b.Start);
    }
}
