// Runs the chosen drills `runs` times each, one after the other on one cluster, and prints a line per
// run as it finishes and the whole table (Markdown) at the end; true when every run met its rule.
using System.Globalization;
using System.Text;
using OceanClassic.Jepsen.Nemesis;

namespace OceanClassic.Jepsen.Drills;

public static class DrillRunner
{
    public static async Task<bool> RunAsync(IClusterControl cluster, IReadOnlyList<string> endpoints, string replication, int writers,
        IReadOnlyList<DrillKind> drills, int runs, TextWriter log, CancellationToken ct)
    {
        var drillsOf = new UpsDrills(cluster, endpoints, replication, writers, log);
        var results = new List<DrillResult>();
        foreach (var kind in drills)
        {
            for (var run = 1; run <= runs; run++)
            {
                await log.WriteLineAsync($"{UpsDrills.Name(kind)} run {run}/{runs}");
                DrillResult result;
                try
                {
                    result = await drillsOf.RunAsync(kind, run, ct);
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                {
                    result = new DrillResult(kind, run, 0, 0, 0, null, $"did not complete: {e.Message.ReplaceLineEndings(" ").Trim()}", false);
                }
                results.Add(result);
                await log.WriteLineAsync("  " + Line(result));
            }
        }
        await log.WriteLineAsync();
        await log.WriteLineAsync(Table(results));
        return results.All(r => r.Passed);
    }

    public static string Table(IEnumerable<DrillResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| drill | run | acknowledged | lost | failed | writes resumed after | result | what happened |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            text.AppendLine($"| {UpsDrills.Name(r.Drill)} | {r.Run} | {r.Acknowledged} | {r.Lost} | {r.Failed} | {Seconds(r.Resume)} | {(r.Passed ? "pass" : "FAIL")} | {r.Detail} |");
        return text.ToString().TrimEnd();
    }

    private static string Line(DrillResult r) =>
        $"{(r.Passed ? "pass" : "FAIL")}: {r.Acknowledged} acknowledged, {r.Lost} lost, {r.Failed} failed, writes resumed after {Seconds(r.Resume)}; {r.Detail}";

    private static string Seconds(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "-";
}
