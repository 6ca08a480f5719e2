using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class ExplainTests
{
    private static async Task<EngineHarness> TwoTabletsAsync()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        var cut = ByteString.CopyFrom(RowKeyCodec.Encode(ObObj.FromInt(100)));
        h.Cluster.TabletLayout =
        [
            new TabletInfo { Range = new KeyRange { StartIsMin = true, StartInclusive = true, End = cut, EndInclusive = false }, Version = 3, Replicas = { "cs1:2600", "cs2:2600" } },
            new TabletInfo { Range = new KeyRange { Start = cut, StartInclusive = true, EndIsMax = true, EndInclusive = true }, Version = 3, Replicas = { "cs2:2600", "cs3:2600" } },
        ];
        return h;
    }

    [TestMethod]
    public async Task ExplainOfARangeSelectListsEveryTabletItReadsWithThePushedDownFilterAndLimit()
    {
        var h = await TwoTabletsAsync();
        var result = await h.QueryAsync("EXPLAIN SELECT id, c FROM sbtest1 WHERE id BETWEEN 50 AND 150 AND k > 7 LIMIT 10");
        CollectionAssert.AreEqual(new[] { "table", "tablet_start", "tablet_end", "version", "chunkserver", "replicas", "scan_range", "filter", "limit", "join", "key" },
            result.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(2, result.Rows.Count);
        Assert.AreEqual("sbtest.sbtest1|MIN|100|3|cs1:2600|cs1:2600,cs2:2600|[50 .. 100)", string.Join("|", result.Rows[0][..7]));
        Assert.AreEqual("sbtest.sbtest1|100|MAX|3|cs2:2600|cs2:2600,cs3:2600|[100 .. 151)", string.Join("|", result.Rows[1][..7]));
        var filter = result.Rows[0][7]!;
        StringAssert.Contains(filter, "k");
        StringAssert.Contains(filter, "7");
        Assert.AreEqual("10", result.Rows[0][8]);
        Assert.AreEqual("PRIMARY", result.Rows[0][10], "a primary-key range");
    }

    [TestMethod]
    public async Task ExplainOfAPointSelectReadsOneTabletAndDoesNotRunTheQuery()
    {
        var h = await TwoTabletsAsync();
        var scans = h.Cluster.ScanCount;
        var rows = await h.RowsAsync("EXPLAIN SELECT c FROM sbtest1 WHERE id = 120");
        Assert.AreEqual(1, rows.Length);
        Assert.AreEqual("100", rows[0][1]);
        Assert.AreEqual("= 120", rows[0][6]);
        Assert.AreEqual("", rows[0][8], "no limit");
        Assert.AreEqual(scans, h.Cluster.ScanCount);
    }

    [TestMethod]
    public async Task ExplainOfAStatementOtherThanSelectIsNotSupported()
    {
        var h = await TwoTabletsAsync();
        Assert.AreNotEqual(0, await h.ErrorCodeAsync("EXPLAIN DELETE FROM sbtest1 WHERE id = 1"));
    }
}
