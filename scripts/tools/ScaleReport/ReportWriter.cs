// report.md of a scale run: the caps, one table row per shape and workload with the CPU share each role
// used of its cap and the bottleneck role named, then per scaled role the throughput at each count,
// the gain over one instance and which role limits the largest shape.
using System.Globalization;
using System.Text;

namespace OceanClassic.ScaleReport;

public static class ReportWriter
{
    public static string Write(IReadOnlyList<ScaleRow> rows, IReadOnlyList<string> charts, string runName)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var caps = rows[0].Cap;
        sb.AppendLine(ci, $"# Per-role scaling: {runName}");
        sb.AppendLine();
        var capText = string.Join(", ", ScaleRow.Roles.Select(r => $"{Bottleneck.RoleName(r)} {caps[r]}"));
        sb.AppendLine(ci, $"Machine: {rows[0].MachineCores} cores. CPU cap of each role instance (cgroup quota, cores): {capText}.");
        sb.AppendLine(ci, $"A role's share is the CPU its busiest instance used over that instance's cap; the bottleneck is the role at " +
            $"{Bottleneck.Saturated:P0} or more of its cap (the busiest one).");
        sb.AppendLine();
        sb.AppendLine("| shape (ups-cs-ms) | workload | tps | p95 ms | errors | UPS | CS | MS | RS | machine busy | bottleneck |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            string Cell(string role) => $"{r.Used[role]:F2} ({r.Share(role):P0})";
            sb.AppendLine(ci, $"| {r.Shape} | {r.Workload} | {r.Tps:F1} | {r.P95Ms:F1} | {r.Errors} | {Cell("ups")} | {Cell("cs")} | {Cell("ms")} | {Cell("rs")} | {r.MachineBusy:F2} | {Bottleneck.Describe(r)} |");
        }
        sb.AppendLine();
        sb.AppendLine("Role cells: cores all its instances used (the busiest instance's share of its cap).");
        foreach (var role in ScaleSeries.Scaled)
            AppendSeries(sb, rows, role);
        if (charts.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Charts");
            foreach (var chart in charts)
                sb.AppendLine(ci, $"![{chart}]({chart})");
        }
        return sb.ToString();
    }

    private static void AppendSeries(StringBuilder sb, IReadOnlyList<ScaleRow> rows, string role)
    {
        var ci = CultureInfo.InvariantCulture;
        var counts = rows.Select(r => r.Count[role]).Distinct().Order().ToList();
        if (counts.Count < 2)
            return;
        var name = Bottleneck.RoleName(role);
        sb.AppendLine();
        sb.AppendLine(ci, $"## {name}s {counts[0]} to {counts[^1]} (the other roles at the base shape)");
        sb.AppendLine();
        var heads = string.Join(" | ", counts.Select(c => $"{c} {name}{(c > 1 ? "s" : "")}"));
        sb.AppendLine(ci, $"| workload | {heads} | {counts[1]} vs {counts[0]} |");
        sb.AppendLine("|---|" + string.Concat(counts.Select(_ => "---:|")) + "---:|");
        var notes = new List<string>();
        foreach (var workload in ScaleSeries.Workloads(rows))
        {
            var series = ScaleSeries.Of(rows, role, workload);
            if (series.Count < 2)
                continue;
            var cells = counts.Select(c => series.FirstOrDefault(r => r.Count[role] == c) is { } r
                ? $"{r.Tps:F0} ({Short(Bottleneck.Limit(r))})" : "-");
            var gain = series[0].Tps > 0 ? series[1].Tps / series[0].Tps : 0;
            sb.AppendLine(ci, $"| {workload} | {string.Join(" | ", cells)} | {gain:F2}x |");
            var last = series[^1];
            var limit = Bottleneck.Limit(last);
            if (PlateauNote(series, role, name) is { } plateau)
                notes.Add($"{workload}: {plateau}");
            else if (limit is not null && limit != role)
                notes.Add($"{workload}: with {last.Count[role]} {name}s the limit is the {Bottleneck.RoleName(limit)} ({last.Share(limit):P0} of its cap), " +
                    $"so more {name}s do not help ({series[0].Tps:F0} -> {last.Tps:F0} tps).");
            else if (limit == role)
                notes.Add($"{workload}: the {name}s stay the limit up to {last.Count[role]} ({last.Share(role):P0} of their caps): " +
                    $"{series[0].Tps:F0} -> {last.Tps:F0} tps.");
        }
        sb.AppendLine();
        sb.AppendLine("Cells: tps (bottleneck role, - when none saturated).");
        foreach (var note in notes)
            sb.AppendLine(ci, $"- {note}");
    }

    // Once another role is the limit at some count and stays the limit at every larger count, more of the
    // scaled role cannot add throughput: the note gives the throughput from that count on and its largest
    // change against that count (run-to-run noise on this machine is about ±15 %).
    private static string? PlateauNote(List<ScaleRow> series, string role, string name)
    {
        var first = series.FindIndex(r => Bottleneck.Limit(r) is { } l && l != role);
        if (first < 0 || first == series.Count - 1)
            return null;
        var limit = Bottleneck.Limit(series[first])!;
        if (series.Skip(first).Any(r => Bottleneck.Limit(r) != limit))
            return null;
        var from = series[first];
        var change = series.Skip(first + 1).Select(r => (r.Tps / from.Tps) - 1).MaxBy(Math.Abs);
        var path = string.Join(" -> ", series.Skip(first).Select(r => r.Tps.ToString("F0", CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture,
            $"from {from.Count[role]} {name}{(from.Count[role] > 1 ? "s" : "")} on the {Bottleneck.RoleName(limit)} is the limit " +
            $"(at {series.Skip(first).Min(r => r.Share(limit)):P0} or more of its cap) and more {name}s do not raise throughput: " +
            $"{path} tps, at most {change:+0%;-0%} against {from.Count[role]}.");
    }

    private static string Short(string? role) => role is null ? "-" : role.ToUpperInvariant();
}
