using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Schema;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Balance;

// Chooses ChunkServers for tablets: up to tablet_replicas_num live servers, least loaded first.
// Repair keeps every tablet at that many live replicas. A tablet whose baseline is still empty
// (no rows) gains a replica by assignment alone and drops its dead ones at once. A tablet with rows
// gains one only while a live replica holds its baseline (the new one copies it from there), and
// keeps its dead replicas (they hold the data if they return) until enough live replicas hold it.
// A ChunkServer that still reports its replica of a tablet corrupt is not given that tablet again
// until it has seen it dropped (TabletReportProcessor.Corrupt.cs).
public sealed class TabletPlacement(ServerRegistry registry, int replicas, ILogger log)
{
    public TabletInfo Place(RsState state, TabletInfo tablet) => Place(state, tablet, NoneExcluded);

    private static bool NoneExcluded(string address, TabletInfo tablet) => false;

    // excluded(address, tablet): that ChunkServer must not be given the tablet now.
    private TabletInfo Place(RsState state, TabletInfo tablet, Func<string, TabletInfo, bool> excluded)
    {
        var placed = tablet.Clone();
        var live = registry.Live(ServerRole.ChunkServer).Select(s => s.Address).ToList();
        var load = Load(state);
        foreach (var address in live.Where(a => !placed.Replicas.Contains(a) && !excluded(a, tablet)).OrderBy(a => load.GetValueOrDefault(a)).ThenBy(a => a, StringComparer.Ordinal))
        {
            if (placed.Replicas.Count(r => live.Contains(r)) >= replicas)
                break;
            placed.Replicas.Add(address);
        }
        return placed;
    }

    // Tablets that need more live replicas, or can drop dead ones, with the placement that fixes them.
    // holds(address, tablet): that ChunkServer reported the tablet's baseline at its version;
    // excluded(address, tablet): it must not be given the tablet now.
    public List<TabletInfo> Repairs(RsState state, Func<string, TabletInfo, bool> holds, Func<string, TabletInfo, bool>? excluded = null)
    {
        excluded ??= NoneExcluded;
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
                AddIfChanged(fixes, tablet, Place(state, candidate, excluded));
                continue;
            }
            var needsReplica = liveReplicas < replicas && liveReplicas < live.Count;
            if (!needsReplica && liveReplicas == tablet.Replicas.Count && liveReplicas <= replicas)
                continue;
            var holders = tablet.Replicas.Count(r => live.Contains(r) && holds(r, tablet));
            if (holders == 0)
                continue;
            if (needsReplica)
            {
                AddIfChanged(fixes, tablet, Place(state, tablet, excluded));
            }
            else if (holders >= replicas)
            {
                var trimmed = tablet.Clone();
                trimmed.Replicas.Clear();
                trimmed.Replicas.AddRange(tablet.Replicas.Where(live.Contains));
                // A balancing move: once every live replica holds the baseline (the new one copied
                // it), the most loaded ones leave.
                if (trimmed.Replicas.Count > replicas && holders == trimmed.Replicas.Count)
                {
                    var load = Load(state);
                    foreach (var drop in trimmed.Replicas.OrderByDescending(r => load.GetValueOrDefault(r)).ThenBy(r => r, StringComparer.Ordinal)
                                 .Take(trimmed.Replicas.Count - replicas).ToList())
                        trimmed.Replicas.Remove(drop);
                }
                AddIfChanged(fixes, tablet, trimmed);
            }
        }
        return fixes;
    }

    // 0.4's RS balancing: while the ChunkServer with the most tablet replicas has 2 or more than the
    // one with the fewest, one tablet moves from the first to the second. A tablet with rows gets the
    // new replica first (it copies the baseline) and Repairs drops the old one once both hold it; an
    // empty tablet just changes hands. Only when nothing else is moving or being repaired, and not
    // during a daily merge (frozen increments not yet released).
    public TabletInfo? Rebalance(RsState state)
    {
        var live = registry.Live(ServerRole.ChunkServer).Select(s => s.Address).ToHashSet(StringComparer.Ordinal);
        if (live.Count < 2 || state.FrozenVersion > state.ReleasedVersion)
            return null;
        var tablets = state.AllTablets.ToList();
        if (tablets.Any(t => t.Replicas.Any(r => !live.Contains(r)) || t.Replicas.Count > replicas || t.Replicas.Count < Math.Min(replicas, live.Count)))
            return null;
        var load = live.ToDictionary(a => a, _ => 0, StringComparer.Ordinal);
        foreach (var r in tablets.SelectMany(t => t.Replicas))
            load[r]++;
        var most = load.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First();
        var least = load.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First();
        if (most.Value - least.Value < 2)
            return null;
        var tablet = tablets.FirstOrDefault(t => t.Replicas.Contains(most.Key) && !t.Replicas.Contains(least.Key));
        if (tablet is null)
            return null;
        var moved = tablet.Clone();
        if (tablet.RowCount == 0)
            moved.Replicas.Remove(most.Key);
        moved.Replicas.Add(least.Key);
        log.LogInformation("balancing: tablet of table {Table} moves from {From} ({FromLoad} replicas) to {To} ({ToLoad})",
            tablet.TableId, most.Key, most.Value, least.Key, least.Value);
        return moved;
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
