using Google.Protobuf;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

// A part with no increment to fuse, no filter and no cast is copied from the SSTable's stored cells
// (RowBytesCopier); the same request with an increment to fuse takes the decoding path (RowFusion). The
// two must answer byte for byte alike: rows, row counts, pages, last keys.
[TestClass]
public sealed class StoredRowCopyTests
{
    private const ulong TableId = 7;
    private static readonly ObObj Fill = ObObj.FromString("filled");

    // Rows at even ids 0..1998 (column 0 the id, 1 a name, 2 a score on every third row only), one tablet.
    private static async Task<(string Dir, SSTableBaseline Baseline)> WriteBaselineAsync()
    {
        var dir = Directory.CreateTempSubdirectory("obrowcopy").FullName;
        var path = Path.Combine(dir, "t.sst");
        await using (var writer = SSTableWriter.Create(path, new SSTableWriterOptions { BlockSize = 4096 }))
        {
            for (var i = 0; i < 2000; i += 2)
            {
                List<SSTableCell> cells = [new(0, ObObj.FromInt(i)), new(1, ObObj.FromString($"név {i}"))];
                if (i % 3 == 0)
                    cells.Add(new SSTableCell(2, ObObj.FromInt(-i)));
                await writer.AddRowAsync(new SSTableRow(Key(i), SSTableRowKind.Full, [.. cells]), CancellationToken.None);
            }
            await writer.FinishAsync(CancellationToken.None);
        }
        var baseline = new SSTableBaseline(await SSTableReader.OpenAsync(path, new BlockCache(1 << 20), CancellationToken.None), new RowCache(1 << 20));
        return (dir, baseline);
    }

    // The copying service (no increments) and the fusing one: its only increment updates a key the baseline
    // lacks, which fuses to no row, so both must read the same rows.
    private static (TabletScanService Copying, TabletScanService Fusing) Services(SSTableBaseline baseline)
    {
        var map = new TabletMap();
        map.Load([new Tablet(TableId, KeyRanges.All, 1, baseline)]);
        var none = new ListIncrementSource([], latestVersion: 9);
        var stray = new ListIncrementSource([new IncrementRow(Key(301), IncrementState.Update, [new IncrementCell(1, ObObj.FromString("x"))])], latestVersion: 9);
        return (new TabletScanService(map, none), new TabletScanService(map, stray));
    }

    private static TabletScanRequest Request(KeyRange range, int maxBytes, long limit, BoundExpr? filter)
    {
        var request = new TabletScanRequest { TableId = TableId, Range = range, MaxBytes = maxBytes, Limit = limit };
        if (filter is not null)
            request.Filter = ByteString.CopyFrom(ExprSerializer.Serialize(filter));
        // Columns in another order than stored, one twice, and one (9) no row holds, read as its fill.
        request.ColumnIds.Add([1, 0, 2, 1, 9]);
        request.ColumnFills.Add([ByteString.Empty, ByteString.Empty, ByteString.Empty, ByteString.Empty, Encoded(Fill)]);
        return request;
    }

    private static ByteString Encoded(ObObj value)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        CellCodec.Write(writer, value);
        return ByteString.CopyFrom(writer.WrittenSpan);
    }

    // Every page of the scan until it ends, continuing after last_key.
    private static async Task<List<TabletScanResponse>> PagesAsync(TabletScanService service, KeyRange range, int maxBytes, long limit, BoundExpr? filter = null)
    {
        var pages = new List<TabletScanResponse>();
        var request = Request(range, maxBytes, limit, filter);
        while (true)
        {
            var response = await service.ScanAsync(request, CancellationToken.None);
            pages.Add(response);
            if (!response.HasMore)
                return pages;
            Assert.IsTrue(pages.Count < 1000, "paging must make progress");
            request.Range = KeyRanges.After(request.Range, response.LastKey.ToByteArray());
        }
    }

    [TestMethod]
    public async Task CopiedStoredRowsAnswerByteForByteAsDecodedAndFusedRowsDo()
    {
        var (dir, baseline) = await WriteBaselineAsync();
        try
        {
            var (copying, fusing) = Services(baseline);
            // Filters over the id (position 1), the name (0 and 3) and the score that most rows lack (2).
            BoundExpr thirds = new BoundBinary(BinaryOp.Eq, new BoundBinary(BinaryOp.Mod, new BoundColumn(1), new BoundLiteral(ObObj.FromInt(3))), new BoundLiteral(ObObj.FromInt(0)));
            BoundExpr names = new BoundLike(new BoundColumn(3), new BoundLiteral(ObObj.FromString("%1_")), null, Negated: false);
            BoundExpr scored = new BoundIsNull(new BoundColumn(2), Negated: true);
            (KeyRange Range, int MaxBytes, long Limit, BoundExpr? Filter)[] cases =
            [
                (Range(null, null), 0, 0, thirds),
                (Range(null, null), 150, 0, names),
                (Range(100, 1301), 0, 5, scored),
                (Point(Key(246)), 0, 0, thirds),
                (Point(Key(240)), 0, 0, thirds),
                (Range(null, null), 0, 0, null),
                (Range(null, null), 300, 0, null),
                (Range(100, 301), 200, 0, null),
                (Range(100, 301), 0, 7, null),
                (Range(101, 103), 0, 0, null),
                (Range(1900, null), 0, 0, null),
                (Range(2100, null), 0, 0, null),
                (Point(Key(246)), 0, 0, null),
                (Point(Key(247)), 0, 0, null),
            ];
            foreach (var (range, maxBytes, limit, filter) in cases)
            {
                var copied = await PagesAsync(copying, range, maxBytes, limit, filter);
                var fused = await PagesAsync(fusing, range, maxBytes, limit, filter);
                var what = $"range {range}, max_bytes {maxBytes}, limit {limit}, filter {filter}";
                Assert.AreEqual(fused.Count, copied.Count, what);
                for (var i = 0; i < fused.Count; i++)
                {
                    Assert.AreEqual(fused[i].RowCount, copied[i].RowCount, what);
                    Assert.AreEqual(fused[i].HasMore, copied[i].HasMore, what);
                    Assert.AreEqual(fused[i].LastKey, copied[i].LastKey, what);
                    CollectionAssert.AreEqual(fused[i].Rows.ToByteArray(), copied[i].Rows.ToByteArray(), what);
                }
            }
            Assert.AreEqual(334, ScanPageWriter.Read((await PagesAsync(copying, Range(null, null), 0, 0, thirds)).Single().Rows.Span, 5).Count);
            var all = (await PagesAsync(copying, Range(null, null), 0, 0)).Single();
            var rows = ScanPageWriter.Read(all.Rows.Span, 5);
            Assert.AreEqual(1000, rows.Count);
            Assert.AreEqual("név 6", rows[3][0].String);
            Assert.AreEqual(6, rows[3][1].Int);
            Assert.AreEqual(-6, rows[3][2].Int);
            Assert.AreEqual("név 6", rows[3][3].String);
            Assert.AreEqual(Fill, rows[3][4]);
            Assert.IsTrue(rows[1][2].IsNull, "a row with no cell for a column reads it as NULL");
        }
        finally
        {
            baseline.Dispose();
            Directory.Delete(dir, true);
        }
    }

    private static KeyRange Point(byte[] key) => new()
    {
        Start = ByteString.CopyFrom(key), StartInclusive = true, End = ByteString.CopyFrom(key), EndInclusive = true,
    };
}
