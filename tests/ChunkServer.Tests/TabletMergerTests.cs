using OceanClassic.ChunkServer.DailyMerge;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class TabletMergerTests
{
    private const ulong TableId = 1001;
    private static readonly int[] Columns = [1, 2];

    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("merge").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    private static TabletMerger Merger(string dir, IIncrementSource source, long maxSize) =>
        new(dir, source, new SSTableWriterOptions { BlockSize = 4096 }, maxSize, new MergeThrottle(0), null);

    private static IncrementRow Replace(long id, long a, string b) =>
        new(Key(id), IncrementState.Replace, [new IncrementCell(1, ObObj.FromInt(a)), new IncrementCell(2, ObObj.FromString(b))]);

    private static IncrementRow Update(long id, long a) => new(Key(id), IncrementState.Update, [new IncrementCell(1, ObObj.FromInt(a))]);

    private static IncrementRow Delete(long id) => new(Key(id), IncrementState.Deleted, []);

    private static async Task<SortedDictionary<long, string>> ReadAllAsync(IEnumerable<Tablet> tablets)
    {
        var rows = new SortedDictionary<long, string>();
        foreach (var t in tablets)
        {
            await foreach (var row in t.Baseline.ScanAsync(t.Range, Columns, CancellationToken.None))
            {
                Assert.IsTrue(KeyRanges.Contains(t.Range, row.RowKey), "a row lies outside its tablet");
                rows.Add(RowKeyCodec.Decode(row.RowKey)[0].Int, $"{row.Cells[0].ToText()}|{row.Cells[1].ToText()}");
            }
        }
        return rows;
    }

    [TestMethod]
    public async Task TwoMergesOfRandomChangesGiveBaselinesEqualToAReferenceModel()
    {
        var random = new Random(7);
        var model = new SortedDictionary<long, string>();
        var tablet = new Tablet(TableId, KeyRanges.All, 0, EmptyTabletBaseline.Instance);
        for (var round = 1; round <= 2; round++)
        {
            var increments = new SortedDictionary<long, IncrementRow>();
            for (var i = 0; i < 3000; i++)
            {
                var id = random.Next(0, 2000);
                switch (random.Next(4))
                {
                    case 0 when model.ContainsKey(id):
                        increments[id] = Delete(id);
                        model.Remove(id);
                        break;
                    case 1 when model.ContainsKey(id):
                        var a = random.Next();
                        // An update over a pending replace folds into it, as the UPS would.
                        increments[id] = increments.TryGetValue(id, out var prior) && prior.State == IncrementState.Replace
                            ? Replace(id, a, model[id].Split('|')[1])
                            : Update(id, a);
                        model[id] = $"{a}|{model[id].Split('|')[1]}";
                        break;
                    default:
                        var b = $"v{random.Next(1000)}";
                        increments[id] = Replace(id, i, b);
                        model[id] = $"{i}|{b}";
                        break;
                }
            }
            var source = new ListIncrementSource([.. increments.Values]);
            var parts = await Merger(_dir, source, 64 << 20).MergeAsync(tablet, (ulong)(round * 10), CancellationToken.None);
            Assert.AreEqual(1, parts.Count);
            Assert.AreEqual((ulong)(round * 10), parts[0].Version);
            Assert.AreEqual((ulong)tablet.Version, source.Requests[0].MinVersion, "asks only for increments newer than the tablet");
            Assert.AreEqual((ulong)(round * 10), source.Requests[0].ReadVersion);
            CollectionAssert.AreEqual(model.ToList(), (await ReadAllAsync(parts)).ToList());
            Assert.AreEqual(model.Count, parts[0].RowCount);
            tablet = parts[0];
        }
    }

    [TestMethod]
    public async Task AnOversizedOutputSplitsIntoPartsThatPartitionTheRangeIdenticallyOnEveryReplica()
    {
        var rows = Enumerable.Range(0, 20_000).Select(i => Replace(i, i, new string('x', 40))).ToList();
        var tablet = new Tablet(TableId, KeyRanges.All, 0, EmptyTabletBaseline.Instance);
        var dirB = Directory.CreateTempSubdirectory("merge-b").FullName;
        try
        {
            var a = await Merger(_dir, new ListIncrementSource(rows), 256 << 10).MergeAsync(tablet, 5, CancellationToken.None);
            var b = await Merger(dirB, new ListIncrementSource(rows), 256 << 10).MergeAsync(tablet, 5, CancellationToken.None);

            Assert.IsTrue(a.Count >= 4, $"{a.Count} parts");
            Assert.IsTrue(a[0].Range.StartIsMin && a[^1].Range.EndIsMax);
            for (var i = 1; i < a.Count; i++)
                Assert.AreEqual(a[i - 1].Range.End, a[i].Range.Start);
            Assert.IsTrue(a.All(p => p.SizeBytes <= 256 << 10));
            CollectionAssert.AreEqual(a.Select(p => p.Range).ToList(), b.Select(p => p.Range).ToList());
            CollectionAssert.AreEqual(a.Select(p => p.Checksum).ToList(), b.Select(p => p.Checksum).ToList());
            Assert.AreEqual(20_000, (await ReadAllAsync(a)).Count);
            Assert.AreEqual(a.Count, Directory.GetFiles(_dir, "*.sst").Length, "the unsplit output is deleted");
        }
        finally
        {
            Directory.Delete(dirB, true);
        }
    }

    [TestMethod]
    public async Task TheTabletImageRoundTripsAndUnreferencedFilesAreRemoved()
    {
        var rows = Enumerable.Range(0, 100).Select(i => Replace(i, i, "a")).ToList();
        var parts = await Merger(_dir, new ListIncrementSource(rows), 64 << 20)
            .MergeAsync(new Tablet(TableId, Range(0, 1000), 0, EmptyTabletBaseline.Instance), 9, CancellationToken.None);
        var empty = new Tablet(TableId + 1, KeyRanges.All, 9, EmptyTabletBaseline.Instance);
        await TabletImage.SaveAsync(_dir, [.. parts, empty], CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(_dir, "t1_v9_1.sst.tmp"), "torn");

        var loaded = await TabletImage.LoadAsync(_dir, CancellationToken.None);
        Assert.AreEqual(1, TabletImage.DeleteUnreferenced(_dir, loaded.Select(e => e.SSTable)));
        Assert.AreEqual(2, loaded.Count);
        Assert.AreEqual(Range(0, 1000), loaded[0].KeyRange);
        Assert.AreEqual(9UL, loaded[0].Version);
        Assert.AreEqual(parts[0].Checksum, loaded[0].Checksum);
        Assert.AreEqual(100, loaded[0].RowCount);
        Assert.IsTrue(File.Exists(Path.Combine(_dir, loaded[0].SSTable!)));
        Assert.IsNull(loaded[1].SSTable);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_dir, TabletImage.FileName));
        bytes[^2] ^= 0x20;
        await File.WriteAllBytesAsync(Path.Combine(_dir, TabletImage.FileName), bytes);
        await Assert.ThrowsExactlyAsync<InvalidDataException>(() => TabletImage.LoadAsync(_dir, CancellationToken.None));
    }
}
