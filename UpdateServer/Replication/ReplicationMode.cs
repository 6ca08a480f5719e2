namespace OceanClassic.UpdateServer.Replication;

// ups_replication: how the UPS master decides a write is safe to acknowledge (README "Toward Paxos").
// Shipping: 0.4's log shipping, every backup in the sync set has it (a late backup is dropped from
// the set, so the master goes on alone). Majority: a majority of the UpdateServers, the master
// included, has it fsynced in the master's term (no going on alone).
public enum ReplicationMode
{
    Shipping,
    Majority,
}

public static class ReplicationModes
{
    public const string ShippingName = "shipping";
    public const string MajorityName = "majority";

    public static string Name(this ReplicationMode mode) => mode == ReplicationMode.Majority ? MajorityName : ShippingName;

    // Empty (an RS record written before modes existed) is shipping; anything else unknown is null.
    public static ReplicationMode? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or ShippingName => ReplicationMode.Shipping,
        MajorityName => ReplicationMode.Majority,
        _ => null,
    };
}
