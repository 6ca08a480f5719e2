using System.Runtime.InteropServices;

namespace OceanClassic.UpdateServer.Engine;

// The newest version applied to each table and when (the increment leases' clock), kept under the
// engine's apply lock. A table not written since the engine opened reports Floor: the newest version of
// the dump it was loaded from (none of that table's increments in it is newer).
internal sealed class TableWriteMarks
{
    private readonly Dictionary<ulong, (ulong Version, long At)> _marks = [];

    public ulong Floor { get; set; }

    public void Mark(ulong tableId, ulong version, long at)
    {
        ref var mark = ref CollectionsMarshal.GetValueRefOrAddDefault(_marks, tableId, out _);
        if (version >= mark.Version)
            mark = (version, at);
    }

    // (newest version, when; 0 = not written since the engine opened)
    public (ulong Version, long At) Of(ulong tableId) =>
        _marks.TryGetValue(tableId, out var mark) ? (Math.Max(mark.Version, Floor), mark.At) : (Floor, 0);
}
