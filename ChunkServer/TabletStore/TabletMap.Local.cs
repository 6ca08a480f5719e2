using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

namespace OceanClassic.ChunkServer.TabletStore;

// The ChunkServer's own tablets (loaded from its image, changed by merges) reconciled with what
// the RootServer assigns. Writers serialize on a lock and publish a new snapshot; readers never lock.
// A tablet replaced by a merge stays "retired" for a while, so a read at a version older than
// the new baseline still finds the baseline it needs.
public sealed partial class TabletMap
{
    public static readonly TimeSpan RetireGrace = TimeSpan.FromSeconds(60);

    private readonly Lock _write = new();
    private readonly List<(Tablet Tablet, DateTimeOffset Since)> _retired = [];

    public void Load(IEnumerable<Tablet> tablets)
    {
        lock (_write)
            _snapshot = new Snapshot([.. tablets]);
    }

    // Keeps local tablets that overlap a tablet assigned to this server; adds an empty local tablet
    // for an assigned one this server lacks when its baseline has no rows (a new table, or an empty
    // range: nothing to copy). Returns the removed tablets; changed says whether the set changed.
    public List<Tablet> Reconcile(IEnumerable<TabletInfo> assigned, out bool changed)
    {
        var byTable = assigned.GroupBy(t => t.TableId).ToDictionary(g => g.Key, g => g.ToList());
        NoteCompressors(byTable.Values.SelectMany(l => l));
        lock (_write)
        {
            var current = _snapshot.All;
            var next = new List<Tablet>(current.Length);
            var removed = new List<Tablet>();
            foreach (var t in current)
            {
                if (byTable.TryGetValue(t.TableId, out var list) && list.Any(a => Overlap(a.Range ?? KeyRanges.All, t.Range)))
                    next.Add(t);
                else
                    removed.Add(t);
            }
            var added = 0;
            foreach (var a in byTable.Values.SelectMany(l => l))
            {
                var range = a.Range ?? KeyRanges.All;
                if (a.RowCount == 0 && !next.Any(t => t.TableId == a.TableId && Overlap(t.Range, range)))
                {
                    next.Add(new Tablet(a.TableId, range.Clone(), a.Version, EmptyTabletBaseline.Instance));
                    added++;
                }
            }
            changed = added > 0 || removed.Count > 0;
            if (changed)
                _snapshot = new Snapshot([.. next]);
            foreach (var r in removed)
                _retired.Add((r, DateTimeOffset.UtcNow));
            return removed;
        }
    }

    // Assigned tablets with rows that this server has nothing of: their baselines must be copied
    // from another replica before this one can serve them.
    public List<TabletInfo> Missing(IEnumerable<TabletInfo> assigned)
    {
        var current = _snapshot.All;
        return [.. assigned.Where(a => a.RowCount != 0 && !current.Any(t => t.TableId == a.TableId && Overlap(t.Range, a.Range ?? KeyRanges.All)))];
    }

    // A copied baseline starts being served, unless something overlapping appeared meanwhile.
    public bool AddCopied(Tablet tablet)
    {
        lock (_write)
        {
            var current = _snapshot.All;
            if (current.Any(t => t.TableId == tablet.TableId && Overlap(t.Range, tablet.Range)))
                return false;
            _snapshot = new Snapshot([.. current, tablet]);
            return true;
        }
    }

    // A replica whose baseline is corrupt stops being served (false if it no longer was). It does
    // not join the retired tablets: nothing should read it again.
    public bool Quarantine(Tablet tablet)
    {
        lock (_write)
        {
            var current = _snapshot.All;
            if (Array.IndexOf(current, tablet) < 0)
                return false;
            _snapshot = new Snapshot([.. current.Where(t => !ReferenceEquals(t, tablet))]);
            return true;
        }
    }

    // This exact tablet (table, range, baseline version) with an SSTable, served or still retired.
    public Tablet? FindBaseline(ulong tableId, KeyRange range, ulong version)
    {
        bool Same(Tablet t) => t.TableId == tableId && t.Version == version && t.SSTable is not null && t.Range.Equals(range);
        var served = _snapshot.All.FirstOrDefault(Same);
        if (served is not null)
            return served;
        lock (_write)
            return _retired.Select(r => r.Tablet).FirstOrDefault(Same);
    }

    // A merge finished: its parts replace the tablet (false if the tablet is no longer served).
    public bool Switch(Tablet merged, IReadOnlyList<Tablet> parts)
    {
        lock (_write)
        {
            var current = _snapshot.All;
            var i = Array.IndexOf(current, merged);
            if (i < 0)
                return false;
            var next = new List<Tablet>(current);
            next.RemoveAt(i);
            next.InsertRange(i, parts);
            _snapshot = new Snapshot([.. next]);
            _retired.Add((merged, DateTimeOffset.UtcNow));
            return true;
        }
    }

    // Retired tablets older than the grace: nothing reads them any more (their files can go).
    public List<Tablet> TakeExpiredRetired(DateTimeOffset now)
    {
        lock (_write)
        {
            var expired = _retired.Where(r => now - r.Since >= RetireGrace).Select(r => r.Tablet).ToList();
            _retired.RemoveAll(r => now - r.Since >= RetireGrace);
            return expired;
        }
    }

    // The tablets that together hold range, each with its part of the range, in key order: one
    // tablet usually; several when a merge split the tablet the MergeServer still knows as one.
    // A read older than a tablet's baseline uses the retired baseline it replaced. Else error 6001.
    public List<(Tablet Tablet, KeyRange Part)> Resolve(ulong tableId, KeyRange range, ulong readVersion)
    {
        if (TryFindCovering(tableId, range, out var single))
            return [(ForVersion(single, range, readVersion), range)];
        var parts = new List<(Tablet, KeyRange)>();
        if (_snapshot.ByTable.TryGetValue(tableId, out var tablets))
        {
            foreach (var t in tablets.Where(t => Overlap(t.Range, range)).OrderBy(t => t.Range, StartOrder.Instance))
                parts.Add((ForVersion(t, Intersect(range, t.Range), readVersion), Intersect(range, t.Range)));
        }
        if (parts.Count == 0 || !Contiguous(range, parts))
            throw new RpcException(WireErrorCodes.TabletNotServedHere, $"tablet not served here (table {tableId})");
        return parts;
    }

    private Tablet ForVersion(Tablet tablet, KeyRange part, ulong readVersion)
    {
        if (readVersion == 0 || readVersion >= tablet.Version)
            return tablet;
        lock (_write)
        {
            foreach (var (old, _) in _retired.OrderByDescending(r => r.Tablet.Version))
            {
                if (old.TableId == tablet.TableId && old.Version <= readVersion && KeyRanges.Covers(old.Range, part))
                    return old;
            }
        }
        throw new RpcException(WireErrorCodes.TabletNotServedHere,
            $"read version {readVersion} is older than the baseline version {tablet.Version} of table {tablet.TableId}");
    }

    private static bool Contiguous(KeyRange range, List<(Tablet Tablet, KeyRange Part)> parts)
    {
        var first = parts[0].Tablet.Range;
        var last = parts[^1].Tablet.Range;
        if (!(first.StartIsMin || (!range.StartIsMin && CompareStarts(first, range) <= 0)))
            return false;
        if (!(last.EndIsMax || (!range.EndIsMax && CompareEnds(range, last) <= 0)))
            return false;
        for (var i = 1; i < parts.Count; i++)
        {
            var a = parts[i - 1].Tablet.Range;
            var b = parts[i].Tablet.Range;
            if (a.EndIsMax || b.StartIsMin || !a.End.Span.SequenceEqual(b.Start.Span) || a.EndInclusive == b.StartInclusive)
                return false;
        }
        return true;
    }

    public static bool Overlap(KeyRange a, KeyRange b) => Before(a, b) && Before(b, a);

    // a's start lies before b's end (some key can be in both, as far as these two bounds go).
    private static bool Before(KeyRange a, KeyRange b)
    {
        if (a.StartIsMin || b.EndIsMax)
            return true;
        var c = a.Start.Span.SequenceCompareTo(b.End.Span);
        return c < 0 || (c == 0 && a.StartInclusive && b.EndInclusive);
    }

    // Assumes they overlap: the tighter bound on each side.
    public static KeyRange Intersect(KeyRange a, KeyRange b)
    {
        var r = new KeyRange();
        var startFromA = b.StartIsMin || (!a.StartIsMin && CompareStarts(a, b) >= 0);
        var s = startFromA ? a : b;
        r.StartIsMin = s.StartIsMin;
        r.Start = s.Start;
        r.StartInclusive = s.StartInclusive;
        var endFromA = b.EndIsMax || (!a.EndIsMax && CompareEnds(a, b) <= 0);
        var e = endFromA ? a : b;
        r.EndIsMax = e.EndIsMax;
        r.End = e.End;
        r.EndInclusive = e.EndInclusive;
        return r;
    }

    private static int CompareStarts(KeyRange a, KeyRange b)
    {
        var c = a.Start.Span.SequenceCompareTo(b.Start.Span);
        return c != 0 ? c : (a.StartInclusive ? 0 : 1) - (b.StartInclusive ? 0 : 1);
    }

    private static int CompareEnds(KeyRange a, KeyRange b)
    {
        var c = a.End.Span.SequenceCompareTo(b.End.Span);
        return c != 0 ? c : (a.EndInclusive ? 1 : 0) - (b.EndInclusive ? 1 : 0);
    }

    private sealed class StartOrder : IComparer<KeyRange>
    {
        public static readonly StartOrder Instance = new();

        public int Compare(KeyRange? x, KeyRange? y)
        {
            if (x!.StartIsMin || y!.StartIsMin)
                return (x.StartIsMin ? 0 : 1) - (y!.StartIsMin ? 0 : 1);
            return CompareStarts(x, y);
        }
    }
}
