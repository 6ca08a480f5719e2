using OceanClassic.Jepsen.Checker;
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Tests;

// The bank's sum invariant and the list-append checks, on small hand-made histories.
[TestClass]
public sealed class BankAndListAppendCheckerTests
{
    [TestMethod]
    public void BankReadsThatSumToTheTotalAreValidAndOneThatDoesNotIsCaught()
    {
        var history = new HistoryRecorder();
        BankRead(history, 0, [100, 100, 100]);
        BankRead(history, 1, [95, 105, 100]);
        Assert.IsTrue(BankChecker.Check(history.Snapshot(), 3, 300).Valid);

        BankRead(history, 2, [95, 100, 100]);
        var verdict = BankChecker.Check(history.Snapshot(), 3, 300);
        Assert.IsFalse(verdict.Valid);
        StringAssert.Contains(verdict.Errors.Single(), "summed to 295");
    }

    [TestMethod]
    public void ListReadsThatGrowInOneOrderAreValid()
    {
        var history = new HistoryRecorder();
        Append(history, 0, 1, 10, EventType.Ok);
        ListRead(history, 1, 1, [10]);
        Append(history, 0, 1, 11, EventType.Info);
        ListRead(history, 1, 1, [10, 11]);
        Assert.IsTrue(ListAppendChecker.Check(history.Snapshot()).Valid, ListAppendChecker.Check(history.Snapshot()).ToString());
    }

    [TestMethod]
    public void AnAcknowledgedAppendMissingFromALaterReadIsCaught()
    {
        var history = new HistoryRecorder();
        Append(history, 0, 1, 10, EventType.Ok);
        Append(history, 0, 1, 11, EventType.Ok);
        ListRead(history, 1, 1, [10]);
        var verdict = ListAppendChecker.Check(history.Snapshot());
        Assert.IsFalse(verdict.Valid);
        StringAssert.Contains(verdict.Errors.Single(), "misses appends acknowledged before it: 11");
    }

    [TestMethod]
    public void ReadsThatDisagreeOnTheOrderOfAppendsAreCaught()
    {
        var history = new HistoryRecorder();
        history.Invoke(0, Functions.Append, 1, [10]);
        history.Invoke(2, Functions.Append, 1, [11]);
        ListRead(history, 1, 1, [10, 11]);
        ListRead(history, 3, 1, [11, 10]);
        var verdict = ListAppendChecker.Check(history.Snapshot());
        Assert.IsFalse(verdict.Valid);
        StringAssert.Contains(verdict.Errors[0], "is not a prefix of");
    }

    private static void BankRead(HistoryRecorder history, int process, long[] balances)
    {
        history.Invoke(process, Functions.BankRead, -1, []);
        history.Complete(EventType.Ok, process, Functions.BankRead, -1, balances);
    }

    private static void Append(HistoryRecorder history, int process, long key, long value, EventType outcome)
    {
        history.Invoke(process, Functions.Append, key, [value]);
        history.Complete(outcome, process, Functions.Append, key, [value]);
    }

    private static void ListRead(HistoryRecorder history, int process, long key, long[] values)
    {
        history.Invoke(process, Functions.ListRead, key, []);
        history.Complete(EventType.Ok, process, Functions.ListRead, key, values);
    }
}
