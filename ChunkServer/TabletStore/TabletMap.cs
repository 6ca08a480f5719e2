using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// The tablets this ChunkServer serves, as the RootServer last said in a heartbeat reply. Replaced
// whole on every reply; readers see one consistent snapshot without locks. A tablet whose table,
// range and version are unchanged keeps its baseline object across replacements.
public sealed partial class TabletMap
{
    private volatile Snapshot _snapshot = new([]);
    private volatile FrozenDictionary<ulong, SSTableCompressor> _compressors = FrozenDictionary<ulong, SSTableCompressor>.Empty;

    public int Count => _snapshot.All.Length;

    public IReadOnlyList<Tablet> All => _snapshot.All;

    public void Replace(IEnumerable<TabletInfo> assigned)
    {
        var infos = assigned as IReadOnlyCollection<TabletInfo> ?? [.. assigned];
        var old = _snapshot.All.ToDictionary(t => (t.TableId, t.Range, t.Version));
        var next = new List<Tablet>();
        foreach (var info in infos)
        {
            var range = info.Range ?? KeyRanges.All;
            next.Add(old.TryGetValue((info.TableId, range, info.Version), out var same)
                ? same
                : new Tablet(info.TableId, range.Clone(), info.Version, EmptyTabletBaseline.Instance));
        }
        _snapshot = new Snapshot([.. next]);
        NoteCompressors(infos);
    }

    // The RootServer names a table's COMPRESSION= in each assigned tablet of it.
    private void NoteCompressors(IEnumerable<TabletInfo> assigned) =>
        _compressors = assigned.Where(i => i.CompressMethod.Length > 0)
            .Select(i => (i.TableId, Ok: SSTableCompressorNames.TryParse(i.CompressMethod, out var c), c))
            .Where(x => x.Ok)
            .DistinctBy(x => x.TableId)
            .ToFrozenDictionary(x => x.TableId, x => x.c);

    // The compress_method the RootServer names for a table (its COMPRESSION=), if any.
    public SSTableCompressor? CompressorOf(ulong tableId) =>
        _compressors.TryGetValue(tableId, out var c) ? c : null;

    public bool TryFind(ulong tableId, ReadOnlySpan<byte> key, [NotNullWhen(true)] out Tablet? tablet)
    {
        tablet = null;
        if (!_snapshot.ByTable.TryGetValue(tableId, out var tablets))
            return false;
        foreach (var t in tablets)
        {
            if (KeyRanges.Contains(t.Range, key))
            {
                tablet = t;
                return true;
            }
        }
        return false;
    }

    public bool TryFindCovering(ulong tableId, KeyRange range, [NotNullWhen(true)] out Tablet? tablet)
    {
        tablet = null;
        if (!_snapshot.ByTable.TryGetValue(tableId, out var tablets))
            return false;
        foreach (var t in tablets)
        {
            if (KeyRanges.Covers(t.Range, range))
            {
                tablet = t;
                return true;
            }
        }
        return false;
    }

    // The tablet holding all of range, else error 6001 so the MergeServer refreshes its locations.
    public Tablet GetCovering(ulong tableId, KeyRange range) =>
        TryFindCovering(tableId, range, out var tablet)
            ? tablet
            : throw new RpcException(WireErrorCodes.TabletNotServedHere, $"tablet not served here (table {tableId})");

    private sealed class Snapshot
    {
        public Snapshot(Tablet[] all)
        {
            All = all;
            ByTable = all.GroupBy(t => t.TableId).ToFrozenDictionary(g => g.Key, g => g.ToArray());
        }

        public Tablet[] All { get; }
        public FrozenDictionary<ulong, Tablet[]> ByTable { get; }
    }
}
