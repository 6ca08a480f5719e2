// The row-set workload's checks (Workloads/RowSetWorkload.cs), over its history and the final reads taken
// once no write runs:
// - the final full scan returns each id once, in strictly ascending key order, and COUNT(*) equals its rows
//   (a MemTable that linked a row out of place reads a row twice or never: 3b704ec's 10,002 of 10,000);
//   every scan taken during the run is in strictly ascending order too;
// - every acknowledged insert is there unless a DELETE of it was acknowledged or is indeterminate; an
//   acknowledged DELETE's row and a refused INSERT's row are not; no row is there that nobody inserted;
// - each counter's n lies between its acknowledged increments and those plus the indeterminate ones
//   (an increment of a transaction counts as the transaction does); rows inserted are never incremented;
// - every acknowledged statement found its row (a fresh id's INSERT did not hit 1062; an UPDATE or DELETE of
//   a row that must be there matched it);
// - ALTER SYSTEM CHECK INDEX reports no missing, dangling or mismatched index row and as many entries as rows.
// Lost counts the acknowledged writes missing: acknowledged rows not read, increments short of acknowledged.
using OceanClassic.Jepsen.History;

namespace OceanClassic.Jepsen.Checker;

public sealed record RowSetVerdict(bool Valid, int Writes, int WritesOk, int Indeterminate, int Rows, int Counters, int Lost, IReadOnlyList<string> Errors)
{
    public static RowSetVerdict None { get; } = new(true, 0, 0, 0, 0, 0, 0, []);

    public override string ToString() =>
        $"{(Valid ? "valid" : "INVALID")}: {WritesOk} of {Writes} writes acknowledged, {Indeterminate} indeterminate, {Rows} rows read, {Counters} counters, {Lost} acknowledged writes lost" +
        (Errors.Count == 0 ? "" : "; " + string.Join("; ", Errors.Take(5)) + (Errors.Count > 5 ? $" (+{Errors.Count - 5} more)" : ""));
}

public static class RowSetChecker
{
    private enum Outcome
    {
        Applied,
        Maybe,
        NotApplied,
    }

    private sealed class Ledger
    {
        public readonly Dictionary<long, Outcome> Inserts = [];
        public readonly Dictionary<long, Outcome> Deletes = [];
        public readonly Dictionary<long, (int Acknowledged, int Maybe)> Increments = [];
        public readonly List<string> Errors = [];
        public int Writes;
        public int WritesOk;
        public int Indeterminate;

        public void Increment(long id, Outcome outcome)
        {
            var (acknowledged, maybe) = Increments.GetValueOrDefault(id);
            Increments[id] = outcome switch
            {
                Outcome.Applied => (acknowledged + 1, maybe),
                Outcome.Maybe => (acknowledged, maybe + 1),
                _ => (acknowledged, maybe),
            };
        }
    }

    public static RowSetVerdict Check(IReadOnlyList<HistoryEvent> history)
    {
        var ledger = new Ledger();
        var open = new Dictionary<int, HistoryEvent>();
        IReadOnlyList<long>? scan = null, count = null, indexCheck = null;
        foreach (var e in history)
        {
            if (!e.F.StartsWith("row-", StringComparison.Ordinal))
                continue;
            if (e.Type == EventType.Invoke)
            {
                open[e.Process] = e;
                continue;
            }
            var invoke = open.Remove(e.Process, out var i) ? i : e;
            switch (e.F)
            {
                case Functions.RowScanIds when e.Type == EventType.Ok:
                    CheckAscending(e.Value, 1, $"scan #{e.Index} during the run", ledger.Errors);
                    break;
                case Functions.RowScan when e.Type == EventType.Ok:
                    scan = e.Value;
                    break;
                case Functions.RowCount when e.Type == EventType.Ok:
                    count = e.Value;
                    break;
                case Functions.RowCheckIndex when e.Type == EventType.Ok:
                    indexCheck = e.Value;
                    break;
                case Functions.RowInsert or Functions.RowIncrement or Functions.RowSet or Functions.RowDelete or Functions.RowTransaction:
                    Write(ledger, invoke, e);
                    break;
            }
        }
        // Writes never completed (the run ended under them) may have applied.
        foreach (var invoke in open.Values.Where(v => v.F is Functions.RowInsert or Functions.RowIncrement or Functions.RowDelete or Functions.RowTransaction))
            Write(ledger, invoke, invoke with { Type = EventType.Info });
        if (ledger.Writes == 0 && scan is null)
            return RowSetVerdict.None;
        if (scan is null || count is null || indexCheck is null)
        {
            ledger.Errors.Add("the final scan, COUNT(*) or index check did not complete");
            return Verdict(ledger, 0, 0);
        }
        var (rows, lost) = CheckFinal(ledger, scan, count[0], indexCheck);
        return Verdict(ledger, rows, lost);
    }

    private static RowSetVerdict Verdict(Ledger ledger, int rows, int lost) =>
        new(ledger.Errors.Count == 0, ledger.Writes, ledger.WritesOk, ledger.Indeterminate, rows, ledger.Increments.Count, lost, ledger.Errors);

    private static void Write(Ledger ledger, HistoryEvent invoke, HistoryEvent completion)
    {
        ledger.Writes++;
        var outcome = completion.Type switch
        {
            EventType.Ok => Outcome.Applied,
            EventType.Fail => Outcome.NotApplied,
            _ => Outcome.Maybe,
        };
        if (outcome == Outcome.Applied)
            ledger.WritesOk++;
        else if (outcome == Outcome.Maybe)
            ledger.Indeterminate++;
        var found = outcome == Outcome.Applied ? completion.Value : [];
        switch (invoke.F)
        {
            case Functions.RowInsert:
                Insert(ledger, invoke.Key, outcome, found.Count > 0 ? found[0] : 1, $"INSERT #{completion.Index}");
                break;
            case Functions.RowIncrement:
                ledger.Increment(invoke.Key, outcome);
                Found(ledger, found.Count > 0 ? found[0] : 1, $"UPDATE n = n + 1 #{completion.Index} of counter {invoke.Key}");
                break;
            case Functions.RowSet:
                Found(ledger, found.Count > 0 ? found[0] : 1, $"UPDATE SET c #{completion.Index} of counter {invoke.Key}");
                break;
            case Functions.RowDelete:
                Delete(ledger, invoke.Key, outcome, found.Count > 0 ? found[0] : 1, $"DELETE #{completion.Index}");
                break;
            default:
                {
                    var (insert, increment, set, delete) = (invoke.Value[0], invoke.Value[1], invoke.Value[2], invoke.Value[3]);
                    long Matched(int at) => found.Count <= at ? 1 : found[at];
                    var what = $"transaction #{completion.Index}";
                    Insert(ledger, insert, outcome, Matched(4), $"{what}'s INSERT");
                    ledger.Increment(increment, outcome);
                    Found(ledger, Matched(5), $"{what}'s UPDATE n = n + 1 of counter {increment}");
                    Found(ledger, Matched(6), $"{what}'s UPDATE SET c of counter {set}");
                    if (delete >= 0)
                        Delete(ledger, delete, outcome, Matched(7), $"{what}'s DELETE");
                    break;
                }
        }
    }

    private static void Insert(Ledger ledger, long id, Outcome outcome, long inserted, string what)
    {
        if (outcome == Outcome.Applied && inserted != 1)
        {
            ledger.Errors.Add($"{what} of the fresh id {id} answered 1062 (duplicate key)");
            outcome = Outcome.Maybe;
        }
        ledger.Inserts[id] = outcome;
    }

    private static void Delete(Ledger ledger, long id, Outcome outcome, long deleted, string what)
    {
        if (outcome == Outcome.Applied && deleted != 1)
            ledger.Errors.Add($"{what} did not find the acknowledged row {id} ({deleted} rows affected)");
        ledger.Deletes[id] = outcome;
    }

    private static void Found(Ledger ledger, long matched, string what)
    {
        // The MergeServer answers rows changed (it ignores CLIENT_FOUND_ROWS): 0 is a statement that found no
        // row or changed nothing, 2 or more one that matched the row more than once.
        if (matched == 0)
            ledger.Errors.Add($"{what} found no row");
        else if (matched != 1)
            ledger.Errors.Add($"{what} affected {matched} rows");
    }

    private static (int Rows, int Lost) CheckFinal(Ledger ledger, IReadOnlyList<long> scan, long count, IReadOnlyList<long> indexCheck)
    {
        var rows = scan.Count / 2;
        CheckAscending(scan, 2, "the final scan", ledger.Errors);
        if (count != rows)
            ledger.Errors.Add($"COUNT(*) is {count}, the full scan read {rows} rows");
        var read = new Dictionary<long, long>(rows);
        for (var i = 0; i + 1 < scan.Count; i += 2)
            read[scan[i]] = scan[i + 1];
        var lost = 0;
        foreach (var (id, (acknowledged, maybe)) in ledger.Increments)
        {
            if (!read.TryGetValue(id, out var n))
            {
                ledger.Errors.Add($"counter {id} is missing");
                lost += Math.Max(1, acknowledged);
            }
            else if (n < acknowledged || n > acknowledged + maybe)
            {
                ledger.Errors.Add($"counter {id} is {n}: {acknowledged} increments acknowledged, {maybe} indeterminate");
                lost += (int)Math.Max(0, acknowledged - n);
            }
        }
        var missing = new List<long>();
        var resurrected = new List<long>();
        foreach (var (id, inserted) in ledger.Inserts)
        {
            var deleted = ledger.Deletes.GetValueOrDefault(id, Outcome.NotApplied);
            var present = read.TryGetValue(id, out var n);
            if (inserted == Outcome.Applied && deleted == Outcome.NotApplied && !present)
                missing.Add(id);
            if ((inserted == Outcome.NotApplied || deleted == Outcome.Applied) && present)
                resurrected.Add(id);
            if (present && n != 0)
                ledger.Errors.Add($"row {id}, never incremented, has n = {n}");
        }
        lost += missing.Count;
        if (missing.Count > 0)
            ledger.Errors.Add($"{missing.Count} acknowledged rows missing: {Show(missing)}");
        if (resurrected.Count > 0)
            ledger.Errors.Add($"{resurrected.Count} rows present whose INSERT failed or whose DELETE was acknowledged: {Show(resurrected)}");
        var unknown = read.Keys.Where(id => !ledger.Inserts.ContainsKey(id) && !ledger.Increments.ContainsKey(id) && id % Workloads.RowSetWorkload.CounterSpacing != 0).ToList();
        if (unknown.Count > 0)
            ledger.Errors.Add($"{unknown.Count} rows nobody inserted: {Show(unknown)}");
        for (var i = 0; i + 4 < indexCheck.Count; i += 5)
        {
            var (indexRows, entries, indexMissing, dangling, mismatched) = (indexCheck[i], indexCheck[i + 1], indexCheck[i + 2], indexCheck[i + 3], indexCheck[i + 4]);
            if (indexMissing != 0 || dangling != 0 || mismatched != 0 || indexRows != entries)
                ledger.Errors.Add($"CHECK INDEX, index {i / 5 + 1}: {indexRows} rows, {entries} entries, {indexMissing} missing, {dangling} dangling, {mismatched} mismatched");
        }
        if (indexCheck.Count == 0)
            ledger.Errors.Add("CHECK INDEX reported no index");
        return (rows, lost);
    }

    // Ids (every `stride`-th value from 0) strictly ascending: none read twice, none out of key order.
    private static void CheckAscending(IReadOnlyList<long> values, int stride, string what, List<string> errors)
    {
        var problems = new List<string>();
        for (var i = stride; i < values.Count; i += stride)
        {
            if (values[i] <= values[i - stride])
                problems.Add(values[i] == values[i - stride] ? $"{values[i]} twice" : $"{values[i]} after {values[i - stride]}");
        }
        if (problems.Count > 0)
            errors.Add($"{what} is not in strictly ascending key order ({problems.Count}): {string.Join(", ", problems.Take(8))}");
    }

    private static string Show(List<long> ids)
    {
        ids.Sort();
        return string.Join(' ', ids.Take(12)) + (ids.Count > 12 ? $" ... ({ids.Count})" : "");
    }
}
