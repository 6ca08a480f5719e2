// The run's history: every invoke and completion appended in the order they happened, stamped with a
// monotonic clock. Thread-safe; Snapshot copies what is there so far.
using System.Diagnostics;

namespace OceanClassic.Jepsen.History;

public sealed class HistoryRecorder
{
    private readonly Lock _gate = new();
    private readonly List<HistoryEvent> _events = [];
    private readonly long _start = Stopwatch.GetTimestamp();

    public long NowNanos() => (long)Stopwatch.GetElapsedTime(_start).TotalNanoseconds;

    public HistoryEvent Invoke(int process, string f, long key, IReadOnlyList<long> value) => Add(EventType.Invoke, process, f, key, value);

    public HistoryEvent Complete(EventType type, int process, string f, long key, IReadOnlyList<long> value) => Add(type, process, f, key, value);

    public int Count
    {
        get
        {
            lock (_gate)
                return _events.Count;
        }
    }

    public IReadOnlyList<HistoryEvent> Snapshot()
    {
        lock (_gate)
            return [.. _events];
    }

    private HistoryEvent Add(EventType type, int process, string f, long key, IReadOnlyList<long> value)
    {
        lock (_gate)
        {
            // Stamped under the lock, so the history's order and its times agree.
            var e = new HistoryEvent(_events.Count, type, process, f, key, value, NowNanos());
            _events.Add(e);
            return e;
        }
    }
}
