namespace OceanClassic.Common.Config;

// Every time of the UpdateServer master lease, derived from the one setting ups_lease_time (L,
// default 3 s) and the heartbeat interval (h, default 500 ms), in one place:
//
//   renewal        every UPS heartbeat renews the lease: the RS counts it from when it RECEIVED the
//                  heartbeat, the UPS from when it SENT it (earlier), so the master's copy always
//                  ends first. L must hold several heartbeats (h <= L / 4; the UPS warns otherwise).
//   master stops   the master accepts no write once L - MasterMargin(L) has passed since it sent
//                  its last renewed heartbeat (MasterMargin = max(100 ms, L / 10); 2.7 s at 3 s).
//   election       the RS elects another UPS only once L + ElectionMargin(L) has passed since it
//                  received the master's last heartbeat (ElectionMargin = max(200 ms, L / 10); 3.3 s).
//                  The gap between the two, 2 margins (0.6 s), absorbs clock-rate drift and a heartbeat
//                  still in flight; a master paused past its lease checks the lease again, on its
//                  monotonic clock, before it takes a write (UpsLease.CanWrite).
//   failover       the election happens at the backup's next heartbeat (it is told in that reply):
//                  writes stop for at most FailoverBound(L, h) = L + ElectionMargin + h + the MergeServers'
//                  master rediscovery (RediscoveryBackoffCap), about 4.1 s at the defaults.
//   retry budget   a MergeServer keeps resending a write that surely was not applied for
//                  WriteRetryBudget(L, h) = 2 x FailoverBound: a failover is invisible to clients.
public static class UpsLeaseTimes
{
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromMilliseconds(500);

    // The longest pause between two attempts of a MergeServer to reach the (new) UPS master.
    public static readonly TimeSpan RediscoveryBackoffCap = TimeSpan.FromMilliseconds(100);

    // How much earlier than the RS's copy the master's copy of its lease ends.
    public static TimeSpan MasterMargin(TimeSpan lease) => Max(TimeSpan.FromMilliseconds(100), lease / 10);

    // How much later than the lease the RS elects another master.
    public static TimeSpan ElectionMargin(TimeSpan lease) => Max(TimeSpan.FromMilliseconds(200), lease / 10);

    // The longest interval between two heartbeats for which the lease can be renewed in time.
    public static TimeSpan MaxRenewalInterval(TimeSpan lease) => lease / 4;

    public static TimeSpan FailoverBound(TimeSpan lease, TimeSpan heartbeat) =>
        lease + ElectionMargin(lease) + heartbeat + RediscoveryBackoffCap;

    public static TimeSpan WriteRetryBudget(TimeSpan lease, TimeSpan heartbeat) => 2 * FailoverBound(lease, heartbeat);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
