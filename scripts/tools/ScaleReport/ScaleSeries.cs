// The matrix read as one series per scaled role: the base shape (every role at its smallest count) and
// the shapes that differ from it only in that role's count, ordered by the count.
namespace OceanClassic.ScaleReport;

public static class ScaleSeries
{
    public static readonly string[] Scaled = ["ms", "cs", "ups"];

    public static List<ScaleRow> Of(IReadOnlyList<ScaleRow> rows, string role, string workload)
    {
        var baseCount = ScaleRow.Roles.ToDictionary(r => r, r => rows.Min(x => x.Count[r]));
        return [.. rows
            .Where(x => x.Workload == workload && ScaleRow.Roles.All(r => r == role || x.Count[r] == baseCount[r]))
            .OrderBy(x => x.Count[role])];
    }

    public static List<string> Workloads(IReadOnlyList<ScaleRow> rows) => [.. rows.Select(r => r.Workload).Distinct()];
}
