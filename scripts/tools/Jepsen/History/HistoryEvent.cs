// One line of a Jepsen history: a client's invocation of an operation or its completion. A completion is
// ok (it took effect, with what it saw), fail (it certainly took no effect) or info (indeterminate: it may
// or may not have taken effect, e.g. the connection dropped before the commit's answer). Time is
// monotonic nanoseconds since the run started (Stopwatch), Index the event's position in the history.
// Value holds the operation's numbers: register read [] / [v] (empty = no value), write [v], cas [from,
// to]; bank transfer [from, to, amount], read [balance of account 0, 1, ...]; list append [v], read
// [v1, v2, ...] in list order. A nemesis action is process -1 with F naming it.
namespace OceanClassic.Jepsen.History;

public enum EventType
{
    Invoke,
    Ok,
    Fail,
    Info,
}

public sealed record HistoryEvent(long Index, EventType Type, int Process, string F, long Key, IReadOnlyList<long> Value, long Time)
{
    public const int NemesisProcess = -1;

    public bool IsCompletion => Type != EventType.Invoke;
}

// The workload names used as the F prefix, so one history holds all three workloads side by side.
public static class Functions
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Cas = "cas";
    public const string Transfer = "transfer";
    public const string BankRead = "bank-read";
    public const string Append = "append";
    public const string ListRead = "list-read";
}
