using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Storage;
using static OceanClassic.Common.Tests.Storage.StorageRows;

namespace OceanClassic.Common.Tests.Storage;

[TestClass]
public sealed class CacheTests
{
    // Each entry is charged its value bytes plus a fixed 96-byte bookkeeping overhead.
    private const int Overhead = 96;

    [TestMethod]
    public void TheLeastRecentlyUsedBlocksAreEvictedOnceTheByteCapacityIsFull()
    {
        var cache = new BlockCache(3 * (1000 + Overhead));
        cache.Put(new BlockCacheKey(1, 0), new byte[1000]);
        cache.Put(new BlockCacheKey(1, 1000), new byte[1000]);
        cache.Put(new BlockCacheKey(1, 2000), new byte[1000]);
        Assert.IsTrue(cache.TryGet(new BlockCacheKey(1, 0), out _)); // block 0 is now the most recent
        cache.Put(new BlockCacheKey(2, 0), new byte[1000]);

        Assert.IsFalse(cache.TryGet(new BlockCacheKey(1, 1000), out _), "the least recent block went first");
        Assert.IsTrue(cache.TryGet(new BlockCacheKey(1, 0), out _));
        Assert.IsTrue(cache.TryGet(new BlockCacheKey(1, 2000), out _));
        Assert.IsTrue(cache.TryGet(new BlockCacheKey(2, 0), out _));
        var stats = cache.Stats;
        Assert.AreEqual(4, stats.Hits);
        Assert.AreEqual(1, stats.Misses);
        Assert.AreEqual(1, stats.Evictions);
        Assert.AreEqual(3, stats.Count);
        Assert.AreEqual(3 * (1000 + Overhead), stats.SizeBytes);
    }

    [TestMethod]
    public void OneLargeEntryEvictsAsManySmallOnesAsItsBytesNeed()
    {
        var cache = new BlockCache(10_000);
        for (var i = 0; i < 20; i++)
            cache.Put(new BlockCacheKey(1, i), new byte[300]);
        cache.Put(new BlockCacheKey(9, 0), new byte[6000]);
        var stats = cache.Stats;
        Assert.IsTrue(stats.SizeBytes <= 10_000);
        Assert.IsTrue(cache.TryGet(new BlockCacheKey(9, 0), out var big) && big.Length == 6000);
        Assert.IsTrue(stats.Count < 20);
        Assert.AreEqual(20 + 1 - stats.Count, stats.Evictions);
    }

    [TestMethod]
    public void AnEntryLargerThanTheCapacityIsNotCachedAndReplacingAKeyRechargesIt()
    {
        var cache = new BlockCache(2000);
        cache.Put(new BlockCacheKey(1, 0), new byte[5000]);
        Assert.AreEqual(0, cache.Stats.Count);
        cache.Put(new BlockCacheKey(1, 0), new byte[100]);
        cache.Put(new BlockCacheKey(1, 0), new byte[200]);
        Assert.AreEqual(200 + Overhead, cache.Stats.SizeBytes);
        Assert.IsTrue(cache.Remove(new BlockCacheKey(1, 0)));
        Assert.AreEqual(0, cache.Stats.SizeBytes);
    }

    [TestMethod]
    public void RowCacheKeysCompareRowkeysByContentAndSeparateOwners()
    {
        var cache = new RowCache(1 << 20);
        cache.Put(7, Key(1), [1, 2, 3]);
        Assert.IsTrue(cache.TryGet(7, Key(1), out var bytes));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, bytes);
        Assert.IsFalse(cache.TryGet(8, Key(1), out _), "another tablet's row");
        Assert.IsFalse(cache.TryGet(7, Key(2), out _));
        Assert.AreEqual(new CacheStats(1, 2, 0, 1, 3 + Key(1).Length + Overhead, 1 << 20), cache.Stats);
    }

    [TestMethod]
    public async Task AReaderWithABlockCacheReadsEachBlockFromDiskOnce()
    {
        using var dir = new TempDir();
        await WriteAsync(dir.File("t.sst"), Enumerable.Range(0, 2000).Select(i => Simple(i)), Tiny(SSTableCompressor.Deflate));
        var cache = new BlockCache(8 << 20);
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"), cache);
        await ToListAsync(reader.ScanAsync());
        Assert.AreEqual(reader.BlockCount, cache.Stats.Misses);
        Assert.AreEqual(reader.BlockCount, cache.Stats.Count);
        await ToListAsync(reader.ScanAsync());
        for (var i = 0; i < 2000; i += 10)
            Assert.AreEqual(i, (await reader.GetAsync(Key(i)))!.Cells[0].Value.Int);
        Assert.AreEqual(reader.BlockCount, cache.Stats.Misses, "no further misses");
        Assert.AreEqual(reader.BlockCount + 200, cache.Stats.Hits);
    }

    [TestMethod]
    public async Task ConcurrentPutsAndGetsKeepTheCacheWithinCapacity()
    {
        var cache = new BlockCache(50_000);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 5000; i++)
            {
                var key = new BlockCacheKey(t, i % 300);
                if (!cache.TryGet(key, out _))
                    cache.Put(key, new byte[100 + (i % 500)]);
            }
        })));
        var stats = cache.Stats;
        Assert.IsTrue(stats.SizeBytes <= 50_000, $"size {stats.SizeBytes}");
        Assert.AreEqual(20_000, stats.Hits + stats.Misses);
        Assert.IsTrue(stats.Evictions > 0);
    }
}
