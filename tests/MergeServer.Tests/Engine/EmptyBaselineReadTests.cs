using System.Buffers;
using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// Tablets whose baseline is empty (row_count 0) are read from the UpdateServer master alone
// (TableScanner.Increments): the increments newer than the tablet's version fused over no row, filtered
// and projected by the MergeServer; a UPS that has released them sends the read to the ChunkServers.
[TestClass]
public sealed class EmptyBaselineReadTests
{
    private const ulong TabletVersion = 5;

    private static async Task<(EngineHarness H, int IdColumn, int VColumn)> TableAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        var table = (await h.Cluster.GetSchemaAsync(CancellationToken.None)).Tables.Single(t => t.Name == "t");
        h.Cluster.TabletVersion = TabletVersion;
        return (h, (int)table.Columns.Single(c => c.Name == "id").Id, (int)table.Columns.Single(c => c.Name == "v").Id);
    }

    private static IncrementRow Row(long id, IncrementState state, params IncrementCell[] cells) =>
        new(RowKeyCodec.Encode([ObObj.FromInt(id)]), state, cells);

    private static ScanIncrementResponse Answer(ulong readVersion, params IncrementRow[] rows)
    {
        var writer = new ArrayBufferWriter<byte>();
        IncrementRowCodec.Write(writer, rows);
        return new ScanIncrementResponse { ReadVersion = readVersion, Rows = ByteString.CopyFrom(writer.WrittenSpan) };
    }

    [TestMethod]
    public async Task ATabletWithAnEmptyBaselineIsReadFromTheUpdateServerAloneAsItsIncrementsOverNoRow()
    {
        var (h, id, v) = await TableAsync();
        var requests = new List<ScanIncrementRequest>();
        h.Cluster.Increments = request =>
        {
            requests.Add(request);
            return Answer(42,
                Row(1, IncrementState.Replace, new IncrementCell(id, ObObj.FromInt(1)), new IncrementCell(v, ObObj.FromString("a"))),
                Row(2, IncrementState.Update, new IncrementCell(v, ObObj.FromString("b"))),
                Row(3, IncrementState.Deleted),
                Row(4, IncrementState.Replace, new IncrementCell(id, ObObj.FromInt(4)), new IncrementCell(v, ObObj.FromString("d"))));
        };
        var scansBefore = h.Cluster.ScanCount;

        var all = await h.QueryAsync("SELECT id, v FROM t");
        CollectionAssert.AreEqual(new[] { "1|a", "4|d" }, all.Rows.Select(r => string.Join("|", r)).ToArray());
        var filtered = await h.QueryAsync("SELECT id FROM t WHERE v = 'd'");
        CollectionAssert.AreEqual(new[] { "4" }, filtered.Rows.Select(r => r[0]).ToArray());

        Assert.AreEqual(scansBefore, h.Cluster.ScanCount, "no ChunkServer scan");
        Assert.AreEqual(2, requests.Count);
        Assert.IsTrue(requests.All(r => r.MinVersion == TabletVersion), "only the increments newer than the tablet's baseline version");
    }

    [TestMethod]
    public async Task AScanOfSomeColumnsStepsOverTheOtherCellsAndContinuesAfterTheLastRowOfAPageWhateverItsState()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10), w VARCHAR(10), at DATETIME(3))");
        var table = (await h.Cluster.GetSchemaAsync(CancellationToken.None)).Tables.Single(t => t.Name == "t");
        int Id(string name) => (int)table.Columns.Single(c => c.Name == name).Id;
        h.Cluster.TabletVersion = TabletVersion;
        var at = ObObj.FromDateTime(new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc));
        IncrementCell[] Cells(long id, string v, string w) =>
            [new(Id("id"), ObObj.FromInt(id)), new(Id("w"), ObObj.FromString(w)), new(Id("at"), at), new(Id("v"), ObObj.FromString(v))];
        var requests = new List<ScanIncrementRequest>();
        h.Cluster.Increments = request =>
        {
            requests.Add(request);
            var first = requests.Count % 2 == 1;
            var answer = first
                ? Answer(42, Row(1, IncrementState.Replace, Cells(1, "a", "x")), Row(2, IncrementState.Update, Cells(2, "b", "y")))
                : Answer(42, Row(3, IncrementState.Replace, Cells(3, "c", "z")), Row(4, IncrementState.Replace, Cells(4, "d", "q")));
            answer.HasMore = first;
            return answer;
        };

        var rows = await h.QueryAsync("SELECT v, at FROM t WHERE w <> 'q'");
        CollectionAssert.AreEqual(new[] { "a|2026-01-02 03:04:05.678", "c|2026-01-02 03:04:05.678" },
            rows.Rows.Select(r => string.Join("|", r)).ToArray());
        Assert.AreEqual(2, requests.Count);
        var second = OceanClassic.MergeServer.Engine.Cluster.ScanRange.FromProto(requests[1].Range);
        CollectionAssert.AreEqual(RowKeyCodec.Encode([ObObj.FromInt(2)]), second.Start, "the second page starts after row 2, the first page's last row");
        Assert.IsFalse(second.StartInclusive);

        var limited = await h.QueryAsync("SELECT w FROM t LIMIT 1");
        CollectionAssert.AreEqual(new[] { "x" }, limited.Rows.Select(r => r[0]).ToArray());
    }

    // The UPS sends only the cells of the columns a request names (column_ids): a range or point read names the
    // columns its select and filter read, not the table's others (sysbench's `pad` for a `SELECT c` range).
    [TestMethod]
    public async Task AnUpdateServerReadNamesOnlyTheColumnsTheStatementReads()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT, c CHAR(120), pad CHAR(60))");
        await h.OkAsync("INSERT INTO t VALUES (1, 10, 'c1', 'p1'), (2, 20, 'c2', 'p2'), (3, 30, 'c3', 'p3')");
        var table = (await h.Cluster.GetSchemaAsync(CancellationToken.None)).Tables.Single(t => t.Name == "t");
        int Id(string name) => (int)table.Columns.Single(c => c.Name == name).Id;
        h.Cluster.ServeRowsAsIncrements();
        var requests = new List<ScanIncrementRequest>();
        var serve = h.Cluster.Increments!;
        h.Cluster.Increments = request =>
        {
            requests.Add(request.Clone());
            return serve(request);
        };
        var scansBefore = h.Cluster.ScanCount;

        var range = await h.QueryAsync("SELECT c FROM t WHERE id BETWEEN 1 AND 2");
        CollectionAssert.AreEqual(new[] { "c1", "c2" }, range.Rows.Select(r => r[0]).ToArray());
        var sum = await h.QueryAsync("SELECT SUM(k) FROM t WHERE id BETWEEN 2 AND 3");
        Assert.AreEqual("50", sum.Rows.Single()[0]);
        var point = await h.QueryAsync("SELECT c FROM t WHERE id = 3");
        Assert.AreEqual("c3", point.Rows.Single()[0]);
        var filtered = await h.QueryAsync("SELECT id FROM t WHERE k > 15 ORDER BY id");
        CollectionAssert.AreEqual(new[] { "2", "3" }, filtered.Rows.Select(r => r[0]).ToArray());

        Assert.AreEqual(scansBefore, h.Cluster.ScanCount, "read from the UPS alone");
        Assert.AreEqual(4, requests.Count);
        string Names(ScanIncrementRequest r) => string.Join(",", r.ColumnIds.Select(i => table.Columns.Single(c => (int)c.Id == i).Name).Distinct().Order());
        // The key column rides along: the read's shape holds the columns of its whole WHERE, the key's own
        // conjuncts included, though the key range enforces them (KeyEnforcedConjuncts drops only the test).
        Assert.AreEqual("c,id | id,k | c,id | id,k", string.Join(" | ", requests.Select(Names)));
        Assert.IsFalse(requests.Any(r => r.ColumnIds.Contains(Id("pad"))), "pad is never read");
    }

    [TestMethod]
    public async Task AnUpdateServerThatReleasedTheIncrementsSendsTheReadToTheChunkServersAndTheLocationsAreReloaded()
    {
        var (h, _, _) = await TableAsync();
        await h.OkAsync("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
        var refused = 0;
        h.Cluster.Increments = _ =>
        {
            refused++;
            throw SqlError.FromCode(WireErrorCodes.IncrementsReleased, "increments up to version 6 are released");
        };
        var scansBefore = h.Cluster.ScanCount;

        var rows = await h.QueryAsync("SELECT id, v FROM t");
        CollectionAssert.AreEqual(new[] { "1|x", "2|y" }, rows.Rows.Select(r => string.Join("|", r)).ToArray());
        Assert.AreEqual(1, refused);
        Assert.IsTrue(h.Cluster.ScanCount > scansBefore, "the ChunkServers answered");

        var lookups = h.Cluster.TabletLookups;
        await h.QueryAsync("SELECT v FROM t WHERE id = 2");
        Assert.IsTrue(h.Cluster.TabletLookups > lookups, "the refusal dropped the cached locations");
    }
}
