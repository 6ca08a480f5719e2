using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.Scan;

// The increment leases this ChunkServer holds (the UpdateServer master's side, with the safety rule, is
// UpdateServer/Leases/IncrementLeases.cs). A lease on a table says: while it runs, no increment of the
// table newer than MaxVersion becomes visible. A tablet whose baseline version is at least MaxVersion then
// reads the same at every read version from it on as its baseline alone, and is served without an
// UpdateServer call (TabletScanService).
//
// Holder rules. A lease runs from before the request that asked for it was sent (not from its answer),
// less a margin. A revocation (CsRevokeIncrementLease, before the master acknowledges a write to the
// table) ends it at once and is answered only after that; a lease whose answer was on its way while a
// revocation of the same table arrived is not installed (each revocation bumps the table's count, which
// the asking request noted before it was sent). A change of UpdateServer master drops every lease.
public sealed class IncrementLeaseCache(TimeProvider? clock = null)
{
    // A refused table (written lately) is asked again after this.
    private static readonly TimeSpan RefusalBackoff = TimeSpan.FromMilliseconds(200);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, TableLeases> _tables = [];

    public readonly record struct Lease(ulong MaxVersion, ulong CommittedVersion);

    private long _served;

    // Reads served under a lease (obadmin status: increment_lease_reads).
    public long Served => Interlocked.Read(ref _served);

    public void CountServed() => Interlocked.Increment(ref _served);

    public long Now => _clock.GetTimestamp();

    // The table's lease, if one runs now.
    public bool TryGet(ulong tableId, out Lease lease)
    {
        var now = _clock.GetTimestamp();
        lock (_lock)
        {
            if (_tables.TryGetValue(tableId, out var t) && t.Expires > now)
            {
                lease = t.Lease;
                return true;
            }
        }
        lease = default;
        return false;
    }

    // Whether a request about to go to the UPS should ask for a lease on the table: none runs, or less than
    // half of it is left, no other request is asking, and the UPS did not refuse one lately. `revocations`
    // is what Complete checks.
    public bool TryBeginAsking(ulong tableId, out long revocations)
    {
        var now = _clock.GetTimestamp();
        lock (_lock)
        {
            if (!_tables.TryGetValue(tableId, out var t))
            {
                t = new TableLeases();
                _tables[tableId] = t;
            }
            revocations = t.Revocations;
            if (t.Asking || now < t.RefusedUntil || (t.Expires > now && t.Expires - now > t.Length / 2))
                return false;
            t.Asking = true;
            return true;
        }
    }

    // The answer to a request that asked (null: it failed). sentAt: the clock before it was sent.
    public void Complete(ulong tableId, long revocations, long sentAt, ScanIncrementResponse? response)
    {
        var now = _clock.GetTimestamp();
        lock (_lock)
        {
            var t = _tables[tableId];
            t.Asking = false;
            if (response is null)
                return;
            if (response.LeaseMs == 0)
            {
                t.RefusedUntil = now + Ticks(RefusalBackoff);
                return;
            }
            if (t.Revocations != revocations)
                return; // revoked while the answer was on its way: the grant may predate a write
            var length = TimeSpan.FromMilliseconds(response.LeaseMs);
            var margin = TimeSpan.FromMilliseconds(Math.Max(10, response.LeaseMs / 10));
            t.Lease = new Lease(response.LeaseMaxVersion, response.LeaseCommittedVersion);
            t.Length = Ticks(length);
            t.Expires = sentAt + Ticks(length - margin);
        }
    }

    public void Revoke(ulong tableId)
    {
        lock (_lock)
        {
            if (!_tables.TryGetValue(tableId, out var t))
            {
                t = new TableLeases();
                _tables[tableId] = t;
            }
            t.Revocations++;
            t.Expires = 0;
        }
    }

    // Another UpdateServer master: its predecessor's leases end here (they would end before it commits anyway).
    public void RevokeAll()
    {
        lock (_lock)
        {
            foreach (var t in _tables.Values)
            {
                t.Revocations++;
                t.Expires = 0;
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _clock.TimestampFrequency);

    private sealed class TableLeases
    {
        public Lease Lease;
        public long Expires;
        public long Length;
        public long Revocations;
        public long RefusedUntil;
        public bool Asking;
    }
}
