using Google.Protobuf;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Storage.StorageRows;

namespace OceanClassic.Common.Tests.Storage;

[TestClass]
public sealed class SSTableScanTests
{
    [TestMethod]
    public async Task RangeScansWithEveryBoundFlagCombinationMatchASortedReference()
    {
        using var dir = new TempDir();
        var rng = new Random(20140301);
        var reference = new SortedDictionary<byte[], SSTableRow>(ByteKeyComparer.Instance);
        while (reference.Count < 3000)
        {
            var id = rng.Next(0, 20_000);
            reference[Key(id)] = Simple(id);
        }
        await WriteAsync(dir.File("t.sst"), reference.Values, Tiny(SSTableCompressor.Deflate));
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"), new BlockCache(1 << 20));

        var present = reference.Keys.ToArray();
        for (var trial = 0; trial < 200; trial++)
        {
            // Bounds are present keys half the time (so inclusive/exclusive matters), else arbitrary ones.
            var a = rng.Next(2) == 0 ? present[rng.Next(present.Length)] : Key(rng.Next(-10, 20_010));
            var b = rng.Next(2) == 0 ? present[rng.Next(present.Length)] : Key(rng.Next(-10, 20_010));
            if (ByteKeyComparer.Instance.Compare(a, b) > 0)
                (a, b) = (b, a);
            var flags = trial % 16;
            var range = new KeyRange
            {
                Start = ByteString.CopyFrom(a),
                StartInclusive = (flags & 1) != 0,
                StartIsMin = (flags & 2) != 0,
                End = ByteString.CopyFrom(b),
                EndInclusive = (flags & 4) != 0,
                EndIsMax = (flags & 8) != 0,
            };
            var expected = reference.Values.Where(r => InRange(range, r.Key)).ToList();
            var actual = await ToListAsync(reader.ScanAsync(range));
            AssertSameRows(expected, actual, $"trial {trial} flags {flags}");
        }
    }

    [TestMethod]
    public async Task AScanStartingExclusivelyAtABlockSLastKeyContinuesInTheNextBlock()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(0, 2000).Select(i => Simple(i)).ToList();
        await WriteAsync(dir.File("t.sst"), rows, Tiny());
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"));
        var firstBlock = await reader.ReadBlockAsync(0);
        var lastOfFirst = firstBlock.KeyAt(firstBlock.RowCount - 1).ToArray();
        var range = new KeyRange { Start = ByteString.CopyFrom(lastOfFirst), StartInclusive = false, EndIsMax = true };
        var scanned = await ToListAsync(reader.ScanAsync(range));
        Assert.AreEqual(2000 - firstBlock.RowCount, scanned.Count);
        Assert.AreEqual(Show(rows[firstBlock.RowCount]), Show(scanned[0]));
    }

    [TestMethod]
    public async Task AnEmptyOrInvertedRangeYieldsNoRows()
    {
        using var dir = new TempDir();
        await WriteAsync(dir.File("t.sst"), Enumerable.Range(0, 100).Select(i => Simple(i)), Tiny());
        using var reader = await SSTableReader.OpenAsync(dir.File("t.sst"));
        var same = new KeyRange { Start = ByteString.CopyFrom(Key(5)), End = ByteString.CopyFrom(Key(5)), StartInclusive = true };
        var inverted = new KeyRange { Start = ByteString.CopyFrom(Key(50)), End = ByteString.CopyFrom(Key(10)), StartInclusive = true, EndInclusive = true };
        Assert.AreEqual(0, (await ToListAsync(reader.ScanAsync(same))).Count);
        Assert.AreEqual(0, (await ToListAsync(reader.ScanAsync(inverted))).Count);
    }

    private static bool InRange(KeyRange range, byte[] key)
    {
        if (!range.StartIsMin)
        {
            var c = ByteKeyComparer.Instance.Compare(key, range.Start.ToByteArray());
            if (c < 0 || (c == 0 && !range.StartInclusive))
                return false;
        }
        if (!range.EndIsMax)
        {
            var c = ByteKeyComparer.Instance.Compare(key, range.End.ToByteArray());
            if (c > 0 || (c == 0 && !range.EndInclusive))
                return false;
        }
        return true;
    }
}
