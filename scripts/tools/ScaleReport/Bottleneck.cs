// Which role limits a run: the one nearest its CPU cap. A role at or above Saturated of its cap is the
// bottleneck; when none is, the run was limited by something no cap shows (the client, round trips,
// the machine itself being busy) and the report says so with the busiest role.
namespace OceanClassic.ScaleReport;

public static class Bottleneck
{
    public const double Saturated = 0.8;

    public static string RoleName(string role) => role switch
    {
        "rs" => "RootServer",
        "ups" => "UpdateServer",
        "cs" => "ChunkServer",
        "ms" => "MergeServer",
        _ => role,
    };

    public static (string Role, double Share) Busiest(ScaleRow row) =>
        ScaleRow.Roles.Select(r => (r, row.Share(r))).MaxBy(x => x.Item2);

    public static string Describe(ScaleRow row)
    {
        var (role, share) = Busiest(row);
        return share >= Saturated
            ? $"{RoleName(role)} ({share:P0} of its cap)"
            : $"none saturated (busiest: {RoleName(role)}, {share:P0})";
    }

    public static string? Limit(ScaleRow row) => Busiest(row) is var (role, share) && share >= Saturated ? role : null;
}
