namespace OceanClassic.UpdateServer.Leases;

// Increment leases (issue 21): the master's promise to a ChunkServer that no increment of a table newer
// than the lease's max version becomes visible while the lease runs, so a read of that table's merged,
// unchanged data needs no UpdateServer call (ChunkServer IncrementLeaseCache).
//
// Why it is safe.
// 1. A lease is granted under the engine's apply lock, with the table's newest applied version (committed
//    or still on its way to disk: TableWriteMarks) as its max version. Every write checks, under the same
//    lock and before it takes its commit version, that no lease on its tables is live here (Clear); if one
//    is, it leaves the lock, revokes (RevokeAsync) and checks again. So a write newer than a lease's max
//    version gets its version, and becomes visible, only after the lease is revoked or over.
// 2. Revoked means the holder answered CsRevokeIncrementLease (it no longer serves from the lease), or the
//    lease ran out on this side. This side counts from when it granted, the holder from before it sent
//    the request, both on monotonic clocks: the holder's lease ends first. A holder that never answers is
//    waited out.
// 3. A lease is never longer than what is left of the master's own lease (masterLeaseLeft), itself
//    shorter than the RootServer's count: a new master, elected after that, cannot commit under an old
//    master's grant. A process that starts treats every table as leased for one lease time (a previous
//    run at the same address may have granted leases this one knows nothing of).
// 4. A table written (or revoked for a write) within the last lease time gets no lease: hot tables simply
//    stop getting them, and a writer is not starved by re-grants between its revocation and its write.
public sealed class IncrementLeases
{
    // Leases shorter than this are not worth granting (what is left of the master lease is short).
    private static readonly TimeSpan MinimumLease = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _clock;
    private readonly Func<string, ulong, TimeSpan, CancellationToken, Task> _revoke;
    private readonly Func<TimeSpan> _masterLeaseLeft;
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, List<Holder>> _byTable = [];
    private readonly Dictionary<ulong, long> _revokedAt = [];
    private readonly long _quarantineUntil;
    private volatile int _leasedTables;
    private volatile bool _quarantineOver;

    // revoke(holder, tableId, timeout, ct): the CsRevokeIncrementLease call to a holder.
    public IncrementLeases(TimeSpan leaseTime, Func<string, ulong, TimeSpan, CancellationToken, Task> revoke, Func<TimeSpan> masterLeaseLeft,
        TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        LeaseTime = leaseTime;
        _revoke = revoke;
        _masterLeaseLeft = masterLeaseLeft;
        _quarantineUntil = _clock.GetTimestamp() + Ticks(leaseTime);
    }

    public TimeSpan LeaseTime { get; }

    public long Now => _clock.GetTimestamp();

    public long Granted { get; private set; }

    public long Revocations { get; private set; }

    // False when no lease can be live (a write need not look at its tables): the common case of a write-heavy load.
    public bool MayBlockWrites => _leasedTables > 0 || (!_quarantineOver && InQuarantine());

    private bool InQuarantine()
    {
        if (_clock.GetTimestamp() < _quarantineUntil)
            return true;
        _quarantineOver = true;
        return false;
    }

    // Under the engine's apply lock. lastWrite: the clock timestamp of the table's last applied write (0: none
    // since this process started). Returns the lease's length, or zero when refused.
    public TimeSpan TryGrant(ulong tableId, string holder, long lastWrite)
    {
        if (LeaseTime <= TimeSpan.Zero || holder.Length == 0)
            return TimeSpan.Zero;
        var now = _clock.GetTimestamp();
        var cool = Ticks(LeaseTime);
        if (now < _quarantineUntil || (lastWrite != 0 && now - lastWrite < cool))
            return TimeSpan.Zero;
        var length = LeaseTime;
        var left = _masterLeaseLeft();
        if (left < length)
            length = left;
        if (length < MinimumLease)
            return TimeSpan.Zero;
        lock (_lock)
        {
            if (_revokedAt.TryGetValue(tableId, out var revoked) && now - revoked < cool)
                return TimeSpan.Zero;
            if (!_byTable.TryGetValue(tableId, out var holders))
            {
                holders = [];
                _byTable[tableId] = holders;
                _leasedTables = _byTable.Count;
            }
            var expires = now + Ticks(length);
            var existing = holders.FindIndex(h => h.Address == holder && h.Revoking is null);
            if (existing >= 0)
                holders[existing] = new Holder(holder, Math.Max(expires, holders[existing].Expires));
            else
                holders.Add(new Holder(holder, expires));
            Granted++;
        }
        return length;
    }

    // Under the engine's apply lock: no lease on the table is live here, so a write to it may take its version.
    public bool Clear(ulong tableId)
    {
        var now = _clock.GetTimestamp();
        if (now < _quarantineUntil)
            return false;
        lock (_lock)
        {
            if (!_byTable.TryGetValue(tableId, out var holders))
                return true;
            holders.RemoveAll(h => h.Expires <= now);
            if (holders.Count > 0)
                return false;
            _byTable.Remove(tableId);
            _leasedTables = _byTable.Count;
            return true;
        }
    }

    // Outside the apply lock, before a write to `tableIds`: ends every lease on them (each holder told, or
    // waited out), and marks them written so that no new lease is granted meanwhile.
    public async Task RevokeAsync(IEnumerable<ulong> tableIds, CancellationToken ct)
    {
        var waits = new List<Task>();
        long quarantineLeft;
        lock (_lock)
        {
            var now = _clock.GetTimestamp();
            quarantineLeft = _quarantineUntil - now;
            foreach (var tableId in tableIds)
            {
                _revokedAt[tableId] = now;
                if (!_byTable.TryGetValue(tableId, out var holders))
                    continue;
                for (var i = 0; i < holders.Count; i++)
                {
                    var h = holders[i];
                    if (h.Expires <= now)
                        continue;
                    if (h.Revoking is null)
                    {
                        h = h with { Revoking = EndAsync(tableId, h, h.Expires - now) };
                        holders[i] = h;
                        Revocations++;
                    }
                    waits.Add(h.Revoking!);
                }
            }
        }
        if (quarantineLeft > 0)
            waits.Add(Task.Delay(TimeSpan.FromSeconds((double)quarantineLeft / _clock.TimestampFrequency), _clock, ct));
        await Task.WhenAll(waits).WaitAsync(ct).ConfigureAwait(false);
    }

    // Tells the holder; when it does not answer in time the lease is waited out. Either way it is then over.
    private async Task EndAsync(ulong tableId, Holder holder, long ticksLeft)
    {
        await Task.Yield(); // the caller holds _lock and walks the holders
        var left = TimeSpan.FromSeconds((double)ticksLeft / _clock.TimestampFrequency);
        try
        {
            using var timeout = new CancellationTokenSource(left, _clock);
            await _revoke(holder.Address, tableId, left, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Unreachable, slow or refusing: the lease ends when it runs out.
            var rest = holder.Expires - _clock.GetTimestamp();
            if (rest > 0)
                await Task.Delay(TimeSpan.FromSeconds((double)rest / _clock.TimestampFrequency), _clock).ConfigureAwait(false);
        }
        lock (_lock)
        {
            if (_byTable.TryGetValue(tableId, out var holders))
            {
                holders.RemoveAll(h => h.Address == holder.Address && h.Expires == holder.Expires);
                if (holders.Count == 0)
                {
                    _byTable.Remove(tableId);
                    _leasedTables = _byTable.Count;
                }
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _clock.TimestampFrequency);

    private sealed record Holder(string Address, long Expires)
    {
        public Task? Revoking { get; init; }
    }
}
