// Writes a history in the EDN forms Jepsen's offline checkers read, one map per line:
//   register.edn     Knossos' independent register (:read/:write/:cas with :value [key v]),
//   rw-register.edn  Elle's rw-register transactions ([[:r k v]], [[:w k v]]; a cas that took effect is
//                    [[:r k from] [:w k to]], an indeterminate one [[:w k to]]; a cas that matched nothing
//                    is a :fail, which Elle ignores),
//   list-append.edn  Elle's list-append transactions ([[:append k v]], [[:r k [v ...]]]),
//   bank.edn         Jepsen's bank workload (:transfer {:from :to :amount}, :read {account balance}).
// Each file holds its own workload's events, renumbered from :index 0, and the nemesis' events. Times
// are the history's monotonic nanoseconds. e.g. `lein run -m elle.cli --model list-append list-append.edn`.
using System.Globalization;
using System.Text;

namespace OceanClassic.Jepsen.History;

public static class EdnWriter
{
    public static void WriteAll(IReadOnlyList<HistoryEvent> history, string directory)
    {
        Directory.CreateDirectory(directory);
        Write(history, Path.Combine(directory, "register.edn"), IsRegister, KnossosValue);
        Write(history, Path.Combine(directory, "rw-register.edn"), IsRegister, RwRegisterValue, ":txn");
        Write(history, Path.Combine(directory, "list-append.edn"), e => e.F is Functions.Append or Functions.ListRead, ListAppendValue, ":txn");
        Write(history, Path.Combine(directory, "bank.edn"), e => e.F is Functions.Transfer or Functions.BankRead, BankValue);
    }

    private static bool IsRegister(HistoryEvent e) => e.F is Functions.Read or Functions.Write or Functions.Cas;

    private static void Write(IReadOnlyList<HistoryEvent> history, string path, Func<HistoryEvent, bool> belongs,
        Func<HistoryEvent, HistoryEvent?, string> value, string? txnF = null)
    {
        // A completion's EDN needs its invocation (a :fail cas keeps its arguments).
        var invocations = new Dictionary<int, HistoryEvent>();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        long index = 0;
        foreach (var e in history)
        {
            var nemesis = e.Process == HistoryEvent.NemesisProcess;
            if (!nemesis && !belongs(e))
                continue;
            HistoryEvent? invoke = null;
            if (e.Type == EventType.Invoke)
                invocations[e.Process] = e;
            else if (invocations.Remove(e.Process, out var found))
                invoke = found;
            var f = nemesis ? ":" + e.F : txnF ?? ":" + KnossosF(e.F);
            var v = nemesis ? "nil" : value(e, invoke);
            var process = nemesis ? ":nemesis" : e.Process.ToString(CultureInfo.InvariantCulture);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{:type :{e.Type.ToString().ToLowerInvariant()}, :f {f}, :value {v}, :process {process}, :time {e.Time}, :index {index++}}}"));
        }
    }

    private static string KnossosF(string f) => f switch
    {
        Functions.BankRead => "read",
        _ => f,
    };

    private static string KnossosValue(HistoryEvent e, HistoryEvent? invoke) => e.F switch
    {
        Functions.Read => $"[{e.Key} {(e.Value.Count > 0 ? Num(e.Value[0]) : "nil")}]",
        Functions.Write => $"[{e.Key} {Num(e.Value[0])}]",
        _ => $"[{e.Key} [{Num(e.Value[0])} {Num(e.Value[1])}]]",
    };

    private static string RwRegisterValue(HistoryEvent e, HistoryEvent? invoke) => e.F switch
    {
        Functions.Read => $"[[:r {e.Key} {(e.Type == EventType.Ok && e.Value.Count > 0 ? Num(e.Value[0]) : "nil")}]]",
        Functions.Write => $"[[:w {e.Key} {Num(e.Value[0])}]]",
        _ when e.Type == EventType.Ok => $"[[:r {e.Key} {Num(e.Value[0])}] [:w {e.Key} {Num(e.Value[1])}]]",
        _ => $"[[:w {e.Key} {Num(e.Value[1])}]]",
    };

    private static string ListAppendValue(HistoryEvent e, HistoryEvent? invoke) => e.F switch
    {
        Functions.Append => $"[[:append {e.Key} {Num(e.Value[0])}]]",
        _ when e.Type == EventType.Ok => $"[[:r {e.Key} [{string.Join(' ', e.Value.Select(Num))}]]]",
        _ => $"[[:r {e.Key} nil]]",
    };

    private static string BankValue(HistoryEvent e, HistoryEvent? invoke) => e.F switch
    {
        Functions.Transfer => $"{{:from {Num(e.Value[0])}, :to {Num(e.Value[1])}, :amount {Num(e.Value[2])}}}",
        _ when e.Type == EventType.Ok => "{" + string.Join(", ", e.Value.Select((b, i) => $"{i} {Num(b)}")) + "}",
        _ => "nil",
    };

    private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);
}
