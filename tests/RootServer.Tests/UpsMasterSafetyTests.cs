using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Tests;

// The two ways an election could lose acknowledged writes: a restarted RS granting a second
// master while the first one's lease still runs, and electing a backup the master had dropped
// from its sync set. Manual clock: 9 s UPS lease + 0.9 s margin.
[TestClass]
public sealed class UpsMasterSafetyTests
{
    private const string A = "127.0.0.1:2700";
    private const string B = "127.0.0.1:2710";
    private const string C = "127.0.0.1:2720";

    private static async Task<ElectionFixture> MasterAWithBackupsInSyncAsync(params string[] backups)
    {
        var f = new ElectionFixture();
        Assert.AreEqual(A, await f.BeatAndElectAsync(A, 10));
        foreach (var b in backups)
            f.Beat(b, 10);
        await f.ReportAsync(A, backups);
        return f;
    }

    [TestMethod]
    public async Task AfterARestartNobodyElseIsElectedBeforeAWholeLeaseFromTheRestartHasPassed()
    {
        var before = await MasterAWithBackupsInSyncAsync(B);
        Assert.AreEqual(A, before.LastPersisted.Master, "the elected master is persisted");

        var after = new ElectionFixture(before.LastPersisted, before.Clock);
        Assert.AreEqual(A, await after.BeatAndElectAsync(B, 50), "the restored master may still hold its lease, however far ahead the backup is");
        for (var i = 1; i <= 9; i++)
        {
            after.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.AreEqual(A, await after.BeatAndElectAsync(B, 50), $"+{i}s after the restart");
        }
        after.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.AreEqual(B, await after.BeatAndElectAsync(B, 50), "once a whole lease from the restart passed, the in-sync backup takes over");
        Assert.AreEqual(B, after.LastPersisted.Master);
    }

    [TestMethod]
    public async Task AfterARestartThePersistedMasterKeepsItsRoleWhileItHeartbeatsAndRenewalsAreNotPersisted()
    {
        var before = await MasterAWithBackupsInSyncAsync(B);
        var after = new ElectionFixture(before.LastPersisted, before.Clock);
        CollectionAssert.AreEqual(new[] { B }, after.Election.InSync.ToArray(), "the sync set is restored too");
        for (var i = 0; i < 60; i++)
        {
            after.Clock.Advance(TimeSpan.FromSeconds(1));
            after.Registry.Sweep();
            Assert.AreEqual(A, await after.BeatAndElectAsync(A, 100 + (ulong)i));
            Assert.AreEqual(A, await after.BeatAndElectAsync(B, 100 + (ulong)i));
        }
        Assert.AreEqual(0, after.Persisted.Count, "lease renewals write nothing");
    }

    [TestMethod]
    public async Task ANewMasterIsPersistedBeforeAnyoneIsToldAndTheOldOneCannotRenewMeanwhile()
    {
        var f = await MasterAWithBackupsInSyncAsync(B);
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        f.Beat(B, 10);
        string? masterDuringPersist = null;
        Task<string?>? oldMastersReply = null;
        f.DuringPersist = _ =>
        {
            masterDuringPersist = f.Election.Master;
            oldMastersReply = f.BeatAndElectAsync(A, 10); // the old master heartbeats just then
            return Task.CompletedTask;
        };
        Assert.AreEqual(B, await f.ElectAsync());
        Assert.AreEqual(A, masterDuringPersist, "nobody is named the new master before it is persisted");
        Assert.AreEqual(B, await oldMastersReply!, "the old master's heartbeat during the change does not renew its lease");
        Assert.AreEqual(B, f.LastPersisted.Master);
        Assert.AreEqual(0, f.LastPersisted.InSync.Count, "a new master starts with an empty sync set");
    }

    [TestMethod]
    public async Task ABackupReportedOutOfSyncIsNeverElectedAndTheRsSaysWhy()
    {
        var f = await MasterAWithBackupsInSyncAsync(B);
        Assert.IsTrue(f.Election.IsInSync(B));
        await f.ReportAsync(A); // the master dropped B
        Assert.IsFalse(f.Election.IsInSync(B));
        Assert.AreEqual(0, f.LastPersisted.InSync.Count, "the drop is persisted before the master's reply");

        for (var i = 0; i < 60; i++)
        {
            f.Clock.Advance(TimeSpan.FromSeconds(1));
            f.Registry.Sweep();
            Assert.AreEqual(A, await f.BeatAndElectAsync(B, 99), $"+{i + 1}s: the out-of-sync backup is not elected");
        }
        StringAssert.Contains(f.Election.Blocked, A);
        StringAssert.Contains(f.Election.Blocked, B + " may lack acknowledged writes");

        var restarted = new ElectionFixture(f.LastPersisted, f.Clock);
        for (var i = 0; i < 12; i++)
        {
            restarted.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.AreEqual(A, await restarted.BeatAndElectAsync(B, 99), "a restarted RS remembers that B is out of sync");
        }

        Assert.AreEqual(A, await restarted.BeatAndElectAsync(A, 50), "the old master comes back and is granted again");
        Assert.AreEqual("", restarted.Election.Blocked);
    }

    [TestMethod]
    public async Task ABackupTheMasterReportsBackInSyncCanBeElectedAgain()
    {
        var f = await MasterAWithBackupsInSyncAsync(B);
        await f.ReportAsync(A);
        await f.ReportAsync(A, B);
        CollectionAssert.AreEqual(new[] { B }, f.LastPersisted.InSync.ToArray());
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.AreEqual(B, await f.BeatAndElectAsync(B, 10));
    }

    [TestMethod]
    public async Task AfterAFailoverTheOtherBackupsAreElectableOnlyOnceTheNewMasterReportsThem()
    {
        var f = await MasterAWithBackupsInSyncAsync(B, C);
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        f.Beat(B, 10);
        Assert.AreEqual(C, await f.BeatAndElectAsync(C, 12), "the in-sync backup with the highest log sequence");
        Assert.IsFalse(f.Election.IsInSync(B), "C acknowledges writes B does not have until B catches up with it");

        f.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.AreEqual(C, await f.BeatAndElectAsync(B, 12), "C stopped before reporting B: B is not elected");
        StringAssert.Contains(f.Election.Blocked, B);

        Assert.AreEqual(C, await f.BeatAndElectAsync(C, 12), "C returns");
        await f.ReportAsync(C, B);
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.AreEqual(B, await f.BeatAndElectAsync(B, 12), "once C reported B in sync, B takes over from C");
    }

    [TestMethod]
    public async Task OnlyTheCurrentMasterMayReportItsSyncSetAndAnOlderReportIsRefused()
    {
        var f = await MasterAWithBackupsInSyncAsync(B);
        var notMaster = await Assert.ThrowsExceptionAsync<RpcException>(() => f.ReportAsync(B));
        Assert.AreEqual(WireErrorCodes.NotMaster, notMaster.Code);

        var newer = new UpsSyncSetRequest { Master = A, ReportId = 100 };
        await f.Election.ReportSyncSetAsync(newer, CancellationToken.None);
        Assert.AreEqual(0, f.Election.InSync.Count);
        var older = new UpsSyncSetRequest { Master = A, ReportId = 99, InSync = { B } };
        await Assert.ThrowsExceptionAsync<RpcException>(() => f.Election.ReportSyncSetAsync(older, CancellationToken.None));
        Assert.AreEqual(0, f.Election.InSync.Count, "a delayed report does not bring a dropped backup back");
    }
}
