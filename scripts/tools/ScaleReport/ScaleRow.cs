// One measured run of scripts/bench.sh scale (a line of results.csv): a cluster shape (instances of
// each role), a sysbench workload, its throughput and latency, each role's CPU cap per instance, the
// cores all instances of the role used together and the cores its busiest instance used while the
// workload was measured.
using System.Globalization;

namespace OceanClassic.ScaleReport;

public sealed record ScaleRow(
    string Shape,
    IReadOnlyDictionary<string, int> Count,
    string Workload,
    double Tps,
    double P95Ms,
    long Errors,
    IReadOnlyDictionary<string, double> Cap,
    IReadOnlyDictionary<string, double> Used,
    IReadOnlyDictionary<string, double> BusiestUsed,
    int MachineCores,
    double MachineBusy)
{
    public static readonly string[] Roles = ["rs", "ups", "cs", "ms"];

    // The share of its cap the role's busiest instance used (a backup UpdateServer idles while the master
    // saturates; MergeServers and ChunkServers share the load about evenly).
    public double Share(string role) => Cap[role] > 0 ? BusiestUsed[role] / Cap[role] : 0;

    public static List<ScaleRow> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new FormatException($"{path}: no column {name}");
        double Num(string[] f, string name) => double.TryParse(f[Col(name)], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
        return [.. lines.Skip(1).Select(l => l.Split(',')).Select(f => new ScaleRow(
            f[Col("shape")],
            Roles.ToDictionary(r => r, r => (int)Num(f, r)),
            f[Col("workload")],
            Num(f, "tps"),
            Num(f, "p95_ms"),
            (long)Num(f, "errors"),
            Roles.ToDictionary(r => r, r => Num(f, "cap_" + r)),
            Roles.ToDictionary(r => r, r => Num(f, "cpu_" + r)),
            Roles.ToDictionary(r => r, r => Num(f, "cpu_max_" + r)),
            (int)Num(f, "machine_cores"),
            Num(f, "machine_busy")))];
    }
}
