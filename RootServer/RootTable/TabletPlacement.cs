using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Schema;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.RootTable;

// Chooses ChunkServers for tablets: up to tablet_replicas_num live servers, least loaded first.
// Repair keeps every tablet at that many live replicas. A tablet whose baseline is still empty
// (no rows) can gain a replica by assignment alone; copying a non-empty baseline to a new
// replica belongs to the daily-merge work and is not done here.
public sealed class TabletPlacement(ServerRegistry registry, int replicas, ILogger log)
{
    public TabletInfo Place(RsState state, TabletInfo tablet)
    {
        var placed = tablet.Clone();
        var live = registry.Live(ServerRole.ChunkServer).Select(s => s.Address).ToList();
        var load = Load(state);
        foreach (var address in live.Where(a => !placed.Replicas.Contains(a)).OrderBy(a => load.GetValueOrDefault(a)).ThenBy(a => a, StringComparer.Ordinal))
        {
            if (placed.Replicas.Count(r => live.Contains(r)) >= replicas)
                break;
            placed.Replicas.Add(address);
        }
        return placed;
    }

    // Tablets that need more live replicas, with the placement that fixes them.
    public List<TabletInfo> Repairs(RsState state)
    {
        var live = registry.Live(ServerRole.ChunkServer).Select(s => s.Address).ToHashSet(StringComparer.Ordinal);
        var fixes = new List<TabletInfo>();
        foreach (var tablet in state.AllTablets)
        {
            var liveReplicas = tablet.Replicas.Count(live.Contains);
            if (liveReplicas >= replicas || liveReplicas >= live.Count || tablet.RowCount != 0)
                continue;
            var candidate = tablet.Clone();
            candidate.Replicas.Clear();
            candidate.Replicas.AddRange(tablet.Replicas.Where(live.Contains));
            var placed = Place(state, candidate);
            if (!placed.Replicas.SequenceEqual(tablet.Replicas))
            {
                log.LogInformation("tablet {Table} re-placed on {Replicas}", tablet.TableId, string.Join(",", placed.Replicas));
                fixes.Add(placed);
            }
        }
        return fixes;
    }

    private static Dictionary<string, int> Load(RsState state)
    {
        var load = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in state.AllTablets)
        {
            foreach (var r in t.Replicas)
                load[r] = load.GetValueOrDefault(r) + 1;
        }
        return load;
    }
}
