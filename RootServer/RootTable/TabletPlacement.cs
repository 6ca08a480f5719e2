using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Schema;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.RootTable;

// Chooses ChunkServers for tablets: up to tablet_replicas_num live servers, least loaded first.
// Repair keeps every tablet at that many live replicas. A tablet whose baseline is still empty
// (no rows) gains a replica by assignment alone and drops its dead ones at once. A tablet with rows
// gains one only while a live replica holds its baseline (the new one copies it from there), and
// keeps its dead replicas (they hold the data if they return) until enough live replicas hold it.
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

    // Tablets that need more live replicas, or can drop dead ones, with the placement that fixes them.
    // holds(address, tablet): that ChunkServer reported the tablet's baseline at its version.
    public List<TabletInfo> Repairs(RsState state, Func<string, TabletInfo, bool> holds)
    {
        var live = registry.Live(ServerRole.ChunkServer).Select(s => s.Address).ToHashSet(StringComparer.Ordinal);
        var fixes = new List<TabletInfo>();
        foreach (var tablet in state.AllTablets)
        {
            var liveReplicas = tablet.Replicas.Count(live.Contains);
            if (tablet.RowCount == 0)
            {
                if (liveReplicas >= replicas || liveReplicas >= live.Count)
                    continue;
                var candidate = tablet.Clone();
                candidate.Replicas.Clear();
                candidate.Replicas.AddRange(tablet.Replicas.Where(live.Contains));
                AddIfChanged(fixes, tablet, Place(state, candidate));
                continue;
            }
            var needsReplica = liveReplicas < replicas && liveReplicas < live.Count;
            if (!needsReplica && liveReplicas == tablet.Replicas.Count)
                continue;
            var holders = tablet.Replicas.Count(r => live.Contains(r) && holds(r, tablet));
            if (holders == 0)
                continue;
            if (needsReplica)
            {
                AddIfChanged(fixes, tablet, Place(state, tablet));
            }
            else if (holders >= replicas)
            {
                var trimmed = tablet.Clone();
                trimmed.Replicas.Clear();
                trimmed.Replicas.AddRange(tablet.Replicas.Where(live.Contains));
                AddIfChanged(fixes, tablet, trimmed);
            }
        }
        return fixes;
    }

    private void AddIfChanged(List<TabletInfo> fixes, TabletInfo tablet, TabletInfo placed)
    {
        if (placed.Replicas.SequenceEqual(tablet.Replicas))
            return;
        log.LogInformation("tablet of table {Table} re-placed on {Replicas}", tablet.TableId, string.Join(",", placed.Replicas));
        fixes.Add(placed);
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
