// The bank workload's invariant: every read that completed saw every account, no negative balance, and
// balances summing to the total the accounts started with (transfers move money, never make or lose it).
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Checker;

public sealed record BankVerdict(bool Valid, int Reads, int Transfers, int TransfersOk, IReadOnlyList<string> Errors)
{
    public override string ToString() =>
        $"{(Valid ? "valid" : "INVALID")}: {Reads} reads, {TransfersOk} of {Transfers} transfers acknowledged" +
        (Errors.Count == 0 ? "" : "; " + string.Join("; ", Errors.Take(5)) + (Errors.Count > 5 ? $" (+{Errors.Count - 5} more)" : ""));
}

public static class BankChecker
{
    public static BankVerdict Check(IEnumerable<HistoryEvent> history, int accounts, long total)
    {
        var errors = new List<string>();
        int reads = 0, transfers = 0, transfersOk = 0;
        foreach (var e in history)
        {
            if (e.F == Functions.Transfer)
            {
                if (e.Type == EventType.Invoke)
                    transfers++;
                else if (e.Type == EventType.Ok)
                    transfersOk++;
                continue;
            }
            if (e.F != Functions.BankRead || e.Type != EventType.Ok)
                continue;
            reads++;
            var sum = e.Value.Sum();
            if (e.Value.Count != accounts)
                errors.Add($"read #{e.Index} saw {e.Value.Count} accounts, not {accounts}");
            else if (sum != total)
                errors.Add($"read #{e.Index} at {e.Time / 1e9:F3}s summed to {sum}, not {total}: [{string.Join(' ', e.Value)}]");
            else if (e.Value.Any(b => b < 0))
                errors.Add($"read #{e.Index} saw a negative balance: [{string.Join(' ', e.Value)}]");
        }
        return new BankVerdict(errors.Count == 0 && reads > 0, reads, transfers, transfersOk,
            reads == 0 ? [.. errors, "no read completed"] : errors);
    }
}
