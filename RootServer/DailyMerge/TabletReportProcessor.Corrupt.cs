using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.DailyMerge;

// Corrupt replicas, driven by the RootServer. A ChunkServer whose baseline of a tablet failed a check
// (a block CRC, in a scan, a get or a merge) stops serving it and lists it in its reports
// (report.corrupt) until the RootServer's assignment no longer gives it the tablet. The RootServer
// then marks the replica bad: it drops it from the root table (a SetTablet without it, if another
// replica remains) and raises an alarm, shown in __all_tablet.corrupt_replicas and
// __all_server.corrupt_replicas. Repair (TabletPlacement) adds a replica back — on any live
// ChunkServer, the same one only once its report no longer lists the tablet as corrupt (it saw the
// drop) — and the new replica copies the baseline from a healthy one. The alarm clears when every
// root-table tablet over the corrupt range again has as many replicas holding it as it had before.
// Alarms live in memory: a RootServer that takes over does not know the ones raised before.
public sealed partial class TabletReportProcessor
{
    // address -> the corrupt replicas it reports (it has not seen them dropped yet).
    private readonly Dictionary<string, List<TabletInfo>> _corruptReported = new(StringComparer.Ordinal);
    // address -> alarms: a dropped corrupt replica and how many holders its tablet had before.
    private readonly Dictionary<string, List<(TabletInfo Tablet, int Replicas)>> _corruptAlarms = new(StringComparer.Ordinal);

    // Replicas of this root-table tablet that were dropped as corrupt and are not yet replaced.
    public List<string> CorruptReplicasOf(TabletInfo tablet)
    {
        lock (_lock)
        {
            return [.. _corruptAlarms.Where(kv => kv.Value.Any(a => Covers(a.Tablet, tablet)))
                .Select(kv => kv.Key).Order(StringComparer.Ordinal)];
        }
    }

    // The open corrupt-replica alarms of one ChunkServer.
    public int CorruptReplicaCount(string address)
    {
        lock (_lock)
            return _corruptAlarms.TryGetValue(address, out var alarms) ? alarms.Count : 0;
    }

    // Whether this ChunkServer still reports its replica of (part of) the tablet corrupt: it must not
    // be given the tablet again before it has seen it dropped.
    public bool ReportsCorrupt(string address, TabletInfo tablet)
    {
        lock (_lock)
            return _corruptReported.TryGetValue(address, out var reported) && reported.Any(c => Covers(c, tablet));
    }

    // The root-table changes that drop the replicas this report names corrupt.
    private List<RsLogEntry> DropCorrupt(RsState state, TabletReportRequest report)
    {
        var entries = new List<RsLogEntry>();
        lock (_lock)
        {
            if (report.Corrupt.Count == 0)
                _corruptReported.Remove(report.Address);
            else
                _corruptReported[report.Address] = [.. report.Corrupt.Select(c => c.Tablet)];
            var dropped = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in report.Corrupt)
            {
                foreach (var t in state.TabletsOf(c.Tablet.TableId))
                {
                    if (!Covers(c.Tablet, t) || !t.Replicas.Contains(report.Address) || t.Replicas.Count < 2 || !dropped.Add(t.IdentityKey))
                        continue;
                    var without = t.Clone();
                    without.Replicas.Remove(report.Address);
                    entries.Add(new RsLogEntry { SetTablet = without });
                    if (!_corruptAlarms.TryGetValue(report.Address, out var alarms))
                        _corruptAlarms[report.Address] = alarms = [];
                    alarms.Add((t.Clone(), t.Replicas.Count));
                    RaiseLocked($"ALARM corrupt tablet replica: {report.Address} table {t.TableId} tablet {Ranges.Render(t.Range)} " +
                        $"version {c.Tablet.Version}: {c.Error}; dropped from the root table, to be copied again from a healthy replica");
                }
            }
        }
        return entries;
    }

    // Clears the alarms whose tablets again have as many replicas holding them as before.
    private void ResolveCorrupt(RsState state)
    {
        lock (_lock)
        {
            foreach (var (address, alarms) in _corruptAlarms.ToList())
            {
                alarms.RemoveAll(a =>
                {
                    var tablets = state.TabletsOf(a.Tablet.TableId).Where(t => Covers(a.Tablet, t)).ToList();
                    if (tablets.Count == 0 || !tablets.All(t => t.Replicas.Count(r => HoldsLocked(r, t)) >= a.Replicas))
                        return false;
                    log.LogWarning("corrupt tablet replica of {Address}, table {Table} tablet {Range}, is replaced: {Replicas}",
                        address, a.Tablet.TableId, Ranges.Render(a.Tablet.Range), string.Join(",", tablets.SelectMany(t => t.Replicas).Distinct()));
                    return true;
                });
                if (alarms.Count == 0)
                    _corruptAlarms.Remove(address);
            }
        }
    }

    private bool HoldsLocked(string address, TabletInfo tablet) =>
        _reports.TryGetValue(address, out var local)
        && local.Any(l => l.TableId == tablet.TableId && l.Version >= tablet.Version && Ranges.Overlap(l.Range, tablet.Range));

    private static bool Covers(TabletInfo a, TabletInfo b) => a.TableId == b.TableId && Ranges.Overlap(a.Range, b.Range);
}
