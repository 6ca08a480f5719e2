using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Types;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class RowFusionTests
{
    private const int Columns = 5;

    [TestMethod]
    public async Task FusionMatchesAReferenceModelOnRandomData()
    {
        var rng = new Random(4242);
        for (var round = 0; round < 300; round++)
        {
            var baseline = new SortedDictionary<byte[], Dictionary<int, ObObj>>(ByteKeyComparer.Instance);
            foreach (var id in Enumerable.Range(0, 40).Where(_ => rng.Next(2) == 0))
                baseline[Key(id)] = Enumerable.Range(0, Columns).ToDictionary(c => c, _ => RandomCell(rng));

            var increments = Enumerable.Range(0, 40)
                .Where(_ => rng.Next(3) == 0)
                .Select(id => new IncrementRow(Key(id), (IncrementState)rng.Next(3), RandomCells(rng)))
                .ToList();

            var columnIds = Enumerable.Range(0, rng.Next(1, 7)).Select(_ => rng.Next(Columns + 1)).ToArray();
            var projection = new ColumnProjection(columnIds);

            var actual = await ToListAsync(RowFusion.FuseAsync(
                new InMemoryBaseline(baseline).ScanAsync(KeyRanges.All, columnIds, default),
                AsAsync(increments), projection, default));
            var expected = Reference(baseline, increments, columnIds);

            Assert.AreEqual(expected.Count, actual.Count, $"round {round}: row count");
            for (var i = 0; i < expected.Count; i++)
            {
                CollectionAssert.AreEqual(expected[i].Key, actual[i].RowKey, $"round {round} row {i} key");
                CollectionAssert.AreEqual(expected[i].Cells, actual[i].Cells, $"round {round} row {i} cells");
            }
        }
    }

    [TestMethod]
    public void AnUpdateForAKeyAbsentFromTheBaselineYieldsNoRow()
    {
        var projection = new ColumnProjection([0]);
        var update = new IncrementRow(Key(1), IncrementState.Update, [new IncrementCell(0, ObObj.FromInt(5))]);
        Assert.IsNull(RowFusion.Apply(null, update, projection));
    }

    [TestMethod]
    public void ReplaceMakesUnwrittenColumnsNullAndUpdateKeepsThem()
    {
        var projection = new ColumnProjection([0, 1]);
        var baseline = new TabletRow(Key(1), [ObObj.FromInt(1), ObObj.FromString("old")]);
        var cells = new[] { new IncrementCell(0, ObObj.FromInt(2)) };

        var replaced = RowFusion.Apply(baseline, new IncrementRow(Key(1), IncrementState.Replace, cells), projection)!;
        CollectionAssert.AreEqual(new[] { ObObj.FromInt(2), ObObj.Null }, replaced.Cells);

        var updated = RowFusion.Apply(baseline, new IncrementRow(Key(1), IncrementState.Update, cells), projection)!;
        CollectionAssert.AreEqual(new[] { ObObj.FromInt(2), ObObj.FromString("old") }, updated.Cells);
        Assert.AreEqual("old", baseline.Cells[1].String, "the baseline row itself is not modified");
    }

    // Reference model: a dictionary of full rows, changed one increment at a time.
    private static List<(byte[] Key, ObObj[] Cells)> Reference(
        SortedDictionary<byte[], Dictionary<int, ObObj>> baseline, List<IncrementRow> increments, int[] columnIds)
    {
        var rows = new SortedDictionary<byte[], Dictionary<int, ObObj>>(ByteKeyComparer.Instance);
        foreach (var (k, v) in baseline)
            rows[k] = new Dictionary<int, ObObj>(v);
        foreach (var inc in increments)
        {
            var exists = rows.TryGetValue(inc.RowKey, out var row);
            switch (inc.State)
            {
                case IncrementState.Deleted:
                    rows.Remove(inc.RowKey);
                    break;
                case IncrementState.Replace:
                    rows[inc.RowKey] = inc.Cells.Where(c => !c.Value.IsMarker).ToDictionary(c => c.ColumnId, c => c.Value);
                    break;
                case IncrementState.Update when exists:
                    foreach (var c in inc.Cells.Where(c => !c.Value.IsMarker))
                        row![c.ColumnId] = c.Value;
                    break;
                default:
                    break;
            }
        }
        return [.. rows.Select(r => (r.Key, columnIds.Select(id => r.Value.TryGetValue(id, out var v) ? v : ObObj.Null).ToArray()))];
    }

    private static IncrementCell[] RandomCells(Random rng) =>
        [.. Enumerable.Range(0, Columns).Where(_ => rng.Next(2) == 0).Select(c => new IncrementCell(c, rng.Next(8) == 0 ? ObObj.NotWritten : RandomCell(rng)))];

    private static ObObj RandomCell(Random rng) => rng.Next(4) switch
    {
        0 => ObObj.Null,
        1 => ObObj.FromString("s" + rng.Next(100)),
        _ => ObObj.FromInt(rng.Next(-1000, 1000)),
    };

    internal static async IAsyncEnumerable<T> AsAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
            yield return item;
        await Task.CompletedTask;
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }
}
