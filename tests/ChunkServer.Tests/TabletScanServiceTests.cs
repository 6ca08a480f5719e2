using Google.Protobuf;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.Configuration;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class TabletScanServiceTests
{
    private const ulong TableId = 5;

    // Table (id INT, name VARCHAR, score INT) with column ids 0, 1, 2; rows 0..99 all in the UPS.
    private static (TabletScanService Service, ListIncrementSource Source) Service(int rows = 100)
    {
        var map = new TabletMap();
        map.Replace([Tablet(TableId, null, 1000), Tablet(TableId, 1000, null)]);
        var increments = Enumerable.Range(0, rows)
            .Select(i => new IncrementRow(Key(i), IncrementState.Replace,
                [new IncrementCell(0, ObObj.FromInt(i)), new IncrementCell(1, ObObj.FromString("name" + i)), new IncrementCell(2, ObObj.FromInt(i % 10))]))
            .ToList();
        var source = new ListIncrementSource(increments, latestVersion: 9);
        return (new TabletScanService(map, source), source);
    }

    private static TabletScanRequest Request(params int[] columnIds)
    {
        var r = new TabletScanRequest { TableId = TableId, Range = Range(null, 1000) };
        r.ColumnIds.Add(columnIds);
        return r;
    }

    private static List<ObObj[]> Rows(TabletScanResponse resp, int width) => ScanPageWriter.Read(resp.Rows.Span, width);

    [TestMethod]
    public async Task AScanProjectsColumnsInTheRequestedOrderAndEchoesTheVersion()
    {
        var (service, _) = Service();
        var resp = await service.ScanAsync(Request(2, 0, 7), default);
        var rows = Rows(resp, 3);
        Assert.AreEqual(100, rows.Count);
        Assert.AreEqual(100L, resp.RowCount);
        Assert.AreEqual(9UL, resp.ReadVersion);
        Assert.IsFalse(resp.HasMore);
        Assert.AreEqual(3L, rows[13][0].Int);
        Assert.AreEqual(13L, rows[13][1].Int);
        Assert.IsTrue(rows[13][2].IsNull, "column 7 has no cell");
        CollectionAssert.AreEqual(Key(99), resp.LastKey.ToByteArray());
    }

    [TestMethod]
    public async Task MoreRangesAreReadAfterTheFirstInOneRequest()
    {
        var (service, _) = Service();
        var req = Request(0);
        req.Range = Range(3, 4);
        req.MoreRanges.Add(Range(17, 18));
        req.MoreRanges.Add(Range(40, 42));
        var rows = Rows(await service.ScanAsync(req, default), 1);
        CollectionAssert.AreEqual(new long[] { 3, 17, 40, 41 }, rows.Select(r => r[0].Int).ToArray());
    }

    [TestMethod]
    public async Task BatchedLookupsReadTheIncrementsOfAllTheirRangesWithOneUpdateServerRequest()
    {
        var (service, source) = Service();
        var req = Request(0, 2);
        req.Range = Range(3, 4);
        req.MoreRanges.Add(Range(17, 18));
        req.MoreRanges.Add(Range(40, 42));
        req.MoreRanges.Add(Range(500, 600));
        var rows = Rows(await service.ScanAsync(req, default), 2);
        CollectionAssert.AreEqual(new long[] { 3, 17, 40, 41 }, rows.Select(r => r[0].Int).ToArray());
        CollectionAssert.AreEqual(new long[] { 3, 7, 0, 1 }, rows.Select(r => r[1].Int).ToArray());
        Assert.AreEqual(1, source.Requests.Count, "one increment request for the four ranges");
        Assert.AreEqual(3, source.Requests[0].MoreRanges.Count);
    }

    [TestMethod]
    public async Task ABatchOfIncrementsThatFillsItsPageLeavesTheRestToTheirOwnCursors()
    {
        var (service, source) = Service(rows: TabletScanService.IncrementPageRows + 300);
        var req = new TabletScanRequest { TableId = TableId, Range = Range(0, 2), ColumnIds = { 0 } };
        req.MoreRanges.Add(Range(5, TabletScanService.IncrementPageRows + 10));
        req.MoreRanges.Add(Range(TabletScanService.IncrementPageRows + 20, TabletScanService.IncrementPageRows + 25));
        var rows = Rows(await service.ScanAsync(req, default), 1);
        var expected = Enumerable.Range(0, 2).Concat(Enumerable.Range(5, TabletScanService.IncrementPageRows + 5))
            .Concat(Enumerable.Range(TabletScanService.IncrementPageRows + 20, 5)).Select(i => (long)i).ToArray();
        CollectionAssert.AreEqual(expected, rows.Select(r => r[0].Int).ToArray());
        Assert.IsTrue(source.Requests.Count >= 2, "the filled page was continued");
    }

    // The UpdateServer sends only the cells of the columns named (a `SELECT c` range leaves `pad` out): every
    // increment request of a scan names the scan's column_ids, on each page of a cursor and in a batch, and the
    // rows fused from those cells read as before.
    [TestMethod]
    public async Task EveryIncrementRequestNamesTheScansColumnsOnEachPageAndInABatch()
    {
        var (service, source) = Service(rows: 1000 + TabletScanService.IncrementPageRows + 300);
        var whole = Request(2, 0);
        whole.Range = Range(1000, null);
        var paged = Rows(await service.ScanAsync(whole, default), 2);
        Assert.AreEqual(TabletScanService.IncrementPageRows + 300, paged.Count);
        Assert.AreEqual("7|1017", $"{paged[17][0].Int}|{paged[17][1].Int}");
        Assert.IsTrue(source.Requests.Count >= 2, "more than one page");
        Assert.IsTrue(source.Requests.All(r => r.ColumnIds.SequenceEqual([2, 0])), string.Join("; ", source.Requests.Select(r => r.ColumnIds)));

        source.Requests.Clear();
        var req = Request(1);
        req.Range = Range(3, 4);
        req.MoreRanges.Add(Range(17, 18));
        var batched = Rows(await service.ScanAsync(req, default), 1);
        CollectionAssert.AreEqual(new[] { "name3", "name17" }, batched.Select(r => r[0].String).ToArray());
        Assert.AreEqual(1, source.Requests.Count, "one batched request");
        CollectionAssert.AreEqual(new[] { 1 }, source.Requests[0].ColumnIds.ToArray());
    }

    [TestMethod]
    public async Task OverlappingRangesAreNotBatchedAndEachIsReadAsBefore()
    {
        var (service, source) = Service();
        var req = Request(0);
        req.Range = Range(3, 6);
        req.MoreRanges.Add(Range(5, 8));
        var rows = Rows(await service.ScanAsync(req, default), 1);
        CollectionAssert.AreEqual(new long[] { 3, 4, 5, 5, 6, 7 }, rows.Select(r => r[0].Int).ToArray());
        Assert.IsTrue(source.Requests.All(r => r.MoreRanges.Count == 0));
    }

    [TestMethod]
    public async Task TheFilterAppliesToTheProjectedRowAndTheLimitAfterIt()
    {
        var (service, _) = Service();
        var req = Request(0, 2);
        // score = 3 AND id > 20 — positions in the projected row: id is #0, score is #1.
        var filter = new BoundBinary(BinaryOp.And,
            new BoundBinary(BinaryOp.Eq, new BoundColumn(1), new BoundLiteral(ObObj.FromInt(3))),
            new BoundBinary(BinaryOp.Gt, new BoundColumn(0), new BoundLiteral(ObObj.FromInt(20))));
        req.Filter = ByteString.CopyFrom(ExprSerializer.Serialize(filter));
        var all = Rows(await service.ScanAsync(req, default), 2);
        CollectionAssert.AreEqual(new long[] { 23, 33, 43, 53, 63, 73, 83, 93 }, all.Select(r => r[0].Int).ToArray());

        req.Limit = 3;
        var limited = await service.ScanAsync(req, default);
        CollectionAssert.AreEqual(new long[] { 23, 33, 43 }, Rows(limited, 2).Select(r => r[0].Int).ToArray());
        Assert.IsFalse(limited.HasMore);
    }

    [TestMethod]
    public async Task AFilterCallingNowReadsTheStatementClockItCarriesNotTheChunkServers()
    {
        var (service, _) = Service();
        var req = Request(0);
        // id < YEAR(NOW()) - 1960 and id > UNIX_TIMESTAMP() - 978307200 + 30: with the clock at 2001-01-01
        // 00:00:40 local in a zone 5 hours ahead, YEAR is 2001 and UNIX_TIMESTAMP() is 978307240 - 18000.
        var year = new BoundFunction("YEAR", [new BoundFunction("NOW", [])]);
        var seconds = new BoundFunction("UNIX_TIMESTAMP", []);
        var filter = new BoundBinary(BinaryOp.And,
            new BoundBinary(BinaryOp.Lt, new BoundColumn(0), new BoundBinary(BinaryOp.Sub, year, new BoundLiteral(ObObj.FromInt(1960)))),
            new BoundBinary(BinaryOp.Gt, new BoundColumn(0), new BoundBinary(BinaryOp.Add, seconds, new BoundLiteral(ObObj.FromInt(-978307200 + 18000 - 30)))));
        var clock = new EvalContext(new DateTime(2001, 1, 1, 0, 0, 40)) { UtcOffset = TimeSpan.FromHours(5) };
        req.Filter = ByteString.CopyFrom(ExprSerializer.Serialize(filter, clock));
        var rows = Rows(await service.ScanAsync(req, default), 1);
        CollectionAssert.AreEqual(new long[] { 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40 },
            rows.Select(r => r[0].Int).ToArray());
    }

    [TestMethod]
    public async Task SmallPagesContinueAfterLastKeyUntilEveryRowIsReadOnce()
    {
        var (service, source) = Service();
        var req = Request(0, 1);
        req.MaxBytes = 200;
        var ids = new List<long>();
        var pages = 0;
        while (true)
        {
            var resp = await service.ScanAsync(req, default);
            pages++;
            ids.AddRange(Rows(resp, 2).Select(r => r[0].Int));
            if (!resp.HasMore)
                break;
            req.Range = KeyRanges.After(req.Range, resp.LastKey.ToByteArray());
            req.ReadVersion = resp.ReadVersion;
            Assert.IsTrue(pages < 100, "paging must make progress");
        }
        CollectionAssert.AreEqual(Enumerable.Range(0, 100).Select(i => (long)i).ToList(), ids);
        Assert.IsTrue(pages > 5, $"200-byte pages should split 100 rows, got {pages} page(s)");
        Assert.IsTrue(source.Requests.Skip(1).All(r => r.ReadVersion == 9), "continuations read at the first page's version");
    }

    [TestMethod]
    public async Task ATransactionIdReachesEveryIncrementPageAndZeroStaysAutocommit()
    {
        // More rows than one increment page, so the cursor has to continue.
        var (service, source) = Service(TabletScanService.IncrementPageRows + 10);
        var req = Request(0);
        req.Range = Range(null, null);
        var map = new TabletMap();
        map.Replace([Tablet(TableId, null, null)]);
        var whole = new TabletScanService(map, source);
        req.TxId = 77;
        var resp = await whole.ScanAsync(req, default);
        Assert.AreEqual(TabletScanService.IncrementPageRows + 10, (int)resp.RowCount);
        Assert.IsTrue(source.Requests.Count >= 2, "the increments span two pages");
        Assert.IsTrue(source.Requests.All(r => r.TxId == 77), "every page asks for the transaction's own writes");

        source.Requests.Clear();
        await service.ScanAsync(Request(0), default);
        Assert.IsTrue(source.Requests.All(r => r.TxId == 0));
    }

    [TestMethod]
    public async Task ARangeOverAdjacentLocalTabletsIsReadAcrossThemEachWithItsOwnMinVersion()
    {
        var map = new TabletMap();
        map.Replace([Tablet(TableId, null, 50, version: 3), Tablet(TableId, 50, null, version: 4)]);
        var increments = Enumerable.Range(0, 100).Select(i => new IncrementRow(Key(i), IncrementState.Replace, [new IncrementCell(0, ObObj.FromInt(i))])).ToList();
        var source = new ListIncrementSource(increments, latestVersion: 9);
        var req = Request(0);
        req.Range = Range(40, 60);
        var resp = await new TabletScanService(map, source).ScanAsync(req, default);
        CollectionAssert.AreEqual(Enumerable.Range(40, 20).ToList(), Rows(resp, 1).Select(r => (int)r[0].Int).ToList());
        CollectionAssert.AreEqual(new ulong[] { 3, 4 }, source.Requests.Select(r => r.MinVersion).ToList());
        Assert.AreEqual(9UL, source.Requests[1].ReadVersion, "the first tablet fixes the read version for the next");
    }

    [TestMethod]
    public async Task ARangeThisServerDoesNotServeIsError6001()
    {
        var map = new TabletMap();
        map.Replace([Tablet(TableId, null, 1000), Tablet(TableId, 2000, null)]);
        var service = new TabletScanService(map, new ListIncrementSource([]));
        var req = Request(0);
        req.Range = Range(500, 1500);
        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(req, default));
        Assert.AreEqual(WireErrorCodes.TabletNotServedHere, ex.Code);
        req.TableId = 6;
        req.Range = Range(1, 2);
        Assert.AreEqual(WireErrorCodes.TabletNotServedHere, (await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(req, default))).Code);
    }

    [TestMethod]
    public async Task ReverseScansBadFiltersAndFilterErrorsAreReportedWithMysqlCodes()
    {
        var (service, _) = Service();
        var reverse = Request(0);
        reverse.Reverse = true;
        Assert.AreEqual(1235, (await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(reverse, default))).Code);

        var garbage = Request(0);
        garbage.Filter = ByteString.CopyFrom(1, 99, 3);
        Assert.AreEqual(WireErrorCodes.Unknown, (await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(garbage, default))).Code);

        var overflow = Request(0);
        overflow.Filter = ByteString.CopyFrom(ExprSerializer.Serialize(
            new BoundBinary(BinaryOp.Gt, new BoundBinary(BinaryOp.Add, new BoundColumn(0), new BoundLiteral(ObObj.FromInt(long.MaxValue))), new BoundLiteral(ObObj.FromInt(0)))));
        Assert.AreEqual(1690, (await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(overflow, default))).Code);
    }

    [TestMethod]
    public async Task WithoutAKnownUpdateServerMasterTheScanFailsWith6002()
    {
        var map = new TabletMap();
        map.Replace([Tablet(TableId, null, null)]);
        await using var pool = new RpcClientPool(new RpcOptions());
        var service = new TabletScanService(map, new UpsIncrementSource(pool));
        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => service.ScanAsync(Request(0), default));
        Assert.AreEqual(WireErrorCodes.NoUpdateServerMaster, ex.Code);
    }

    [TestMethod]
    public void OptionsRejectATinyTabletSizeWithTheKeyName()
    {
        Assert.AreEqual(0, new CsOptions().Validate().Count());
        var problems = new CsOptions { TabletMaxSize = 10, BlockCacheSize = -1 }.Validate().ToList();
        Assert.AreEqual(2, problems.Count);
        StringAssert.StartsWith(problems[0], "tablet_max_size:");
        StringAssert.StartsWith(problems[1], "block_cache_size:");
    }
}
