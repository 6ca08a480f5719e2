using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.DailyMerge;

// Folds ChunkServer tablet reports into the root table. A replica that merged a tablet to a newer
// version updates its row (version, row count, size, checksum); one whose merge split the tablet
// replaces it with the parts once its report holds parts that partition the parent exactly.
// Splits are deterministic (same rows, same tablet_max_size / block size / compressor give the same
// cut keys), so every replica splits the same way; a replica that did not is an alarm, as is a
// checksum that differs between replicas of one tablet version. A replica whose baseline failed a
// check on its ChunkServer is dropped and replaced (TabletReportProcessor.Corrupt.cs).
public sealed partial class TabletReportProcessor(ILogger log)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<TabletInfo>> _reports = new(StringComparer.Ordinal);
    // (table, range, version) -> replica address -> checksum.
    private readonly Dictionary<string, Dictionary<string, ulong>> _checksums = new(StringComparer.Ordinal);
    private readonly List<string> _alarms = [];
    private readonly HashSet<string> _raised = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Alarms
    {
        get
        {
            lock (_lock)
                return [.. _alarms];
        }
    }

    // The root-table changes this report implies (the caller logs and applies them).
    public List<RsLogEntry> Process(RsState state, TabletReportRequest report)
    {
        lock (_lock)
        {
            _reports[report.Address] = [.. report.Tablets];
            foreach (var t in report.Tablets)
                CompareChecksum(report.Address, t);
        }
        var entries = DropCorrupt(state, report);
        foreach (var group in report.Tablets.GroupBy(t => t.TableId))
        {
            var root = state.TabletsOf(group.Key);
            foreach (var parent in root)
            {
                if (!parent.Replicas.Contains(report.Address))
                    continue;
                var inside = group.Where(t => t.Version > parent.Version && Ranges.Covers(parent.Range, t.Range))
                    .OrderBy(t => t.Range, Ranges.StartComparer).ToList();
                if (inside.Count == 0)
                    continue;
                if (inside.Count == 1 && inside[0].Range.Equals(parent.Range))
                {
                    entries.Add(new RsLogEntry { SetTablet = Stamp(parent, inside[0]) });
                }
                else if (Ranges.Partition(parent.Range, inside.Select(t => t.Range).ToList()))
                {
                    var split = new TabletSplit { Parent = parent.Clone() };
                    split.Parts.AddRange(inside.Select(t => Stamp(parent, t)));
                    entries.Add(new RsLogEntry { SplitTablet = split });
                    log.LogInformation("tablet of table {Table} split into {Parts} at version {Version} (reported by {Address})",
                        parent.TableId, split.Parts.Count, inside[0].Version, report.Address);
                }
            }
            // A replica at the root table's version must have the same boundaries.
            foreach (var t in group)
            {
                var overlapping = root.Where(r => Ranges.Overlap(r.Range, t.Range)).ToList();
                if (overlapping.Count > 0 && overlapping.All(r => r.Version == t.Version)
                    && !(overlapping.Count == 1 && overlapping[0].Range.Equals(t.Range)))
                {
                    Raise($"ALARM tablet boundaries differ: {report.Address} serves table {t.TableId} {Ranges.Render(t.Range)} at version {t.Version}, " +
                        $"the root table has {overlapping.Count} tablet(s) there");
                }
            }
        }
        ResolveCorrupt(state);
        return entries;
    }

    // Every replica of every tablet has reported a baseline at least `version` over its range.
    public bool AllReplicasAt(RsState state, ulong version)
    {
        lock (_lock)
        {
            foreach (var tablet in state.AllTablets)
            {
                if (tablet.Version < version)
                    return false;
                foreach (var replica in tablet.Replicas)
                {
                    if (!_reports.TryGetValue(replica, out var local))
                        return false;
                    var covering = local.Where(l => l.TableId == tablet.TableId && Ranges.Overlap(l.Range, tablet.Range)).ToList();
                    if (covering.Count == 0 || covering.Any(l => l.Version < version))
                        return false;
                }
            }
            return true;
        }
    }

    public IReadOnlyList<TabletInfo> ReportOf(string address)
    {
        lock (_lock)
            return _reports.TryGetValue(address, out var list) ? [.. list] : [];
    }

    private static TabletInfo Stamp(TabletInfo parent, TabletInfo reported)
    {
        var t = reported.Clone();
        t.Replicas.Clear();
        t.Replicas.AddRange(parent.Replicas);
        return t;
    }

    private void CompareChecksum(string address, TabletInfo t)
    {
        var key = t.IdentityKey;
        if (!_checksums.TryGetValue(key, out var byReplica))
            _checksums[key] = byReplica = new Dictionary<string, ulong>(StringComparer.Ordinal);
        byReplica[address] = t.Checksum;
        if (byReplica.Values.Distinct().Count() > 1)
        {
            Raise($"ALARM checksum mismatch: table {t.TableId} tablet {Ranges.Render(t.Range)} version {t.Version}: " +
                string.Join(", ", byReplica.Select(kv => $"{kv.Key}={kv.Value:x16}")));
        }
    }

    private void Raise(string alarm)
    {
        lock (_lock)
            RaiseLocked(alarm);
    }

    private void RaiseLocked(string alarm)
    {
        if (!_raised.Add(alarm))
            return;
        _alarms.Add(alarm);
        if (_alarms.Count > 100)
            _alarms.RemoveAt(0);
        log.LogError("{Alarm}", alarm);
    }
}
