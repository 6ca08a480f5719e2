// Turns a run's history into register operations, one list per key (P-compositionality: a history of
// independent registers is linearizable exactly when each key's sub-history is). An invocation is paired
// with the next completion of its process (a process has at most one operation in flight); one without a
// completion is indeterminate.
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Checker;

public static class RegisterHistory
{
    public static SortedDictionary<long, List<RegisterOperation>> ByKey(IEnumerable<HistoryEvent> history)
    {
        var open = new Dictionary<int, HistoryEvent>();
        var byKey = new SortedDictionary<long, List<RegisterOperation>>();
        void Add(HistoryEvent invoke, HistoryEvent? completion)
        {
            var op = ToOperation(invoke, completion);
            if (op is null)
                return;
            if (!byKey.TryGetValue(op.Key, out var list))
                byKey[op.Key] = list = [];
            list.Add(op);
        }
        foreach (var e in history)
        {
            if (e.F is not (Functions.Read or Functions.Write or Functions.Cas))
                continue;
            if (e.Type == EventType.Invoke)
            {
                if (open.Remove(e.Process, out var unfinished))
                    Add(unfinished, null);
                open[e.Process] = e;
            }
            else if (open.Remove(e.Process, out var invoke))
            {
                Add(invoke, e);
            }
        }
        foreach (var invoke in open.Values)
            Add(invoke, null);
        return byKey;
    }

    private static RegisterOperation? ToOperation(HistoryEvent invoke, HistoryEvent? completion)
    {
        var type = completion?.Type ?? EventType.Info;
        if (type == EventType.Fail)
            return null;
        var end = type == EventType.Ok ? completion!.Time : RegisterOperation.Pending;
        switch (invoke.F)
        {
            case Functions.Read:
                if (type != EventType.Ok)
                    return null;
                var seen = completion!.Value.Count > 0 ? completion.Value[0] : RegisterModel.Nil;
                return new RegisterOperation(invoke.Process, invoke.Key, RegisterFunction.Read, seen, 0, invoke.Time, end);
            case Functions.Write:
                return new RegisterOperation(invoke.Process, invoke.Key, RegisterFunction.Write, invoke.Value[0], 0, invoke.Time, end);
            default:
                return new RegisterOperation(invoke.Process, invoke.Key, RegisterFunction.Cas, invoke.Value[0], invoke.Value[1], invoke.Time, end);
        }
    }
}
