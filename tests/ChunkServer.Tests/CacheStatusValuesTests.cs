using System.Globalization;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class CacheStatusValuesTests
{
    [TestMethod]
    public void ACacheSmallerThanWhatWasReadReportsItsEvictionsAndIsFullToItsCapacity()
    {
        var cache = new BlockCache(10_000);
        for (var i = 0; i < 40; i++)
            cache.Put(new BlockCacheKey(1, i), new byte[1000]);
        Assert.IsTrue(cache.TryGet(new BlockCacheKey(1, 39), out _));
        Assert.IsFalse(cache.TryGet(new BlockCacheKey(1, 0), out _));
        var status = new StatusResponse();

        CacheStatusValues.Fill(status, "block_cache", cache.Stats);

        Assert.AreEqual("1", status.Values["block_cache_hits"]);
        Assert.AreEqual("1", status.Values["block_cache_misses"]);
        Assert.AreEqual("10000", status.Values["block_cache_capacity"]);
        var entries = long.Parse(status.Values["block_cache_entries"], CultureInfo.InvariantCulture);
        Assert.AreEqual(40 - entries, long.Parse(status.Values["block_cache_evictions"], CultureInfo.InvariantCulture));
        var bytes = long.Parse(status.Values["block_cache_bytes"], CultureInfo.InvariantCulture);
        Assert.IsTrue(bytes <= 10_000 && bytes > 10_000 - 1200, $"charged {bytes} bytes of 10000");
    }
}
