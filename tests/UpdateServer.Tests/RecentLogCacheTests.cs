using OceanClassic.Common.Checksums;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Replication;

namespace OceanClassic.UpdateServer.Tests;

// The master's in-memory tail of its log, as backups read it: any range of cached entries comes
// back exactly as written (across batches, cut at upTo or maxBytes), evicted or never-cached ones not.
[TestClass]
public sealed class RecentLogCacheTests
{
    [TestMethod]
    public void AnyRangeOfCachedEntriesReadsBackExactlyAsWrittenAcrossBatches()
    {
        var cache = new RecentLogCache();
        var entries = new List<byte[]>();
        ulong next = 1;
        foreach (var batchSize in new[] { 1, 3, 2, 5, 1, 4 })
        {
            var batch = new List<byte[]>();
            for (var i = 0; i < batchSize; i++)
                batch.Add(Entry(next++));
            entries.AddRange(batch);
            cache.Add(Concat(batch), next - (ulong)batchSize, next - 1);
        }
        var count = (ulong)entries.Count;
        for (ulong from = 1; from <= count; from++)
        {
            for (var upTo = from; upTo <= count; upTo++)
            {
                var read = cache.Read(from, upTo, 1 << 20);
                Assert.IsNotNull(read, $"entries {from}..{upTo} are cached");
                Assert.AreEqual(from, read.Value.First);
                Assert.AreEqual(upTo, read.Value.Last);
                CollectionAssert.AreEqual(Concat(entries.GetRange((int)from - 1, (int)(upTo - from + 1))), read.Value.Bytes,
                    $"entries {from}..{upTo}");
            }
            Assert.AreEqual(Header(entries[(int)from - 1]).PayloadCrc, cache.EntryCrc(from), $"entry {from}'s CRC");
        }
        Assert.IsNull(cache.Read(count + 1, count + 1, 1 << 20), "past the end");
        Assert.IsNull(cache.EntryCrc(count + 1));
    }

    [TestMethod]
    public void AReadStopsOnceItHoldsMaxBytesButReturnsAtLeastOneEntry()
    {
        var cache = new RecentLogCache();
        var entries = Enumerable.Range(1, 6).Select(i => Entry((ulong)i)).ToList();
        cache.Add(Concat(entries.GetRange(0, 3)), 1, 3);
        cache.Add(Concat(entries.GetRange(3, 3)), 4, 6);

        var one = cache.Read(2, 6, 1)!.Value;
        Assert.AreEqual((2UL, 2UL), (one.First, one.Last), "at least one entry, however small maxBytes is");
        var two = cache.Read(2, 6, entries[1].Length + 1)!.Value;
        Assert.AreEqual((2UL, 3UL), (two.First, two.Last), "the entry that reaches maxBytes is the last");
        CollectionAssert.AreEqual(Concat(entries.GetRange(1, 2)), two.Bytes);
    }

    [TestMethod]
    public void EvictedAndDiscontinuedBatchesAreNoLongerRead()
    {
        var cache = new RecentLogCache(capacityBytes: Entry(2998).Length + Entry(2999).Length + Entry(3000).Length);
        for (ulong s = 1; s <= 3000; s++)
            cache.Add(Entry(s), s, s);
        Assert.IsNull(cache.Read(2997, 3000, 1 << 20), "entry 2997 was evicted");
        Assert.AreEqual((2998UL, 3000UL), (cache.Read(2998, 3000, 1 << 20)!.Value.First, cache.Read(2998, 3000, 1 << 20)!.Value.Last));

        cache.Add(Entry(5000), 5000, 5000);
        Assert.IsNull(cache.Read(2998, 3000, 1 << 20), "a batch that does not continue the cache replaces it");
        Assert.AreEqual(5000UL, cache.Read(5000, 5000, 1 << 20)!.Value.Last);
    }

    // A version-3 entry: header, stamp, and a body that names its sequence.
    private static byte[] Entry(ulong sequence)
    {
        var payload = new byte[EntryStamp.Size + 8 + (int)(sequence % 7)];
        new EntryStamp(1, sequence - 1).WriteTo(payload);
        BitConverter.TryWriteBytes(payload.AsSpan(EntryStamp.Size), sequence);
        var entry = new byte[CommitLogEntryHeader.Size + payload.Length];
        new CommitLogEntryHeader((uint)payload.Length, sequence, sequence, Crc64.Compute(payload), 0, 0).WriteTo(entry);
        payload.CopyTo(entry.AsSpan(CommitLogEntryHeader.Size));
        return entry;
    }

    private static CommitLogEntryHeader Header(byte[] entry)
    {
        Assert.IsTrue(CommitLogEntryHeader.TryRead(entry, out var header));
        return header;
    }

    private static byte[] Concat(IEnumerable<byte[]> parts) => [.. parts.SelectMany(p => p)];
}
