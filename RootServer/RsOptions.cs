using Microsoft.Extensions.Configuration;
using OceanClassic.Common.Config;

namespace OceanClassic.RootServer;

public sealed class RsOptions : IValidatableOptions
{
    [ConfigurationKeyName("cs_lease_duration_time")] public string CsLeaseDurationTime { get; set; } = "10s";
    // The UPS master lease; every other time of it is derived in UpsLeaseTimes (failover in ~4 s).
    [ConfigurationKeyName("ups_lease_time")] public string UpsLeaseTime { get; set; } = "3s";
    // How UpdateServers replicate until ALTER SYSTEM SET ups_replication persists a choice: shipping
    // (0.4 log shipping) or majority (README "Toward Paxos").
    [ConfigurationKeyName("ups_replication")] public string UpsReplication { get; set; } = "shipping";
    // The lease the backup RS grants the primary, counted from when the primary sent the renewal; the
    // primary serves only within it while the backup may take over, and the backup takes over 1.5 leases
    // after its last grant (2 for the second of the list): see RsPair. A UPS master whose lease lapses
    // meanwhile stops writing until the new primary renews it (MergeServers retry those writes).
    [ConfigurationKeyName("rs_lease_time")] public string RsLeaseTime { get; set; } = "3s";
    [ConfigurationKeyName("tablet_replicas_num")] public int TabletReplicasNum { get; set; } = 3;
    // 0.4's enable_balance: move tablets toward the ChunkServers that hold the fewest replicas.
    [ConfigurationKeyName("enable_balance")] public bool EnableBalance { get; set; } = true;
    [ConfigurationKeyName("rs_checkpoint_interval")] public int CheckpointInterval { get; set; } = 200;
    // After every tablet serves the frozen version, wait this long (reads begun on an older baseline
    // finish) before the UPS drops the frozen increments.
    [ConfigurationKeyName("merge_release_grace")] public string MergeReleaseGrace { get; set; } = "30s";

    // Daily local time ("02:00") of the automatic major freeze; empty = off.
    [ConfigurationKeyName("major_freeze_duty_time")] public string MajorFreezeDutyTime { get; set; } = "";

    public TimeSpan ServerLease => ConfigDuration.Parse(CsLeaseDurationTime);

    public IEnumerable<string> Validate()
    {
        foreach (var p in ConfigDuration.Check("cs_lease_duration_time", CsLeaseDurationTime, TimeSpan.FromMilliseconds(100)))
            yield return p;
        foreach (var p in ConfigDuration.Check("ups_lease_time", UpsLeaseTime, TimeSpan.FromMilliseconds(100)))
            yield return p;
        if (UpsReplication.Trim().ToLowerInvariant() is not ("shipping" or "majority"))
            yield return $"ups_replication: '{UpsReplication}' must be shipping or majority";
        foreach (var p in ConfigDuration.Check("rs_lease_time", RsLeaseTime, TimeSpan.FromMilliseconds(100)))
            yield return p;
        foreach (var p in ConfigDuration.Check("merge_release_grace", MergeReleaseGrace, TimeSpan.Zero))
            yield return p;
        if (MajorFreezeDutyTime.Length > 0 && !DailyMerge.MajorFreezeDutySchedule.TryParse(MajorFreezeDutyTime, out _))
            yield return $"major_freeze_duty_time: '{MajorFreezeDutyTime}' must be HH:mm (local time) or empty";
        if (TabletReplicasNum is < 1 or > 6)
            yield return $"tablet_replicas_num: {TabletReplicasNum} must be between 1 and 6";
        if (CheckpointInterval < 1)
            yield return $"rs_checkpoint_interval: {CheckpointInterval} must be at least 1";
    }
}
