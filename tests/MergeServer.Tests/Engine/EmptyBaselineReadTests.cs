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
