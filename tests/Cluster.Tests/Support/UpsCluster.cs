using OceanClassic.Common.Protos;

namespace OceanClassic.Cluster.Tests.Support;

// UpdateServer helpers for failover drills: which UPS process is the master, and each UPS's own status.
public static class UpsCluster
{
    // Settings for a drill that fails over in a few seconds instead of ~10.
    public static Dictionary<string, string> FastFailover() => new()
    {
        ["ups_lease_time"] = "3s",
        ["cs_lease_duration_time"] = "3s",
        ["tablet_replicas_num"] = "1",
    };

    public static async Task<RoleProcess?> UpsMasterAsync(this TestCluster cluster, CancellationToken ct = default)
    {
        var master = (await cluster.ServersAsync(ct)).FirstOrDefault(s => s.IsUpsMaster && s.Alive)?.Address;
        return cluster.Roles.FirstOrDefault(r => r.Role == "ups" && r.Address == master && r.Running);
    }

    public static async Task<StatusResponse> StatusAsync(this TestCluster cluster, RoleProcess role, CancellationToken ct = default) =>
        await cluster.Rpc.CallAsync(role.Address, PacketCodes.Status, new Empty(), StatusResponse.Parser, TimeSpan.FromSeconds(2), ct);

    public static async Task<string> StatusValueAsync(this TestCluster cluster, RoleProcess role, string key, CancellationToken ct = default) =>
        (await cluster.StatusAsync(role, ct)).Values.TryGetValue(key, out var v) ? v : "";

    // The master's sync set holds every other running UPS (so a kill now loses nothing acknowledged).
    public static async Task WaitForBackupsInSyncAsync(this TestCluster cluster, TimeSpan timeout, CancellationToken ct = default) =>
        await TestCluster.WaitUntilAsync(async () =>
        {
            var master = await cluster.UpsMasterAsync(ct);
            if (master is null || await cluster.StatusValueAsync(master, "role", ct) != "master")
                return false;
            var sync = (await cluster.StatusValueAsync(master, "sync_backups", ct)).Split(',', StringSplitOptions.RemoveEmptyEntries);
            return cluster.Roles.Where(r => r.Role == "ups" && r.Running && r != master).All(r => sync.Contains(r.Address));
        }, timeout, "every running backup UPS in the master's sync set", ct);
}
