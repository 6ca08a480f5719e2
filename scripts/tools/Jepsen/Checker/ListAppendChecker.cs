// The list-append workload, each append and read a single-key transaction with unique values. Checked per
// key: every read is a prefix of the longest read (one order of appends that all reads agree on), no read
// holds a value twice or a value nobody appended, every append acknowledged before a read was invoked is
// in that read (no lost or stale append), and the final read holds every acknowledged append.
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Checker;

public sealed record ListAppendVerdict(bool Valid, int Appends, int AppendsOk, int Reads, IReadOnlyList<string> Errors)
{
    public override string ToString() =>
        $"{(Valid ? "valid" : "INVALID")}: {AppendsOk} of {Appends} appends acknowledged, {Reads} reads" +
        (Errors.Count == 0 ? "" : "; " + string.Join("; ", Errors.Take(5)) + (Errors.Count > 5 ? $" (+{Errors.Count - 5} more)" : ""));
}

public static class ListAppendChecker
{
    private sealed record Append(long Value, long Invoked, long? Acknowledged);

    private sealed record Read(long Index, long Invoked, long Completed, IReadOnlyList<long> Values);

    public static ListAppendVerdict Check(IReadOnlyList<HistoryEvent> history)
    {
        var open = new Dictionary<int, HistoryEvent>();
        var appends = new Dictionary<long, Dictionary<long, Append>>();
        var reads = new Dictionary<long, List<Read>>();
        foreach (var e in history)
        {
            if (e.F is not (Functions.Append or Functions.ListRead))
                continue;
            if (e.Type == EventType.Invoke)
            {
                open[e.Process] = e;
                if (e.F == Functions.Append)
                    Of(appends, e.Key)[e.Value[0]] = new Append(e.Value[0], e.Time, null);
                continue;
            }
            if (!open.Remove(e.Process, out var invoke) || e.Type != EventType.Ok)
                continue;
            if (e.F == Functions.Append)
                Of(appends, e.Key)[invoke.Value[0]] = new Append(invoke.Value[0], invoke.Time, e.Time);
            else
                Of(reads, e.Key).Add(new Read(e.Index, invoke.Time, e.Time, e.Value));
        }

        var errors = new List<string>();
        foreach (var (key, keyReads) in reads)
        {
            var appended = appends.TryGetValue(key, out var a) ? a : [];
            var longest = keyReads.MaxBy(r => r.Values.Count)!.Values;
            foreach (var read in keyReads)
            {
                if (!read.Values.SequenceEqual(longest.Take(read.Values.Count)))
                    errors.Add($"key {key}: read #{read.Index} [{Show(read.Values)}] is not a prefix of [{Show(longest)}]");
                if (read.Values.Distinct().Count() != read.Values.Count)
                    errors.Add($"key {key}: read #{read.Index} holds a value twice");
                var unknown = read.Values.Where(v => !appended.ContainsKey(v)).ToList();
                if (unknown.Count > 0)
                    errors.Add($"key {key}: read #{read.Index} holds values nobody appended: {Show(unknown)}");
                var present = read.Values.ToHashSet();
                var missing = appended.Values.Where(x => x.Acknowledged < read.Invoked && !present.Contains(x.Value)).Select(x => x.Value).ToList();
                if (missing.Count > 0)
                    errors.Add($"key {key}: read #{read.Index} at {read.Invoked / 1e9:F3}s misses appends acknowledged before it: {Show(missing)}");
            }
        }
        var all = appends.Values.SelectMany(d => d.Values).ToList();
        return new ListAppendVerdict(errors.Count == 0, all.Count, all.Count(x => x.Acknowledged is not null), reads.Values.Sum(r => r.Count), errors);
    }

    private static TValue Of<TValue>(Dictionary<long, TValue> map, long key) where TValue : new()
    {
        if (!map.TryGetValue(key, out var value))
            map[key] = value = new TValue();
        return value;
    }

    private static string Show(IEnumerable<long> values)
    {
        var list = values.ToList();
        return string.Join(' ', list.Take(12)) + (list.Count > 12 ? $" ... ({list.Count})" : "");
    }
}
