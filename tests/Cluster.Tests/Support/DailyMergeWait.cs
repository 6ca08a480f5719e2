using System.Globalization;
using OceanClassic.ObClient;

namespace OceanClassic.Cluster.Tests.Support;

// ALTER SYSTEM MAJOR FREEZE, then wait until every ChunkServer of the cluster has merged every tablet up
// to the new frozen version (__all_merge_stat); returns that version.
public static class DailyMergeWait
{
    public static async Task<ulong> FreezeAndWaitAsync(TestCluster cluster, ObConnection c, TimeSpan? timeout = null)
    {
        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        var frozen = ulong.Parse((await cluster.StatusAsync(cluster.RootServer)).Values["frozen_version"], CultureInfo.InvariantCulture);
        var chunkServers = cluster.Roles.Count(r => r.Role == "cs");
        await TestCluster.WaitUntilAsync(async () =>
        {
            var rows = await c.RowsAsync("SELECT frozen_version, merged_version, tablets_total, tablets_merged FROM __all_merge_stat");
            return rows.Count == chunkServers
                && rows.All(r => r.Split('|') is var f && ulong.Parse(f[1], CultureInfo.InvariantCulture) >= frozen && f[2] == f[3]);
        }, timeout ?? TimeSpan.FromSeconds(120), "every ChunkServer merged");
        return frozen;
    }
}
