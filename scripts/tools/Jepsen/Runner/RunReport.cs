// The verdicts of a run (or of a history read back): the register's linearizability with the smallest
// failing sub-history of each key that fails, the bank's sum invariant, the list-append checks and the row
// set's (acknowledged rows and increments, scan order, COUNT(*), index check); Valid when all four hold and
// the final reads completed.
using System.Text;
using OceanClassic.Jepsen.Checker;
using OceanClassic.Jepsen.History;
using OceanClassic.Jepsen.Workloads;

namespace OceanClassic.Jepsen.Runner;

public sealed record RunReport(int Events, int Faults, bool FinalReadsCompleted, LinearizabilityVerdict Register, BankVerdict Bank, ListAppendVerdict Lists,
    RowSetVerdict Rows)
{
    public bool Valid => FinalReadsCompleted && Register.Outcome == CheckOutcome.Valid && Bank.Valid && Lists.Valid && Rows.Valid;

    public static RunReport Check(IReadOnlyList<HistoryEvent> history, int accounts, int faults, bool finalReadsCompleted, TimeSpan budgetPerKey) =>
        new(history.Count, faults, finalReadsCompleted,
            LinearizabilityChecker.Check(RegisterHistory.ByKey(history), RegisterWorkload.InitialValue, budgetPerKey),
            BankChecker.Check(history, accounts, accounts * BankWorkload.InitialBalance),
            ListAppendChecker.Check(history),
            RowSetChecker.Check(history));

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"history: {Events} events, {Faults} nemesis faults{(FinalReadsCompleted ? "" : "; FINAL READS DID NOT COMPLETE")}");
        text.AppendLine($"register: {Register.Outcome.ToString().ToLowerInvariant()} ({Register.Operations} operations on {Register.Keys.Count} keys"
            + $"{string.Concat(Register.Keys.Where(k => k.Outcome == CheckOutcome.Unknown).Select(k => $"; key {k.Key} search over budget"))})");
        foreach (var key in Register.Failing)
        {
            text.AppendLine($"  key {key.Key} is not linearizable ({key.Operations} operations); smallest failing sub-history ({key.FailingWindow.Count} operations):");
            foreach (var op in key.FailingWindow.Take(40))
                text.AppendLine("    " + op);
            if (key.FailingWindow.Count > 40)
                text.AppendLine($"    ... {key.FailingWindow.Count - 40} more");
        }
        text.AppendLine($"bank: {Bank}");
        text.AppendLine($"list-append: {Lists}");
        text.AppendLine($"row-set: {Rows}");
        text.Append($"verdict: {(Valid ? "valid" : "INVALID")}");
        return text.ToString();
    }
}
