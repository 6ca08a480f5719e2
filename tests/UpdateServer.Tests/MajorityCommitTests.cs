using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.Replication;

namespace OceanClassic.UpdateServer.Tests;

// The majority rule by itself: who must have an entry before its writers are answered.
[TestClass]
public sealed class MajorityCommitTests
{
    // Milliseconds on a clock only the test moves.
    private long _now;

    private MajorityCommit NewCommit(Func<bool>? mayAcknowledge = null) =>
        new(mayAcknowledge ?? (() => true), () => _now, since => TimeSpan.FromMilliseconds(_now - since));

    [TestMethod]
    public async Task OfThreeUpdateServersTheMasterAndOneBackupMakeAMajorityAndTheMasterAloneNever()
    {
        var commit = NewCommit();
        commit.SetGroupSize(3);
        commit.BeginTerm(1);
        var write = commit.WaitAsync(1);
        Assert.IsFalse(write.IsCompleted, "the master alone is no majority of three");
        commit.Acknowledge("b1", 1, commit.Incarnation);
        Assert.IsTrue(await write, "the master and one backup are a majority of three");
        Assert.AreEqual(1UL, commit.CommitPoint);
    }

    [TestMethod]
    public async Task OfFiveUpdateServersTwoBackupsAreNeeded()
    {
        var commit = NewCommit();
        commit.SetGroupSize(5);
        commit.BeginTerm(1);
        var write = commit.WaitAsync(3);
        commit.Acknowledge("b1", 3, commit.Incarnation);
        Assert.IsFalse(write.IsCompleted);
        commit.Acknowledge("b2", 2, commit.Incarnation);
        Assert.IsFalse(write.IsCompleted, "b2 has not fsynced entry 3");
        commit.Acknowledge("b2", 3, commit.Incarnation);
        Assert.IsTrue(await write);
    }

    [TestMethod]
    public async Task EntriesBeforeTheTermStartCommitOnlyWithAnEntryOfTheTerm()
    {
        var commit = NewCommit();
        commit.SetGroupSize(3);
        commit.BeginTerm(5);
        var old = commit.WaitAsync(4);
        commit.Acknowledge("b1", 4, commit.Incarnation);
        Assert.IsFalse(old.IsCompleted, "an older entry on a majority is not committed by its own count");
        var start = commit.WaitAsync(5);
        commit.Acknowledge("b1", 5, commit.Incarnation);
        Assert.IsTrue(await old);
        Assert.IsTrue(await start);
    }

    [TestMethod]
    public async Task AnAcknowledgementForAnEarlierLogIncarnationCountsForNothing()
    {
        var commit = NewCommit();
        commit.SetGroupSize(3);
        commit.BeginTerm(1);
        var before = commit.Incarnation;
        commit.Acknowledge("b1", 1, before);
        commit.NewIncarnation(); // a batch shipped early was cut from the master's log
        Assert.AreNotEqual(before, commit.Incarnation);
        var write = commit.WaitAsync(1);
        Assert.IsFalse(write.IsCompleted, "b1's acknowledgement was for the log before the cut");
        commit.Acknowledge("b1", 1, before);
        Assert.IsFalse(write.IsCompleted, "b1 has not verified its log against the new incarnation");
        commit.Acknowledge("b1", 1, commit.Incarnation);
        Assert.IsTrue(await write);
    }

    [TestMethod]
    public async Task AWriteNoMajorityHasWithinTheTimeoutFailsWith6103AndIsNeverAcknowledged()
    {
        var commit = NewCommit();
        commit.SetGroupSize(3);
        commit.BeginTerm(1);
        var write = commit.WaitAsync(1);
        commit.ExpireLate(TimeSpan.FromSeconds(1));
        Assert.IsFalse(write.IsCompleted, "not late yet");
        _now += 1000;
        commit.ExpireLate(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => write);
        Assert.AreEqual(WireErrorCodes.NoReplicationMajority, error.Code);
        commit.Acknowledge("b1", 1, commit.Incarnation);
        Assert.AreEqual(1UL, commit.CommitPoint, "the entry may still commit later: its outcome was unknown");
    }

    [TestMethod]
    public async Task AMasterWhoseLeaseLapsedAnswersNobodyEvenWhenAMajorityHasTheEntry()
    {
        var leaseHeld = true;
        var commit = NewCommit(() => leaseHeld);
        commit.SetGroupSize(3);
        commit.BeginTerm(1);
        var write = commit.WaitAsync(1);
        leaseHeld = false; // paused past its lease (SIGSTOP), resumed now
        commit.Acknowledge("b1", 1, commit.Incarnation);
        Assert.IsFalse(await write, "a master past its lease must not acknowledge");
    }
}
