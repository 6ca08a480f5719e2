using Google.Protobuf;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

// What online ALTER TABLE asks of a scan: a column a row holds no cell for reads as its fill value
// (baseline rows and UPS rows written before ADD COLUMN), an explicit NULL cell stays NULL, and a
// retyped column's older cells are cast to its new type.
[TestClass]
public sealed class OnlineAlterScanTests
{
    private static readonly ObObj Fill = ObObj.FromInt(42);

    [TestMethod]
    public async Task RowsWithoutACellForAnAddedColumnReadItsFillValueInBaselineAndIncrements()
    {
        var baseline = new SortedDictionary<byte[], Dictionary<int, ObObj>>(ByteKeyComparer.Instance)
        {
            [Key(1)] = new() { [0] = ObObj.FromInt(1) },
            [Key(2)] = new() { [0] = ObObj.FromInt(2) },
            [Key(3)] = new() { [0] = ObObj.FromInt(3), [7] = ObObj.Null },
        };
        var increments = new List<IncrementRow>
        {
            new(Key(2), IncrementState.Update, [new IncrementCell(0, ObObj.FromInt(20))]),
            new(Key(4), IncrementState.Replace, [new IncrementCell(0, ObObj.FromInt(4))]),
            new(Key(5), IncrementState.Replace, [new IncrementCell(0, ObObj.FromInt(5)), new IncrementCell(7, ObObj.FromInt(9))]),
        };
        int[] columnIds = [0, 7];
        var projection = new ColumnProjection(columnIds, [ObObj.Null, Fill]);
        var rows = new List<TabletRow>();
        await foreach (var row in RowFusion.FuseAsync(new InMemoryBaseline(baseline).ScanAsync(KeyRanges.All, columnIds, default, projection.Absent),
            AsAsync(increments), projection, default))
            rows.Add(row);
        CollectionAssert.AreEqual(new[] { "1:42", "20:42", "3:", "4:42", "5:9" },
            rows.Select(r => $"{r.Cells[0].ToText()}:{r.Cells[1].ToText()}").ToArray());
    }

    [TestMethod]
    public async Task AScanRequestCarriesFillValuesAndCastsForEachRequestedColumn()
    {
        var map = new TabletMap();
        map.Replace([Tablet(5, null, null)]);
        var source = new ListIncrementSource(
            [.. Enumerable.Range(0, 3).Select(i => new IncrementRow(Key(i), IncrementState.Replace,
                [new IncrementCell(0, ObObj.FromInt(i)), new IncrementCell(2, ObObj.FromInt(i * 10))]))], latestVersion: 9);
        var service = new TabletScanService(map, source);
        var request = new TabletScanRequest { TableId = 5, Range = KeyRanges.All };
        request.ColumnIds.Add([0, 7, 2]);
        request.ColumnFills.Add([ByteString.Empty, SchemaConvert.EncodeCell(Fill), ByteString.Empty]);
        request.ColumnCasts.Add([0, 0, (int)ObType.String + 1]);
        request.ColumnCastScales.Add([-1, -1, -1]);
        var rows = ScanPageWriter.Read((await service.ScanAsync(request, default)).Rows.Span, 3);
        Assert.AreEqual(3, rows.Count);
        Assert.AreEqual(42L, rows[1][1].Int, "column 7 has no cell: its fill value");
        Assert.AreEqual(ObType.String, rows[2][2].Type, "column 2 was retyped to a string");
        Assert.AreEqual("20", rows[2][2].String);
        Assert.AreEqual(ObType.Int, rows[2][0].Type, "a column without a cast stays as stored");
    }

    private static async IAsyncEnumerable<IncrementRow> AsAsync(IEnumerable<IncrementRow> rows)
    {
        foreach (var r in rows)
            yield return r;
        await Task.CompletedTask;
    }
}
