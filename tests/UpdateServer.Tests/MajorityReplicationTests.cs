using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.UpdateServer.Tests;

// Majority replication between real engines over the real RPC (ups_replication = majority), with the
// RootServer's heartbeat replies and PrepareTerm calls played by the test: acknowledgement only on a
// majority, terms fencing an old master, and OceanBase 0.5's election scenario.
[TestClass]
public sealed class MajorityReplicationTests
{
    private static readonly TimeSpan LogSyncTimeout = TimeSpan.FromMilliseconds(500);

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "ups-major-" + Guid.NewGuid().ToString("N"));

    private static Task<ReplicaNode> StartAsync(string directory) => ReplicaNode.StartAsync(directory, logSyncTimeout: LogSyncTimeout);

    // Inserts rows until the master's log ends at `sequence`.
    private static async Task WriteUpToAsync(ReplicaNode master, ulong sequence)
    {
        while (master.Engine.LogSequence < sequence)
            await master.InsertAsync((long)master.Engine.LogSequence + 1, "seq " + (master.Engine.LogSequence + 1));
        Assert.AreEqual(sequence, master.Engine.LogSequence);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task WithBothBackupsDownWritesFailWithinTheTimeoutAndResumeWhenOneReturns()
    {
        var dirB = NewDirectory();
        await using var m = await StartAsync(NewDirectory());
        await using var a = await StartAsync(NewDirectory());
        var b = await StartAsync(dirB);
        await m.HeartbeatMajorityAsync(m, term: 1);
        await a.HeartbeatMajorityAsync(m, term: 1);
        await b.HeartbeatMajorityAsync(m, term: 1);
        await Ups.WaitUntilAsync(() => m.Replication.Lease.CanWrite, "the term's first entry committed");
        await m.InsertAsync(1, "on a majority");

        await a.StopAsync();
        await b.StopAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => m.InsertAsync(2, "alone"));
        Assert.AreEqual(WireErrorCodes.NoReplicationMajority, error.Code);
        Assert.IsTrue(clock.Elapsed < LogSyncTimeout + TimeSpan.FromSeconds(3), $"the write failed only after {clock.Elapsed}");
        Assert.IsFalse((await m.RowsAsync()).ContainsKey(2), "a write no majority has is not visible");

        await using var b2 = await StartAsync(dirB);
        await b2.HeartbeatMajorityAsync(m, term: 1);
        await m.InsertAsync(3, "majority again");
        await Ups.WaitUntilAsync(() => b2.Engine.LogSequence == m.Engine.LogSequence, "b caught up");
        var rows = await m.RowsAsync();
        Assert.AreEqual("majority again", rows[3]);
        Assert.AreEqual("alone", rows[2], "the unacknowledged entry committed with the next one (its outcome was unknown)");
    }

    // OceanBase 0.5's description: the master M is lost; replica A has entries 11-20, B only 11-15.
    // A majority (A, B) elects A (same last term, longer log); A commits its whole log plus an entry
    // of the new term on A and B before it takes writes. M returns with 21-22 it wrote alone in the
    // old term (they look committed to nobody but M): it keeps 1-20 and replaces 21-22 with A's log.
    [TestMethod]
    [Timeout(90_000)]
    public async Task OceanBaseFivesScenarioElectsTheLongerLogAndTheOldMastersLoneTailIsCut()
    {
        string dirM = NewDirectory(), dirA = NewDirectory(), dirB = NewDirectory();
        var m = await StartAsync(dirM);
        var a = await StartAsync(dirA);
        var b = await StartAsync(dirB);
        await m.HeartbeatMajorityAsync(m, term: 1);
        await a.HeartbeatMajorityAsync(m, term: 1);
        await b.HeartbeatMajorityAsync(m, term: 1);
        await Ups.WaitUntilAsync(() => m.Replication.Lease.CanWrite, "the term's first entry committed");
        await WriteUpToAsync(m, 15);
        await Ups.WaitUntilAsync(() => b.Engine.LogSequence == 15, "b has 1-15");
        await b.StopAsync();
        await WriteUpToAsync(m, 20);
        await Ups.WaitUntilAsync(() => a.Engine.LogSequence == 20, "a has 1-20");
        await a.StopAsync();
        for (var id = 21; id <= 22; id++)
        {
            var error = await Assert.ThrowsExceptionAsync<RpcException>(() => m.InsertAsync(id, "m alone"));
            Assert.AreEqual(WireErrorCodes.NoReplicationMajority, error.Code);
        }
        Assert.AreEqual(22UL, m.Engine.LogSequence);
        await m.StopAsync();

        // The RootServer starts term 2 at the members that answer: A and B, a majority of three.
        await using var a2 = await StartAsync(dirA);
        await using var b2 = await StartAsync(dirB);
        var voteA = await a2.Replication.PrepareTermAsync(new PrepareTermRequest { Term = 2 }, CancellationToken.None);
        var voteB = await b2.Replication.PrepareTermAsync(new PrepareTermRequest { Term = 2 }, CancellationToken.None);
        Assert.AreEqual((1UL, 20UL), (voteA.LastTerm, voteA.LastSeq));
        Assert.AreEqual((1UL, 15UL), (voteB.LastTerm, voteB.LastSeq));
        await a2.HeartbeatMajorityAsync(a2, term: 2);
        await b2.HeartbeatMajorityAsync(a2, term: 2);
        await Ups.WaitUntilAsync(() => a2.Replication.Lease.CanWrite, "a's term-2 entry committed on a and b");
        Assert.AreEqual(21UL, a2.Engine.LogSequence, "a logged one entry of term 2 before any write");
        Assert.AreEqual(2UL, a2.Engine.DurableTerm);
        await Ups.WaitUntilAsync(() => b2.Engine.LogSequence == 21, "b took 16-21 from a");
        await a2.InsertAsync(100, "term 2");

        // The old master returns and follows A: 21-22 of term 1 go, A's entries take their place.
        await using var m2 = await StartAsync(dirM);
        Assert.AreEqual(22UL, m2.Engine.LogSequence);
        Assert.AreEqual(2, m2.Engine.HeldEntries, "its log shows 1-20 committed: 21-22 are held, never applied");
        Assert.IsNull(m2.Engine.MemTable.Find(UpsHarness.Table, Ups.Key(21)), "an entry above the commit point is not in the MemTable");
        await m2.HeartbeatMajorityAsync(a2, term: 2);
        await Ups.WaitUntilAsync(() => m2.Reopens == 1 && m2.Engine.LogSequence == a2.Engine.LogSequence, "m reconciled with a");
        var rows = await m2.RowsAsync();
        CollectionAssert.AreEquivalent(await a2.RowsAsync(), rows);
        Assert.IsFalse(rows.ContainsKey(21) || rows.ContainsKey(22), "m kept entries it wrote alone");
        Assert.AreEqual("term 2", rows[100]);
        Assert.AreEqual("seq 20", rows[20]);
    }

    // Issue 23 item 1: a follower restarted from its log holds the entries its log does not show
    // committed; promoted in a new term it first commits its tail with an entry of its term, and only
    // then applies it and serves reads (before, a read would miss an acknowledged write).
    [TestMethod]
    [Timeout(90_000)]
    public async Task APromotedFollowerAppliesItsHeldTailAndServesReadsOnlyOnceItsNewTermEntryIsCommitted()
    {
        string dirA = NewDirectory(), dirB = NewDirectory();
        var m = await StartAsync(NewDirectory());
        var a = await StartAsync(dirA);
        var b = await StartAsync(dirB);
        await m.HeartbeatMajorityAsync(m, term: 1);
        await a.HeartbeatMajorityAsync(m, term: 1);
        await b.HeartbeatMajorityAsync(m, term: 1);
        await Ups.WaitUntilAsync(() => m.Replication.Lease.CanWrite, "the term's first entry committed");
        await WriteUpToAsync(m, 6);
        await Ups.WaitUntilAsync(() => a.Engine.LogSequence == 6 && b.Engine.LogSequence == 6, "a and b have 1-6");
        await m.DisposeAsync();
        await a.StopAsync();
        await b.StopAsync();

        // Entry 6 carries commit point 5: a restart applies 1-5 and holds 6 (acknowledged, so on a majority).
        await using var a2 = await StartAsync(dirA);
        Assert.AreEqual(1, a2.Engine.HeldEntries);
        Assert.IsNull(a2.Engine.MemTable.Find(UpsHarness.Table, Ups.Key(6)));
        await a2.Replication.PrepareTermAsync(new PrepareTermRequest { Term = 2 }, CancellationToken.None);
        await a2.HeartbeatMajorityAsync(a2, term: 2);
        Assert.IsTrue(a2.Replication.Lease.IsMaster);
        Assert.IsFalse(a2.Replication.ServesReads, "alone it cannot commit its term's entry, so its tail is not applied");
        Assert.AreEqual(1, a2.Engine.HeldEntries);
        Assert.IsFalse(a2.Replication.Lease.CanWrite);

        await using var b2 = await StartAsync(dirB);
        await b2.HeartbeatMajorityAsync(a2, term: 2);
        await Ups.WaitUntilAsync(() => a2.Replication.ServesReads, "a's term-2 entry committed on a and b");
        Assert.AreEqual(0, a2.Engine.HeldEntries);
        Assert.IsTrue(a2.Replication.Lease.CanWrite);
        var rows = await a2.RowsAsync();
        Assert.AreEqual("seq 6", rows[6], "the acknowledged entry held across the restart is applied and visible");
        await Ups.WaitUntilAsync(() => b2.Engine.HeldEntries == 0 && b2.Engine.LogSequence == a2.Engine.LogSequence, "b learned the commit point of its whole log");
        CollectionAssert.AreEquivalent(rows, await b2.RowsAsync());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task AMasterOfAnOlderTermCommitsNothingOnceAMajorityKnowsANewerTerm()
    {
        await using var m = await StartAsync(NewDirectory());
        await using var a = await StartAsync(NewDirectory());
        await using var b = await StartAsync(NewDirectory());
        await m.HeartbeatMajorityAsync(m, term: 1);
        await a.HeartbeatMajorityAsync(m, term: 1);
        await b.HeartbeatMajorityAsync(m, term: 1);
        await Ups.WaitUntilAsync(() => m.Replication.Lease.CanWrite, "the term's first entry committed");
        await m.InsertAsync(1, "term 1");

        // The RS starts term 2 at a and b (m's lease lapsed as far as it knows; m still thinks it is master).
        await a.Replication.PrepareTermAsync(new PrepareTermRequest { Term = 2 }, CancellationToken.None);
        await b.Replication.PrepareTermAsync(new PrepareTermRequest { Term = 2 }, CancellationToken.None);
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => m.InsertAsync(2, "stale master"));
        Assert.AreEqual(WireErrorCodes.NoReplicationMajority, error.Code);
        Assert.IsFalse((await a.RowsAsync()).ContainsKey(2), "a took log from a master of an older term");
        Assert.IsFalse((await b.RowsAsync()).ContainsKey(2), "b took log from a master of an older term");
    }
}
