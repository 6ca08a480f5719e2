using System.Diagnostics;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Tests;

// The master's sync set as the RootServer holds it (FakeSyncSetRootServer): the RS elects only
// backups in it, so a backup leaves it (and writes it lacks are acknowledged) only once the RS
// has confirmed; a backup that catches up is reported back.
[TestClass]
public sealed class SyncSetReportTests
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMilliseconds(300);

    // A master and a backup in its sync set, as the RS holds it.
    private static async Task<(ReplicaNode Master, ReplicaNode Backup)> PairAsync(TimeSpan? lease = null)
    {
        var master = await ReplicaNode.StartAsync(syncTimeout: SyncTimeout);
        var backup = await ReplicaNode.StartAsync();
        await master.MakeMasterAsync(lease);
        await backup.FollowAsync(master);
        await Ups.WaitUntilAsync(() => master.RootServer.Held.Contains(backup.Address), "the RS holds the backup in sync");
        await master.InsertAsync(1, "both have it");
        return (master, backup);
    }

    // The backup stops fetching (it follows an address nobody serves) but stays up.
    private static ValueTask StallAsync(ReplicaNode backup) =>
        backup.Replication.OnHeartbeatAsync(new Common.Protos.HeartbeatResponse { UpsMaster = "127.0.0.1:1" }, CancellationToken.None);

    [TestMethod]
    [Timeout(30_000)]
    public async Task ADroppedBackupIsReportedToTheRootServerBeforeAWriteItLacksIsAcknowledged()
    {
        var (master, backup) = await PairAsync();
        await using var _ = master;
        await using var __ = backup;
        await StallAsync(backup);

        var clock = Stopwatch.StartNew();
        await master.InsertAsync(2, "only the master has it");
        var acknowledgedAt = master.RootServer.Now;
        Assert.IsTrue(clock.Elapsed >= SyncTimeout - TimeSpan.FromMilliseconds(50), $"acknowledged after {clock.Elapsed}, before the sync timeout");
        var drop = master.RootServer.Reports.LastOrDefault(r => !r.InSync.Contains(backup.Address));
        Assert.IsNotNull(drop.InSync, "the drop was never reported");
        Assert.IsTrue(drop.At < acknowledgedAt, "the write was acknowledged before the RS held the backup as out of sync");
        Assert.AreEqual(0, master.RootServer.Held.Length);
        CollectionAssert.Contains(master.Replication.Replicator.DroppedBackups.ToList(), backup.Address);
        Assert.AreEqual(1UL, backup.Engine.LogSequence, "the backup really lacks the write");
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task WhileTheRootServerCannotConfirmTheDropNoWriteTheBackupLacksIsAcknowledged()
    {
        var (master, backup) = await PairAsync();
        await using var _ = master;
        await using var __ = backup;
        await StallAsync(backup);
        master.RootServer.Reachable = false;

        var write = master.InsertAsync(2, "waits for the RS");
        await Task.Delay(SyncTimeout * 5); // well past the sync timeout: only the missing confirmation holds it
        Assert.IsFalse(write.IsCompleted, "acknowledged without the RS knowing the backup lacks it");
        CollectionAssert.Contains(master.Replication.Replicator.SyncBackups.ToList(), backup.Address, "still counted until the RS confirms");
        Assert.AreEqual(0, master.Replication.Replicator.DroppedBackups.Count);

        master.RootServer.Reachable = true;
        await write.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.AreEqual(0, master.RootServer.Held.Length);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task WhenTheLeaseRunsOutBeforeTheRootServerConfirmsTheDropTheWriteFails()
    {
        var (master, backup) = await PairAsync(TimeSpan.FromSeconds(2));
        await using var _ = master;
        await using var __ = backup;
        await StallAsync(backup);
        master.RootServer.Reachable = false;

        var clock = Stopwatch.StartNew();
        var failed = false;
        try
        {
            await master.InsertAsync(2, "never acknowledged");
        }
        catch (Common.Rpc.RpcException e) when (e.InnerException is ReplicationAbortedException)
        {
            failed = true;
        }
        Assert.IsTrue(failed, $"the write was acknowledged after {clock.Elapsed} although the RS never learned of the drop");
        Assert.IsFalse(master.Replication.Lease.HoldsLease);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ANewMasterAcknowledgesNothingBeforeTheRootServerHoldsItsSyncSet()
    {
        await using var master = await ReplicaNode.StartAsync();
        master.RootServer.Hold();
        await master.MakeMasterAsync();

        var write = master.InsertAsync(1, "first write of the term");
        await Task.Delay(300);
        Assert.IsFalse(write.IsCompleted, "acknowledged before the RS confirmed this master's sync set");
        master.RootServer.Release();
        await write.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.AreEqual(0, master.RootServer.Reports[0].InSync.Length);
    }

    [TestMethod]
    [Timeout(30_000)]
    public async Task ABackupThatCatchesUpAgainIsReportedBackInSync()
    {
        var (master, backup) = await PairAsync();
        await using var _ = master;
        await using var __ = backup;
        await StallAsync(backup);
        await master.InsertAsync(2, "dropped");
        Assert.AreEqual(0, master.RootServer.Held.Length);

        await backup.FollowAsync(master);
        await Ups.WaitUntilAsync(() => master.RootServer.Held.Contains(backup.Address), "the RS holds the backup in sync again");
        Assert.IsTrue(backup.Engine.LogSequence >= 2, "reported in sync only after it caught up");
        Assert.AreEqual(0, master.Replication.Replicator.DroppedBackups.Count);
        await master.InsertAsync(3, "both again");
        Assert.AreEqual(master.Engine.LogSequence, backup.Engine.LogSequence);
    }
}
