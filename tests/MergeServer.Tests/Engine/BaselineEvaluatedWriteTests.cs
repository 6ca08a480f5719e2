using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Tests.Engine;

// UPDATE and DELETE by primary key of a row whose tablet has a baseline (UpsEvaluatedUpdate with
// BaselineRowReader): one baseline-only read of the row from a replica, then one evaluated request carrying the
// row and the version it was read at; a ChunkServer answer without a baseline version sends the statement the
// ordinary way.
[TestClass]
public sealed class BaselineEvaluatedWriteTests
{
    private const ulong Version = 7;

    private static async Task<(EngineHarness H, List<ApplyRequest> Evaluated)> TableAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, c VARCHAR(10), KEY kk (k))");
        await h.OkAsync("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b')");
        h.Cluster.ServeRowsAsIncrements();
        h.Cluster.TabletLayout = [new TabletInfo { Range = ScanRange.Full.ToProto(), Replicas = { "cs1:2600" }, Version = Version, RowCount = 2 }];
        var evaluated = new List<ApplyRequest>();
        h.Cluster.EvaluatedWrites = request =>
        {
            evaluated.Add(request.Clone());
            return new ApplyResponse { MatchedRows = 1, ChangedRows = 1 };
        };
        return (h, evaluated);
    }

    // The baseline row the request carries, decoded as TabletScanResponse.rows.
    private static string Row(EvaluatedUpdate update)
    {
        var rows = new List<ObObj[]>();
        RowBlockDecoder.Decode(update.Baseline.Span, update.ColumnIds.Count, rows);
        return string.Join("|", rows.Single().Select(v => v.ToText()));
    }

    [TestMethod]
    public async Task ADeleteOrUpdateByKeyOfARowWithABaselineSendsTheRowAndItsVersionInOneEvaluatedRequest()
    {
        var (h, evaluated) = await TableAsync();
        h.Cluster.BaselineVersionServed = Version + 1;
        await h.OkAsync("SET SESSION innodb_lock_wait_timeout = 3");
        var scans = h.Cluster.ScanRequests.Count;

        Assert.AreEqual(1UL, (await h.OkAsync("DELETE FROM t WHERE id = 1")).AffectedRows);
        Assert.AreEqual(1UL, (await h.OkAsync("UPDATE t SET k = k + 1 WHERE id = 2")).AffectedRows);
        await h.OkAsync("BEGIN");
        Assert.AreEqual(1UL, (await h.OkAsync("DELETE FROM t WHERE id = 2")).AffectedRows);
        await h.OkAsync("COMMIT");

        Assert.AreEqual(3, evaluated.Count, "one evaluated request per statement");
        var reads = h.Cluster.ScanRequests.Skip(scans).ToList();
        Assert.AreEqual(3, reads.Count, "one tablet read per statement");
        Assert.IsTrue(reads.All(r => r.BaselineOnly && r.TxId == 0 && r.ColumnIds.Count == 3), "baseline-only reads of the whole row, outside the transaction");
        var (delete, update, inTx) = (evaluated[0], evaluated[1], evaluated[2]);
        Assert.IsTrue(delete.Update.DeleteRow && delete.Update.Assignments.Count == 0 && delete.Update.Indexes.Count == 1, "a delete names every index");
        Assert.AreEqual("1|10|a", Row(delete.Update));
        Assert.AreEqual(Version + 1, delete.Update.MinVersion, "the version the replica read, not the location cache's");
        Assert.AreEqual(3000, delete.Update.LockWaitTimeoutMs, "autocommit waits the session's lock wait timeout");
        Assert.IsFalse(update.Update.DeleteRow);
        Assert.AreEqual(1, update.Update.Assignments.Count);
        Assert.AreEqual("2|20|b", Row(update.Update));
        Assert.AreNotEqual(0UL, inTx.TxId);
        Assert.AreEqual(0, inTx.Update.LockWaitTimeoutMs, "a transaction's statement waits as its transaction does");
    }

    [TestMethod]
    public async Task AChunkServerAnswerWithoutABaselineVersionSendsTheStatementTheOrdinaryWay()
    {
        var (h, evaluated) = await TableAsync();
        h.Cluster.BaselineVersionServed = 0;

        Assert.AreEqual(1UL, (await h.OkAsync("DELETE FROM t WHERE id = 1")).AffectedRows);
        Assert.AreEqual(1UL, (await h.OkAsync("UPDATE t SET k = k + 1 WHERE id = 2")).AffectedRows);
        Assert.AreEqual(0UL, (await h.OkAsync("DELETE FROM t WHERE id = 1")).AffectedRows);

        Assert.IsEmpty(evaluated, "nothing evaluated");
        var table = (await h.Cluster.GetSchemaAsync(CancellationToken.None)).Tables.Single(t => t.Name == "t");
        Assert.AreEqual(1, h.Cluster.RowCount(table.TableId), "the ordinary delete applied");
        CollectionAssert.AreEqual(new[] { "2|21" }, (await h.RowsAsync("SELECT id, k FROM t")).Select(r => string.Join("|", r)).ToArray());
    }
}
