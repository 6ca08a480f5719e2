using System.Globalization;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// A ChunkServer cache's counters in its Status packet, under one prefix ("block_cache", "row_cache"):
// _hits and _misses (lookups since start), _evictions (entries pushed out to make room), _entries,
// _bytes (charged now) and _capacity (its configured size). With _bytes at _capacity and evictions
// rising, the data read is larger than the cache (the 1 M-row benchmark's shape, scripts/bench.sh compare).
public static class CacheStatusValues
{
    public static void Fill(StatusResponse status, string prefix, CacheStats stats)
    {
        Put(status, prefix + "_hits", stats.Hits);
        Put(status, prefix + "_misses", stats.Misses);
        Put(status, prefix + "_evictions", stats.Evictions);
        Put(status, prefix + "_entries", stats.Count);
        Put(status, prefix + "_bytes", stats.SizeBytes);
        Put(status, prefix + "_capacity", stats.CapacityBytes);
    }

    private static void Put(StatusResponse status, string key, long value) =>
        status.Values[key] = value.ToString(CultureInfo.InvariantCulture);
}
