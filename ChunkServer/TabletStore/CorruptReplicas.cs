using Microsoft.Extensions.Logging;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// Tablet replicas whose baseline failed a check (a block's CRC, the index, the trailer) while a read
// or a merge used it. Reporting one takes the tablet out of the served set at once (later reads get
// 6001 and go to another replica) and queues it for the merge loop, which saves the tablet image
// without it, moves its file to <data_dir>/corrupt, closes it once no read can still be using it, and
// tells the RootServer (TabletReportRequest.corrupt), which drops the replica from the root table,
// raises an alarm and has the tablet copied again. The replica stays in the reports, and is not
// copied again here, until a heartbeat's assignment no longer gives this server the tablet (the
// RootServer dropped it); the RootServer may then give it back, and it is copied like any new one.
// Only a tablet that the RootServer's last assignment also gives to another ChunkServer is taken out
// of service: the only replica keeps serving its other blocks (the read still fails with 6003).
public sealed class CorruptReplicas(TabletMap tablets, string self, ILogger log)
{
    private readonly Lock _lock = new();
    private volatile IReadOnlyList<TabletInfo> _assigned = [];
    private readonly List<(Tablet Tablet, string Error)> _pending = [];
    private readonly List<(Tablet Tablet, DateTimeOffset Since)> _closing = [];
    private readonly List<CorruptReplicaReport> _reported = [];

    // The tablets the RootServer assigned here, with all their replicas (from the last heartbeat).
    // True when a reported corrupt replica is no longer assigned: the RootServer dropped it, and the
    // next report no longer names it.
    public bool OnAssigned(IReadOnlyList<TabletInfo> assigned)
    {
        _assigned = assigned;
        lock (_lock)
            return _reported.RemoveAll(r => !assigned.Any(a => Overlaps(a, r.Tablet))) > 0;
    }

    // Whether this assigned tablet is a corrupt replica the RootServer has not dropped yet: it is not
    // copied again until the RootServer gives it back.
    public bool AwaitsDrop(TabletInfo assigned)
    {
        lock (_lock)
            return _reported.Any(r => Overlaps(assigned, r.Tablet)) || _pending.Any(p => Overlaps(assigned, p.Tablet.ToInfo()));
    }

    private static bool Overlaps(TabletInfo a, TabletInfo b) =>
        a.TableId == b.TableId && TabletMap.Overlap(a.Range ?? KeyRanges.All, b.Range ?? KeyRanges.All);

    // True when this call took the tablet out of service (the first report of it).
    public bool Report(Tablet tablet, SSTableCorruptException error)
    {
        if (!HasOtherReplica(tablet))
        {
            log.LogError("ALARM corrupt tablet replica: table {Table} version {Version} ({File}): {Error}; no other replica holds it, so it stays served",
                tablet.TableId, tablet.Version, tablet.SSTable, error.Message);
            return false;
        }
        if (!tablets.Quarantine(tablet))
            return false;
        log.LogError("ALARM corrupt tablet replica: table {Table} version {Version} ({File}): {Error}; it is no longer served here and will be copied again from a healthy replica",
            tablet.TableId, tablet.Version, tablet.SSTable, error.Message);
        lock (_lock)
            _pending.Add((tablet, error.Message));
        return true;
    }

    private bool HasOtherReplica(Tablet tablet) =>
        _assigned.Any(a => a.TableId == tablet.TableId && TabletMap.Overlap(a.Range ?? KeyRanges.All, tablet.Range) && a.Replicas.Any(r => r != self));

    // Replicas quarantined since the last call (the caller saves the image, then moves their files).
    public List<Tablet> TakePending()
    {
        lock (_lock)
        {
            var taken = _pending.Select(p => p.Tablet).ToList();
            foreach (var (tablet, error) in _pending)
            {
                _reported.Add(new CorruptReplicaReport { Tablet = tablet.ToInfo(), Error = error });
                _closing.Add((tablet, DateTimeOffset.UtcNow));
            }
            _pending.Clear();
            return taken;
        }
    }

    // The corrupt replicas the RootServer has not dropped yet, for its report.
    public List<CorruptReplicaReport> Reported
    {
        get
        {
            lock (_lock)
                return [.. _reported.Select(t => t.Clone())];
        }
    }

    // Quarantined baselines that reads may still have been using are closed after the grace.
    public List<Tablet> TakeExpired(DateTimeOffset now)
    {
        lock (_lock)
        {
            var expired = _closing.Where(c => now - c.Since >= TabletMap.RetireGrace).Select(c => c.Tablet).ToList();
            _closing.RemoveAll(c => now - c.Since >= TabletMap.RetireGrace);
            return expired;
        }
    }
}
