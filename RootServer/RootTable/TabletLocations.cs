using OceanClassic.Common.Protos;

namespace OceanClassic.RootServer.RootTable;

// The root table: every table's tablets in key order, each with its range, baseline version and
// replicas (what __all_tablet shows). Version counts every change, so MergeServers can tell their
// cached locations are stale. Only the RootServer's state machine (Schema/RsState.cs) changes it,
// by applying log entries, so a restarted or backup RootServer rebuilds the same table.
public sealed class TabletLocations
{
    private readonly Dictionary<ulong, List<TabletInfo>> _tablets = [];

    public ulong Version { get; private set; } = 1;

    public IReadOnlyList<TabletInfo> TabletsOf(ulong tableId) =>
        _tablets.TryGetValue(tableId, out var list) ? list : [];

    public IEnumerable<TabletInfo> All => _tablets.Values.SelectMany(l => l);

    // A new table starts as one tablet over the whole key range at `version` with an empty baseline.
    public void AddTable(ulong tableId, ulong version)
    {
        _tablets[tableId] =
        [
            new TabletInfo
            {
                TableId = tableId,
                Range = new KeyRange { StartIsMin = true, EndIsMax = true },
                Version = version,
            },
        ];
        Version++;
    }

    public void RemoveTable(ulong tableId)
    {
        _tablets.Remove(tableId);
        Version++;
    }

    // A table's definition changed (ALTER / RENAME): its tablets stay, readers refresh their locations.
    public void TableChanged() => Version++;

    // The tablet with the same range is replaced, or the tablet added; a table not here is ignored.
    public void Set(TabletInfo tablet)
    {
        if (!_tablets.TryGetValue(tablet.TableId, out var list))
            return;
        var i = list.FindIndex(t => t.Range.Equals(tablet.Range));
        if (i >= 0)
            list[i] = tablet;
        else
            list.Add(tablet);
        Version++;
    }

    // The parts take the parent's place in the list (which stays in key order).
    public void Split(TabletSplit split)
    {
        if (!_tablets.TryGetValue(split.Parent.TableId, out var list))
            return;
        var i = list.FindIndex(t => t.Range.Equals(split.Parent.Range));
        if (i < 0)
            return;
        list.RemoveAt(i);
        list.InsertRange(i, split.Parts);
        Version++;
    }

    // From a checkpoint: the tables it defines (each with an empty list), then its tablets in order.
    public static TabletLocations FromCheckpoint(IEnumerable<ulong> tableIds, IEnumerable<TabletInfo> tablets)
    {
        var locations = new TabletLocations();
        foreach (var id in tableIds)
            locations._tablets[id] = [];
        foreach (var tablet in tablets)
        {
            if (locations._tablets.TryGetValue(tablet.TableId, out var list))
                list.Add(tablet);
        }
        return locations;
    }
}
