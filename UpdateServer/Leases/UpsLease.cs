using System.Diagnostics.CodeAnalysis;
using OceanClassic.Common.Config;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Leases;

// The master lease as this UPS sees it. The RS counts the lease from when it received the
// heartbeat that renewed it; the UPS counts from when it SENT it (on its monotonic clock) and stops
// a margin early (UpsLeaseTimes.MasterMargin): it never writes after the RS may have elected
// someone else, a process paused past its lease included (every write checks CanWrite under the
// engine's apply lock). A planned switch fences writes while the lease is still held.
public sealed class UpsLease(TimeProvider? clock = null) : IWriteGate
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private bool _master;
    private long _expires;       // clock timestamp
    private long _fencedUntil;   // clock timestamp; 0 = not fenced

    public long Now => _clock.GetTimestamp();

    public TimeSpan ElapsedSince(long timestamp) => _clock.GetElapsedTime(timestamp);

    public bool IsMaster
    {
        get { lock (_lock) return _master; }
    }

    // Master with an unexpired lease (it may still be fenced by a switch).
    public bool HoldsLease
    {
        get { lock (_lock) return _master && _clock.GetTimestamp() < _expires; }
    }

    public bool CanWrite
    {
        get
        {
            lock (_lock)
            {
                var now = _clock.GetTimestamp();
                return _master && now < _expires && (_fencedUntil == 0 || now >= _fencedUntil);
            }
        }
    }

    // How long this master may still write (zero when it may not now): the bound of an increment lease.
    public TimeSpan WriteTimeLeft
    {
        get
        {
            lock (_lock)
            {
                var now = _clock.GetTimestamp();
                if (!_master || now >= _expires || (_fencedUntil != 0 && now < _fencedUntil))
                    return TimeSpan.Zero;
                return _clock.GetElapsedTime(now, _expires);
            }
        }
    }

    // Wall-clock time the lease runs out, for __all_ups_stat (null when not master).
    public DateTimeOffset? ExpiresUtc
    {
        get
        {
            lock (_lock)
            {
                if (!_master)
                    return null;
                return _clock.GetUtcNow() + _clock.GetElapsedTime(_clock.GetTimestamp(), _expires);
            }
        }
    }

    // A heartbeat sent at `sentAt` came back with you_are_ups_master and this lease.
    public void Grant(long sentAt, TimeSpan lease)
    {
        var ticks = (long)((lease - UpsLeaseTimes.MasterMargin(lease)).TotalSeconds * _clock.TimestampFrequency);
        lock (_lock)
        {
            _master = true;
            _expires = Math.Max(_expires, sentAt + ticks);
        }
    }

    public void Revoke()
    {
        lock (_lock)
        {
            _master = false;
            _expires = 0;
            _fencedUntil = 0;
        }
    }

    // A planned switch: no new writes for `duration` (or until the role changes).
    public void Fence(TimeSpan duration)
    {
        lock (_lock)
            _fencedUntil = _clock.GetTimestamp() + (long)(duration.TotalSeconds * _clock.TimestampFrequency);
    }

    public void Unfence()
    {
        lock (_lock)
            _fencedUntil = 0;
    }

    public void ThrowIfNotWritable()
    {
        if (!CanWrite)
            ThrowNotMaster(IsMaster);
    }

    [DoesNotReturn]
    private static void ThrowNotMaster(bool master) =>
        throw new RpcException(WireErrorCodes.NotMaster, master
            ? "not the UpdateServer master: its lease ran out or a master switch is in progress"
            : "not the UpdateServer master");
}
