// One line of a Jepsen history: a client's invocation of an operation or its completion. A completion is
// ok (it took effect, with what it saw), fail (it certainly took no effect) or info (indeterminate: it may
// or may not have taken effect, e.g. the connection dropped before the commit's answer). Time is
// monotonic nanoseconds since the run started (Stopwatch), Index the event's position in the history.
// Value holds the operation's numbers: register read [] / [v] (empty = no value), write [v], cas [from,
// to]; bank transfer [from, to, amount], read [balance of account 0, 1, ...]; list append [v], read
// [v1, v2, ...] in list order; row set (RowSetWorkload): insert / incr / set / delete [rows matched],
// txn [insert id, counter incremented, counter set, deleted id or -1] and on ok the four statements' rows
// matched, scan-ids [id, ...], scan [id, n, id, n, ...], count [rows], check-index [rows, entries, missing,
// dangling, mismatched] per index. A nemesis action is process -1 with F naming it.
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

// The workload names used as the F prefix, so one history holds every workload side by side.
public static class Functions
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Cas = "cas";
    public const string Transfer = "transfer";
    public const string BankRead = "bank-read";
    public const string Append = "append";
    public const string ListRead = "list-read";
    public const string RowInsert = "row-insert";
    public const string RowIncrement = "row-incr";
    public const string RowSet = "row-set";
    public const string RowDelete = "row-delete";
    public const string RowTransaction = "row-txn";
    public const string RowScanIds = "row-scan-ids";
    public const string RowScan = "row-scan";
    public const string RowCount = "row-count";
    public const string RowCheckIndex = "row-check-index";
}
