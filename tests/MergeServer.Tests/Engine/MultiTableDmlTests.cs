namespace OceanClassic.MergeServer.Tests.Engine;

// UPDATE … JOIN … SET and DELETE t1, t2 FROM … / DELETE FROM … USING …: the rows the join produces,
// MySQL's counts, one apply for every table, and the locked redo after a write conflict.
[TestClass]
public sealed class MultiTableDmlTests
{
    private static async Task<EngineHarness> ShopAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE c (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL, n INT NOT NULL DEFAULT 0)");
        await h.OkAsync("CREATE TABLE o (id INT PRIMARY KEY, cid INT NOT NULL, total INT NOT NULL)");
        await h.OkAsync("INSERT INTO c (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
        await h.OkAsync("INSERT INTO o VALUES (10, 1, 5), (11, 1, 7), (12, 2, 100), (13, 9, 1)");
        return h;
    }

    [TestMethod]
    public async Task AnUpdateOverAJoinWritesEachTargetRowOnceFromItsFirstJoinRow()
    {
        var h = await ShopAsync();
        var result = await h.OkAsync("UPDATE c JOIN o ON o.cid = c.id SET c.n = c.n + 1");
        Assert.AreEqual(2UL, result.AffectedRows);
        Assert.AreEqual("Rows matched: 2  Changed: 2  Warnings: 0", result.Info);
        CollectionAssert.AreEqual(new[] { "1", "1", "0" }, (await h.RowsAsync("SELECT n FROM c ORDER BY id")).Select(r => r[0]).ToArray());
        var both = await h.OkAsync("UPDATE c, o SET c.name = 'big', o.total = 0 WHERE o.cid = c.id AND o.total > 50");
        Assert.AreEqual(2UL, both.AffectedRows);
        Assert.AreEqual("big", await h.ScalarAsync("SELECT name FROM c WHERE id = 2"));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT total FROM o WHERE id = 12"));
    }

    [TestMethod]
    public async Task ADeleteOverAJoinDeletesFromEveryNamedTableAndOnlyThose()
    {
        var h = await ShopAsync();
        Assert.AreEqual(3UL, (await h.OkAsync("DELETE c, o FROM c JOIN o ON o.cid = c.id WHERE c.id = 1")).AffectedRows);
        Assert.AreEqual("2", await h.ScalarAsync("SELECT COUNT(*) FROM c"));
        Assert.AreEqual(1UL, (await h.OkAsync("DELETE FROM o USING o LEFT JOIN c ON c.id = o.cid WHERE c.id IS NULL")).AffectedRows);
        CollectionAssert.AreEqual(new[] { "12" }, (await h.RowsAsync("SELECT id FROM o")).Select(r => r[0]).ToArray());
        Assert.AreEqual(1109, (await h.RunAsync("DELETE x FROM c JOIN o ON o.cid = c.id")).Failure?.Code);
    }

    [TestMethod]
    public async Task AMultiTableUpdateMeetingAWriteConflictIsRedoneUnderRowLocks()
    {
        var h = await ShopAsync();
        h.Cluster.InjectConflicts = 1;
        var begins = h.Cluster.BeginCount;
        var result = await h.OkAsync("UPDATE c JOIN o ON o.cid = c.id SET c.n = c.id + 10");
        Assert.AreEqual(2UL, result.AffectedRows);
        Assert.AreEqual(begins + 1, h.Cluster.BeginCount, "the redo ran in one statement transaction");
        CollectionAssert.AreEqual(new[] { "11", "12", "0" }, (await h.RowsAsync("SELECT n FROM c ORDER BY id")).Select(r => r[0]).ToArray());
        Assert.AreEqual(0, h.Cluster.OpenTransactions);
        Assert.AreEqual(0, h.Cluster.Locks.LockedRows);
    }
}
