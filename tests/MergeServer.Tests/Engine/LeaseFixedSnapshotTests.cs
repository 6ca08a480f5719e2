using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Tests.Engine;

// An answer a ChunkServer serves under an increment lease may fix a statement's read version only when the
// statement reads that one table (ReadSnapshot, TabletScanRequest.lease_may_fix).
[TestClass]
public sealed class LeaseFixedSnapshotTests
{
    private static async Task<EngineHarness> TablesAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await h.OkAsync("CREATE TABLE u (id INT PRIMARY KEY, w INT)");
        await h.OkAsync("INSERT INTO t VALUES (1, 10), (2, 20)");
        await h.OkAsync("INSERT INTO u VALUES (1, 100)");
        return h;
    }

    private static async Task<bool[]> MayFixAsync(EngineHarness h, string sql)
    {
        h.Cluster.ScanRequests.Clear();
        await h.RunAsync(sql);
        return [.. h.Cluster.ScanRequests.Select(r => r.LeaseMayFix)];
    }

    [TestMethod]
    public async Task ASingleTableSelectLetsALeaseFixItsVersionAndReadsOfSeveralTablesDoNot()
    {
        var h = await TablesAsync();
        CollectionAssert.AreEqual(new[] { true }, await MayFixAsync(h, "SELECT v FROM t WHERE id = 1"));
        CollectionAssert.AreEqual(new[] { true }, await MayFixAsync(h, "SELECT SUM(v) FROM t WHERE id BETWEEN 1 AND 2"));
        var join = await MayFixAsync(h, "SELECT v, w FROM t JOIN u ON t.id = u.id");
        Assert.IsTrue(join.Length >= 2 && join.All(f => !f), "a join");
        var subquery = await MayFixAsync(h, "SELECT v FROM t WHERE id IN (SELECT id FROM u)");
        Assert.IsTrue(subquery.Length >= 2 && subquery.All(f => !f), "a subquery");
        var union = await MayFixAsync(h, "SELECT v FROM t UNION SELECT w FROM u");
        Assert.IsTrue(union.All(f => !f), "a union");
    }

    [TestMethod]
    public async Task ATransactionThatWroteReadsItsOwnWritesWithoutALease()
    {
        var h = await TablesAsync();
        await h.OkAsync("BEGIN");
        await h.OkAsync("UPDATE t SET v = 11 WHERE id = 1");
        var reads = await MayFixAsync(h, "SELECT v FROM t WHERE id = 1");
        Assert.IsTrue(reads.Length >= 1 && reads.All(f => !f));
        Assert.AreEqual("11", await h.ScalarAsync("SELECT v FROM t WHERE id = 1"));
        await h.OkAsync("COMMIT");
    }

    [TestMethod]
    public void AVersionALeaseOnOneTableFixedIsNeverUsedToReadAnother()
    {
        var snapshot = new ReadSnapshot();
        snapshot.PromiseOnlyTable(7);
        Assert.IsTrue(snapshot.LeaseMayFix(7));
        Assert.IsFalse(snapshot.LeaseMayFix(8));
        snapshot.Fix(40, 7, leaseServed: true);
        Assert.AreEqual(40UL, snapshot.Version);
        Assert.IsFalse(snapshot.LeaseMayFix(7), "fixed");
        snapshot.CheckReadable(7);
        Assert.ThrowsException<SqlError>(() => snapshot.CheckReadable(8));

        var inTransaction = new ReadSnapshot(0, txId: 5);
        inTransaction.PromiseOnlyTable(7);
        Assert.IsFalse(inTransaction.LeaseMayFix(7));
        var byUps = new ReadSnapshot();
        byUps.Fix(41, 7, leaseServed: false);
        byUps.CheckReadable(8);
    }
}
