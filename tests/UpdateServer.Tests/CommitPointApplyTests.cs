using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Engine;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// Followers apply the log only up to the commit point (issue 23 item 1): shipped entries are logged
// at once but held out of the MemTable until a commit point covers them, a restart replays exactly
// to the commit point its log persists, and a follower's dump holds only what it applied. The
// master here writes one entry per insert, so entry k carries commit point k - 1.
[TestClass]
public sealed class CommitPointApplyTests
{
    // Any replicator: the engine is one that replication drives (it does not apply its whole log at open).
    private sealed class FollowerReplicator : ILogReplicator
    {
        public ulong Term => 0;

        public Task<bool> ReplicateAsync(ReadOnlyMemory<byte> batch, ulong firstSequence, ulong lastSequence, bool ownEntries) => Task.FromResult(true);
    }

    private static UpsHarness NewFollower()
    {
        var follower = new UpsHarness();
        follower.Restart(follower.Options with { Replicator = new FollowerReplicator() });
        return follower;
    }

    // The master's log after `rows` inserts, entry k inserting row k.
    private static async Task<byte[]> MasterLogAsync(int rows)
    {
        using var master = new UpsHarness();
        for (var i = 1; i <= rows; i++)
            await master.ApplyAsync(Insert(i, C(1, "row " + i)));
        master.StopEngine();
        return await File.ReadAllBytesAsync(CommitLogFiles.ListInOrder(master.LogDirectory).Single());
    }

    private static bool InMemTable(UpsHarness ups, long id) => ups.Engine.MemTable.Find(UpsHarness.Table, Key(id)) is { ExistsAtLatest: true };

    private static List<long> MemTableIds(UpsHarness ups, int upTo) => [.. Enumerable.Range(1, upTo).Where(i => InMemTable(ups, i)).Select(i => (long)i)];

    [TestMethod]
    public async Task AShippedEntryIsLoggedAtOnceButAppliedOnlyWhenACommitPointCoversIt()
    {
        var log = await MasterLogAsync(5);
        using var follower = NewFollower();

        await follower.Engine.ApplyShipped(ShippedLog.Parse(log, 1));
        Assert.AreEqual(5UL, follower.Engine.LogSequence, "every entry is fsynced here (it counts toward a majority)");
        Assert.AreEqual(5, follower.Engine.HeldEntries);
        Assert.AreEqual(0, follower.Engine.MemTable.RowCount, "no commit point covers any entry yet");
        Assert.AreEqual(0, (await follower.ScanAsync()).Count);

        Assert.AreEqual(3UL, follower.Engine.ApplyCommitted(3));
        CollectionAssert.AreEqual(new long[] { 1, 2, 3 }, MemTableIds(follower, 5));
        Assert.AreEqual(3, (await follower.ScanAsync()).Count, "applied entries are visible at the committed version");
        Assert.AreEqual(3UL, follower.Engine.AcknowledgedSequence, "the commit point a promoted follower would stamp");

        Assert.AreEqual(3UL, follower.Engine.ApplyCommitted(2), "a commit point never moves back");
        Assert.AreEqual(5UL, follower.Engine.ApplyCommitted(99), "a commit point past the log covers what this UPS has");
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 5 }, MemTableIds(follower, 5));
        Assert.AreEqual(0, follower.Engine.HeldEntries);
    }

    [TestMethod]
    public async Task ARestartedFollowerReplaysExactlyToTheCommitPointItsLogPersists()
    {
        var log = await MasterLogAsync(5);
        using var follower = NewFollower();
        await follower.Engine.ApplyShipped(ShippedLog.Parse(log, 1));
        follower.Engine.ApplyCommitted(2);

        follower.Restart();
        Assert.AreEqual(5UL, follower.Engine.LogSequence);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, MemTableIds(follower, 5), "entry 5 carries commit point 4: replay applies 1-4");
        Assert.AreEqual(1, follower.Engine.HeldEntries, "entry 5 waits for a commit point covering it");
        Assert.AreEqual(4UL, follower.Engine.AcknowledgedSequence);

        follower.Engine.ApplyCommitted(5);
        Assert.IsTrue(InMemTable(follower, 5));
    }

    [TestMethod]
    public async Task APromotedFollowerAppliesItsWholeHeldTail()
    {
        var log = await MasterLogAsync(4);
        using var follower = NewFollower();
        await follower.Engine.ApplyShipped(ShippedLog.Parse(log, 1));
        follower.Engine.ApplyCommitted(1);

        follower.Engine.ApplyWholeLog();
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, MemTableIds(follower, 4));
        Assert.AreEqual(4UL, follower.Engine.AcknowledgedSequence);
        Assert.AreEqual("row 4", Cell((await follower.GetAsync(4))!.Value, 1)!.Value.String);
    }

    [TestMethod]
    public async Task AFollowersDumpHoldsOnlyTheEntriesItAppliedAndARestartFromItHoldsTheRest()
    {
        var log = await MasterLogAsync(5);
        using var follower = NewFollower();
        await follower.Engine.ApplyShipped(ShippedLog.Parse(log, 1));
        follower.Engine.ApplyCommitted(3);

        var dump = await follower.Engine.MinorFreezeAsync(CancellationToken.None);
        Assert.AreEqual(3UL, dump.LogSequence, "the dump's replay point is the last applied entry, not the log's end");
        Assert.AreEqual(3L, dump.RowCount);

        follower.Restart();
        Assert.AreEqual(5UL, follower.Engine.LogSequence);
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, MemTableIds(follower, 5));
        Assert.AreEqual(1, follower.Engine.HeldEntries);
        follower.Engine.ApplyWholeLog();
        Assert.AreEqual(5, follower.Engine.MemTable.RowCount);
    }
}
