namespace OceanClassic.MergeServer.Tests.Engine;

// A transaction's UPS side begins with its first write, in that write's request (ApplyRequest.begin), instead of
// a BeginTx round trip before it; a first write that fails leaves nothing at the UPS, and the next one begins again.
[TestClass]
public sealed class BeginWithFirstWriteTests
{
    [TestMethod]
    public async Task ATransactionsFirstWriteCarriesItsBeginAndTheLaterWritesJoinIt()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (10, 10, 'ten', '')");
        Assert.AreEqual(1, a.Cluster.BeginningApplies, "the INSERT carried the BEGIN");
        await a.OkAsync("UPDATE sbtest1 SET c='changed' WHERE id=1");
        await a.OkAsync("DELETE FROM sbtest1 WHERE id=2");

        Assert.AreEqual(1, a.Cluster.BeginningApplies, "the later writes joined the transaction");
        Assert.AreEqual(1, a.Cluster.BeginCount);
        Assert.AreEqual(1, a.Cluster.OpenTransactions);
        Assert.AreEqual("5", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"), "nothing is committed yet");
        await a.OkAsync("COMMIT");
        Assert.AreEqual("5", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        Assert.AreEqual("changed", await b.ScalarAsync("SELECT c FROM sbtest1 WHERE id=1"));
        Assert.IsNull(await b.ScalarAsync("SELECT c FROM sbtest1 WHERE id=2"));
        Assert.AreEqual(0, a.Cluster.OpenTransactions);
        Assert.AreEqual(0, a.Cluster.Locks.LockedRows);
    }

    [TestMethod]
    public async Task AFirstWriteThatFailsLeavesNoUpsTransactionAndTheNextWriteBeginsOne()
    {
        var a = await EngineHarness.SeededAsync();
        var b = await a.ConnectAsync(8);
        await a.OkAsync("BEGIN");
        Assert.AreEqual(1062, await a.ErrorCodeAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (1, 10, 'dup', '')"));
        Assert.AreEqual(0, a.Cluster.OpenTransactions, "the failed first write left no transaction");
        Assert.AreEqual(0, a.Cluster.Locks.LockedRows);
        Assert.IsTrue(a.Session.InTransaction, "the client's transaction goes on");

        await a.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (10, 10, 'ten', '')");
        Assert.AreEqual(2, a.Cluster.BeginningApplies);
        Assert.AreEqual(1, a.Cluster.OpenTransactions);
        Assert.AreEqual("5", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        await a.OkAsync("COMMIT");
        Assert.AreEqual("6", await b.ScalarAsync("SELECT COUNT(*) FROM sbtest1"));
        Assert.AreEqual(0, a.Cluster.OpenTransactions);
    }
}
