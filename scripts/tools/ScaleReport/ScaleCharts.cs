// One PNG per scaled role (scale-ms.png, scale-cs.png, scale-ups.png): throughput against the number of
// instances of that role, the others at the base shape, one line per sysbench workload (ScottPlot).
// Workloads of many statements per transaction (under a fifth of the busiest one's rate) are drawn
// against the right axis so their lines are not flat at the bottom.
namespace OceanClassic.ScaleReport;

public static class ScaleCharts
{
    public static List<string> Write(IReadOnlyList<ScaleRow> rows, string outDir)
    {
        var written = new List<string>();
        foreach (var role in ScaleSeries.Scaled)
        {
            var counts = rows.Select(r => r.Count[role]).Distinct().Order().ToList();
            if (counts.Count < 2)
                continue;
            var plot = new ScottPlot.Plot();
            var top = rows.Max(r => r.Tps);
            var right = false;
            foreach (var workload in ScaleSeries.Workloads(rows))
            {
                var series = ScaleSeries.Of(rows, role, workload);
                if (series.Count == 0)
                    continue;
                var line = plot.Add.Scatter(series.Select(r => (double)r.Count[role]).ToArray(), series.Select(r => r.Tps).ToArray());
                var small = series.Max(r => r.Tps) < top / 5;
                if (small)
                {
                    line.Axes.YAxis = plot.Axes.Right;
                    right = true;
                }
                line.LegendText = small ? $"{workload} (right axis)" : workload;
                line.LineWidth = 2;
                line.MarkerSize = 8;
            }
            var caps = rows[0].Cap;
            plot.Title($"Throughput against {Bottleneck.RoleName(role)}s (caps: ms {caps["ms"]}, cs {caps["cs"]}, ups {caps["ups"]} cores)");
            plot.XLabel($"{Bottleneck.RoleName(role)} instances");
            plot.YLabel("transactions/s");
            plot.Axes.SetLimitsY(0, top * 1.1);
            if (right)
            {
                plot.Axes.Right.Label.Text = "transactions/s (right-axis workloads)";
                plot.Axes.SetLimitsY(0, rows.Where(r => r.Tps < top / 5).Select(r => r.Tps).DefaultIfEmpty(1).Max() * 1.1, plot.Axes.Right);
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                [.. counts.Select(c => (double)c)], [.. counts.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            plot.ShowLegend(ScottPlot.Edge.Bottom);
            var file = $"scale-{role}.png";
            plot.SavePng(Path.Combine(outDir, file), 900, 560);
            written.Add(file);
        }
        return written;
    }
}
