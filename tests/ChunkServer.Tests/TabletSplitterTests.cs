using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.DailyMerge;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Tests.Storage;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Storage.StorageRows;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class TabletSplitterTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task SplitPartsPartitionTheTabletRangeExactlyAndHoldEveryRowOnce(bool boundedTablet)
    {
        using var dir = new TempDir();
        var rng = new Random(42);
        var ids = Enumerable.Range(0, 20_000).Select(_ => rng.Next(100, 1_000_000)).Distinct().Order().Take(6000).ToList();
        var rows = ids.Select(id => Simple(id)).ToList();
        byte[]? start = boundedTablet ? Key(100) : null;
        byte[]? end = boundedTablet ? Key(1_000_000) : null;
        const long target = 32 * 1024;

        var parts = await TabletSplitter.WriteAsync(Stream(rows), start, end, target, i => dir.File($"part{i}.sst"), Tiny());

        Assert.IsTrue(parts.Count >= 4, $"{parts.Count} parts");
        Assert.AreEqual(Hex(start), Hex(parts[0].StartKey), "the first part starts where the tablet starts");
        Assert.AreEqual(Hex(end), Hex(parts[^1].EndKey), "the last part ends where the tablet ends");
        for (var i = 0; i + 1 < parts.Count; i++)
        {
            Assert.IsNotNull(parts[i].EndKey);
            Assert.AreEqual(Hex(parts[i].EndKey), Hex(parts[i + 1].StartKey), $"parts {i} and {i + 1} are contiguous");
            Assert.IsTrue(ByteKeyComparer.Instance.Compare(parts[i + 1].StartKey, parts[i + 1].EndKey ?? [0xFF, 0xFF]) < 0 || parts[i + 1].EndKey is null);
        }

        var seen = 0;
        for (var p = 0; p < parts.Count; p++)
        {
            using var reader = await SSTableReader.OpenAsync(parts[p].Info.Path);
            Assert.AreEqual(parts[p].Info.RowCount, reader.RowCount);
            if (p + 1 < parts.Count)
                Assert.IsTrue(reader.FileSize >= target / 2 && reader.FileSize < 3 * target, $"part {p} is {reader.FileSize} bytes");
            await foreach (var row in reader.ScanAsync())
            {
                // Exactly one part's [start, end) holds each key, and it is the part that stores it.
                var owners = parts.Select((part, index) => (part, index)).Where(x => Within(x.part, row.Key)).ToList();
                Assert.AreEqual(1, owners.Count);
                Assert.AreEqual(p, owners[0].index);
                Assert.AreEqual(Show(rows[seen]), Show(row));
                seen++;
            }
        }
        Assert.AreEqual(rows.Count, seen);
        // Keys between and around stored rows also land in exactly one part.
        for (var probe = 0; probe < 1_000_100; probe += 997)
        {
            var key = Key(probe);
            if (boundedTablet && (probe < 100 || probe >= 1_000_000))
                continue;
            Assert.AreEqual(1, parts.Count(part => Within(part, key)), $"probe {probe}");
        }
    }

    [TestMethod]
    public async Task AnEmptyStreamYieldsOneEmptyPartCoveringTheWholeRange()
    {
        using var dir = new TempDir();
        var parts = await TabletSplitter.WriteAsync(Stream([]), Key(1), Key(9), 1024, i => dir.File($"p{i}.sst"), Tiny());
        Assert.AreEqual(1, parts.Count);
        Assert.AreEqual(0, parts[0].Info.RowCount);
        Assert.AreEqual(Hex(Key(1)), Hex(parts[0].StartKey));
        Assert.AreEqual(Hex(Key(9)), Hex(parts[0].EndKey));
    }

    [TestMethod]
    public async Task ARowOutsideTheTabletRangeIsRefused()
    {
        using var dir = new TempDir();
        await Assert.ThrowsExceptionAsync<ArgumentException>(() =>
            TabletSplitter.WriteAsync(Stream([Simple(5), Simple(10)]), Key(1), Key(10), 1024, i => dir.File($"p{i}.sst"), Tiny()));
    }

    private static bool Within(TabletSplitPart part, byte[] key) =>
        (part.StartKey is null || ByteKeyComparer.Instance.Compare(key, part.StartKey) >= 0)
        && (part.EndKey is null || ByteKeyComparer.Instance.Compare(key, part.EndKey) < 0);

    private static string Hex(byte[]? key) => key is null ? "inf" : Convert.ToHexString(key);

#pragma warning disable CS1998 // an in-memory source is synchronous
    private static async IAsyncEnumerable<SSTableRow> Stream(IEnumerable<SSTableRow> rows)
    {
        foreach (var row in rows)
            yield return row;
    }
#pragma warning restore CS1998
}
