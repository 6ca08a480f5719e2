using OceanClassic.Jepsen.Checker;
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Tests;

// The row set's checks (RowSetChecker) on small hand-made histories: a clean one passes, and each symptom
// of a MemTable that lost, doubled or misplaced a row is caught.
[TestClass]
public sealed class RowSetCheckerTests
{
    [TestMethod]
    public void AcknowledgedRowsAndIncrementsWithIndeterminateOnesAllowedForAreValid()
    {
        var history = Clean();
        var verdict = RowSetChecker.Check(history.Snapshot());
        Assert.IsTrue(verdict.Valid, verdict.ToString());
        Assert.AreEqual(0, verdict.Lost);
        Assert.AreEqual(3, verdict.Rows);
    }

    [TestMethod]
    public void ARowReadTwiceByTheFullScanIsCaughtWithTheCountThatDisagrees()
    {
        var history = Writes();
        FinalReads(history, [0, 2, 3, 0, 3, 0, 5, 0], count: 3);
        var verdict = RowSetChecker.Check(history.Snapshot());
        Assert.IsFalse(verdict.Valid);
        StringAssert.Contains(verdict.Errors[0], "3 twice");
        StringAssert.Contains(verdict.Errors[1], "COUNT(*) is 3, the full scan read 4 rows");
    }

    [TestMethod]
    public void AnAcknowledgedRowMissingAndAnIncrementShortOfTheAcknowledgedAreLost()
    {
        var history = Writes();
        FinalReads(history, [0, 1, 5, 0], count: 2);
        var verdict = RowSetChecker.Check(history.Snapshot());
        Assert.IsFalse(verdict.Valid);
        Assert.AreEqual(2, verdict.Lost, verdict.ToString());
        Assert.IsTrue(verdict.Errors.Any(e => e.Contains("counter 0 is 1: 2 increments acknowledged, 1 indeterminate", StringComparison.Ordinal)), verdict.ToString());
        Assert.IsTrue(verdict.Errors.Any(e => e.Contains("1 acknowledged rows missing: 3", StringComparison.Ordinal)), verdict.ToString());
    }

    [TestMethod]
    public void AFreshInsertAnswered1062AndAnUpdateThatFoundNoRowAreCaught()
    {
        var history = Clean();
        Write(history, 4, Functions.RowInsert, 9, EventType.Ok, [0]);
        Write(history, 4, Functions.RowIncrement, 0, EventType.Ok, [0]);
        var verdict = RowSetChecker.Check(history.Snapshot());
        Assert.IsFalse(verdict.Valid);
        Assert.IsTrue(verdict.Errors.Any(e => e.Contains("of the fresh id 9 answered 1062", StringComparison.Ordinal)), verdict.ToString());
        Assert.IsTrue(verdict.Errors.Any(e => e.Contains("of counter 0 found no row", StringComparison.Ordinal)), verdict.ToString());
    }

    [TestMethod]
    public void AnIndexMismatchAndARowOfAnAcknowledgedDeleteAreCaught()
    {
        var history = Writes();
        history.Invoke(1_000_000, Functions.RowScan, -1, []);
        history.Complete(EventType.Ok, 1_000_000, Functions.RowScan, -1, [0, 2, 3, 0, 5, 0, 7, 0]);
        history.Invoke(1_000_000, Functions.RowCount, -1, []);
        history.Complete(EventType.Ok, 1_000_000, Functions.RowCount, -1, [4]);
        history.Invoke(1_000_000, Functions.RowCheckIndex, -1, []);
        history.Complete(EventType.Ok, 1_000_000, Functions.RowCheckIndex, -1, [4, 4, 0, 0, 0, 4, 5, 0, 1, 1]);
        var verdict = RowSetChecker.Check(history.Snapshot());
        Assert.IsFalse(verdict.Valid);
        Assert.IsTrue(verdict.Errors.Any(e => e.Contains("whose DELETE was acknowledged: 7", StringComparison.Ordinal)), verdict.ToString());
        Assert.IsTrue(verdict.Errors.Any(e => e.Contains("index 2: 4 rows, 5 entries, 0 missing, 1 dangling, 1 mismatched", StringComparison.Ordinal)), verdict.ToString());
    }

    // Counter 0 incremented twice acknowledged and once indeterminate (in a transaction); rows 3 and 5
    // inserted, 7 inserted and deleted, 11 indeterminate, 13 refused; the transaction inserted 5.
    private static HistoryRecorder Writes()
    {
        var history = new HistoryRecorder();
        Write(history, 0, Functions.RowIncrement, 0, EventType.Ok, [1]);
        Write(history, 1, Functions.RowInsert, 3, EventType.Ok, [1]);
        Write(history, 2, Functions.RowInsert, 7, EventType.Ok, [1]);
        Write(history, 2, Functions.RowDelete, 7, EventType.Ok, [1]);
        Write(history, 3, Functions.RowInsert, 11, EventType.Info, []);
        Write(history, 3, Functions.RowInsert, 13, EventType.Fail, []);
        history.Invoke(0, Functions.RowTransaction, -1, [5, 0, 2000, -1]);
        history.Complete(EventType.Ok, 0, Functions.RowTransaction, -1, [5, 0, 2000, -1, 1, 1, 1, 0]);
        history.Invoke(1, Functions.RowTransaction, -1, [15, 0, 0, -1]);
        history.Complete(EventType.Info, 1, Functions.RowTransaction, -1, [15, 0, 0, -1]);
        return history;
    }

    private static HistoryRecorder Clean()
    {
        var history = Writes();
        FinalReads(history, [0, 2, 3, 0, 5, 0], count: 3);
        return history;
    }

    private static void Write(HistoryRecorder history, int process, string f, long key, EventType outcome, long[] matched)
    {
        history.Invoke(process, f, key, []);
        history.Complete(outcome, process, f, key, matched);
    }

    private static void FinalReads(HistoryRecorder history, long[] scan, long count)
    {
        history.Invoke(1_000_000, Functions.RowScan, -1, []);
        history.Complete(EventType.Ok, 1_000_000, Functions.RowScan, -1, scan);
        history.Invoke(1_000_000, Functions.RowCount, -1, []);
        history.Complete(EventType.Ok, 1_000_000, Functions.RowCount, -1, [count]);
        history.Invoke(1_000_000, Functions.RowCheckIndex, -1, []);
        history.Complete(EventType.Ok, 1_000_000, Functions.RowCheckIndex, -1, [count, count, 0, 0, 0, count, count, 0, 0, 0]);
    }
}
