namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class AutoIncrementAllocatorTests
{
    private const ulong Table = 42;

    [TestMethod]
    public async Task TheNextBlockIsFetchedAheadSoInsertsNeverWaitForTheUps()
    {
        var h = new EngineHarness(); // blocks of 10
        var ids = h.Engine.AutoIncrement;
        Assert.AreEqual(1UL, await ids.NextAsync(Table, CancellationToken.None));
        Assert.AreEqual(1, h.Cluster.AutoIncAllocCount);

        // The UPS answers nothing for now: spending half the block asks for the next one ahead...
        h.Cluster.HoldAutoIncAllocs = new TaskCompletionSource();
        for (ulong expected = 2; expected <= 10; expected++)
        {
            var next = ids.NextAsync(Table, CancellationToken.None);
            Assert.IsTrue(next.IsCompletedSuccessfully, $"id {expected} waited for the UPS");
            Assert.AreEqual(expected, next.Result);
        }

        // ...and once it has arrived, the insert that runs out of the first block does not wait either.
        var answered = h.Cluster.HoldAutoIncAllocs;
        h.Cluster.HoldAutoIncAllocs = new TaskCompletionSource(); // slow again from here on
        answered.SetResult();
        var first = ids.NextAsync(Table, CancellationToken.None);
        Assert.IsTrue(first.IsCompletedSuccessfully, "the first id of the block fetched ahead waited");
        Assert.AreEqual(11UL, first.Result);
        Assert.AreEqual(2, h.Cluster.AutoIncAllocCount, "one block asked for ahead, once");
    }

    [TestMethod]
    public async Task AnInsertThatRunsOutWhileTheBlockIsOnItsWayWaitsForThatBlockInsteadOfAskingAgain()
    {
        var h = new EngineHarness();
        var ids = h.Engine.AutoIncrement;
        await ids.NextAsync(Table, CancellationToken.None);
        h.Cluster.HoldAutoIncAllocs = new TaskCompletionSource();
        for (var i = 2; i <= 10; i++)
            await ids.NextAsync(Table, CancellationToken.None);
        var waiting = ids.NextAsync(Table, CancellationToken.None).AsTask();
        Assert.IsFalse(waiting.IsCompleted, "the block is still on its way");
        h.Cluster.HoldAutoIncAllocs.SetResult();
        Assert.AreEqual(11UL, await waiting);
        Assert.AreEqual(2, h.Cluster.AutoIncAllocCount);
    }

    [TestMethod]
    public async Task IdsHandedOutAfterAnExplicitIdAreAboveIt()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        Assert.AreEqual(1UL, (await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (0, 1, 'a', 'a')")).LastInsertId);
        await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (5, 1, 'a', 'a')");
        Assert.AreEqual(6UL, (await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (0, 1, 'a', 'a')")).LastInsertId);
        // Past the local block and the one fetched ahead: the next block starts above the explicit id.
        await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (1000, 1, 'a', 'a')");
        Assert.AreEqual(1001UL, (await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (0, 1, 'a', 'a')")).LastInsertId);
        var rows = await h.RowsAsync("SELECT id FROM sbtest1 ORDER BY id");
        CollectionAssert.AreEqual(new[] { "1", "5", "6", "1000", "1001" }, rows.Select(r => r[0]).ToArray());
    }
}
