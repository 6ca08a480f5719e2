using System.Diagnostics;
using OceanClassic.Jepsen.Checker;
using OceanClassic.Jepsen.History;
using static OceanClassic.Jepsen.Tests.Support.RegisterHistories;

namespace OceanClassic.Jepsen.Tests;

// The Wing-Gong register checker: it accepts histories that have a linearization (also with concurrent
// and indeterminate operations) and catches the planted anomalies a faulty replication produces.
[TestClass]
public sealed class RegisterCheckerTests
{
    [TestMethod]
    public void ConcurrentOperationsThatHaveALinearizationAreAccepted()
    {
        // The read of 1 overlaps the write of 2, the read of 2 overlaps the cas 2->3: both orders exist.
        var verdict = Check(
            Write(0, 1, 0, 10),
            Write(1, 2, 12, 30),
            Read(2, 1, 11, 20),
            Read(3, 2, 25, 40),
            Cas(0, 2, 3, 35, 50),
            Read(1, 3, 51, 60));
        Assert.AreEqual(CheckOutcome.Valid, verdict.Outcome);
    }

    [TestMethod]
    public void AnIndeterminateWriteMayTakeEffectLongAfterItsCallOrNever()
    {
        var seenLate = Check(Write(0, 1, 0, Pending), Read(1, 0, 5, 10), Read(2, 1, 100, 110));
        var neverSeen = Check(Write(0, 1, 0, Pending), Read(1, 0, 5, 10), Read(2, 0, 100, 110));
        Assert.AreEqual(CheckOutcome.Valid, seenLate.Outcome);
        Assert.AreEqual(CheckOutcome.Valid, neverSeen.Outcome);
    }

    [TestMethod]
    public void AStaleReadAfterANewerWriteCompletedIsCaught()
    {
        var verdict = Check(Write(0, 1, 0, 10), Write(1, 2, 20, 30), Read(2, 1, 40, 50));
        Assert.AreEqual(CheckOutcome.Invalid, verdict.Outcome);
    }

    [TestMethod]
    public void ALostAcknowledgedWriteIsCaught()
    {
        // Acknowledged, then every later read sees the value from before it (e.g. a failover to a
        // backup that never got it).
        var verdict = Check(Write(0, 1, 0, 10), Read(1, 1, 12, 15), Write(2, 2, 20, 30), Read(1, 1, 40, 45), Read(3, 1, 50, 55));
        Assert.AreEqual(CheckOutcome.Invalid, verdict.Outcome);
    }

    [TestMethod]
    public void AWriteSeenAndThenUnseenIsCaught()
    {
        // The write is still running, but once a read saw it no later read may miss it.
        var verdict = Check(Write(0, 1, 0, 100), Read(1, 1, 10, 20), Read(2, 0, 30, 40));
        Assert.AreEqual(CheckOutcome.Invalid, verdict.Outcome);
    }

    [TestMethod]
    public void TwoConcurrentCompareAndSetsFromTheSameValueBothSucceedingAreCaught()
    {
        var verdict = Check(Cas(0, 0, 1, 0, 20), Cas(1, 0, 2, 5, 25));
        var onlyOne = Check(Cas(0, 0, 1, 0, 20), Cas(1, 1, 2, 5, 25));
        Assert.AreEqual(CheckOutcome.Invalid, verdict.Outcome);
        Assert.AreEqual(CheckOutcome.Valid, onlyOne.Outcome);
    }

    [TestMethod]
    public void KeysAreCheckedApartAndOnlyTheBrokenKeyFails()
    {
        var verdict = Check(Write(0, 1, 0, 10, key: 7), Read(1, 1, 20, 30, key: 7), Write(0, 2, 0, 10, key: 9), Read(1, 0, 20, 30, key: 9));
        Assert.AreEqual(CheckOutcome.Invalid, verdict.Outcome);
        CollectionAssert.AreEqual(new long[] { 9 }, verdict.Failing.Select(k => k.Key).ToArray());
    }

    [TestMethod]
    public void AStaleReadPlantedInALongValidHistoryIsReportedWithAFewOperationsAroundIt()
    {
        var ops = SimulateLinearizable(3_000, processes: 8, keys: 1, pendingChance: 0, seed: 7);
        Assert.AreEqual(CheckOutcome.Valid, Check([.. ops]).Outcome, "the simulated history itself");

        // After everything: a write of a fresh value, then a read that sees the value before it.
        var end = ops.Max(o => o.Return) + 100;
        var before = ops.Where(o => o.Function != RegisterFunction.Read).MaxBy(o => o.Return)!;
        var last = Check([.. ops, Write(0, 999_999, end, end + 10), Read(1, 999_999, end + 11, end + 12), Read(2, before.Function == RegisterFunction.Cas ? before.CasTo : before.Value, end + 20, end + 30)]);

        Assert.AreEqual(CheckOutcome.Invalid, last.Outcome);
        var window = last.Failing.Single().FailingWindow;
        Assert.IsTrue(window.Count <= 4, $"window of {window.Count} operations:\n{string.Join('\n', window)}");
        Assert.AreEqual(end + 20, window[^1].Call, "the stale read ends the window");
    }

    [TestMethod]
    [Timeout(120_000)]
    public void TenThousandConcurrentOperationsWithIndeterminateOnesAreCheckedWithinABoundedTime()
    {
        var ops = SimulateLinearizable(10_000, processes: 16, keys: 4, pendingChance: 0.01, seed: 11);
        var clock = Stopwatch.StartNew();
        var verdict = Check([.. ops]);
        clock.Stop();
        Assert.AreEqual(CheckOutcome.Valid, verdict.Outcome);
        Assert.IsTrue(ops.Count > 9_000, $"{ops.Count} operations");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(30), $"checked {ops.Count} operations in {clock.Elapsed}");
    }

    [TestMethod]
    public void HistoryEventsArePairedPerProcessAndACasThatMatchedNothingIsNoOperation()
    {
        var history = new HistoryRecorder();
        history.Invoke(0, Functions.Write, 3, [5]);
        history.Invoke(1, Functions.Cas, 3, [4, 6]);
        history.Complete(EventType.Fail, 1, Functions.Cas, 3, [4, 6]);
        history.Complete(EventType.Ok, 0, Functions.Write, 3, [5]);
        history.Invoke(2, Functions.Read, 3, []);
        history.Complete(EventType.Ok, 2, Functions.Read, 3, [5]);
        history.Invoke(3, Functions.Write, 3, [7]);
        history.Complete(EventType.Info, 3, Functions.Write, 3, [7]);

        var ops = RegisterHistory.ByKey(history.Snapshot())[3];

        CollectionAssert.AreEqual(new[] { RegisterFunction.Write, RegisterFunction.Read, RegisterFunction.Write }, ops.Select(o => o.Function).ToArray());
        Assert.IsFalse(ops[0].Indeterminate);
        Assert.IsTrue(ops[2].Indeterminate);
        Assert.AreEqual(5, ops[1].Value);
    }
}
