// The Jepsen nemesis' view of a TestCluster (IClusterControl): its own role processes, killed, restarted
// (and waited for until the restarted process answers and the RootServer lists it alive), paused and
// resumed; the UPS master as the RootServer names it. No simulated hosts.
using OceanClassic.Jepsen.Nemesis;

namespace OceanClassic.Cluster.Tests.Support;

public sealed class TestClusterControl(TestCluster cluster) : IClusterControl
{
    public IReadOnlyList<RoleInstance> Instances => [.. cluster.Roles.Select(r => new RoleInstance(r.Role, r.Instance))];

    public int Hosts => 0;

    public async Task<RoleInstance?> UpsMasterAsync(CancellationToken ct)
    {
        try
        {
            var master = await cluster.UpsMasterAsync(ct);
            return master is null ? null : new RoleInstance(master.Role, master.Instance);
        }
        catch (OceanClassic.Common.Rpc.RpcException)
        {
            return null;
        }
    }

    public Task KillAsync(RoleInstance role, CancellationToken ct)
    {
        Of(role).Kill();
        return Task.CompletedTask;
    }

    public async Task RestartAsync(RoleInstance role, CancellationToken ct)
    {
        var process = Of(role);
        process.Start();
        await TestCluster.WaitUntilAsync(async () => (await cluster.StatusAsync(process, ct)).Values.Count > 0
            && (await cluster.ServersAsync(ct)).Any(s => s.Address == process.Address && s.Alive),
            TimeSpan.FromSeconds(90), $"{role} restarted and registered", ct);
    }

    public Task PauseAsync(RoleInstance role, CancellationToken ct)
    {
        Of(role).Pause();
        return Task.CompletedTask;
    }

    public Task ResumeAsync(RoleInstance role, CancellationToken ct)
    {
        Of(role).Resume();
        return Task.CompletedTask;
    }

    public int HostOf(RoleInstance role) => 0;

    public Task PartitionAsync(int host, CancellationToken ct) => throw new NotSupportedException("the test cluster runs without simulated hosts");

    public Task HealAsync(int host, CancellationToken ct) => throw new NotSupportedException("the test cluster runs without simulated hosts");

    private RoleProcess Of(RoleInstance role) => cluster.Get(role.Role, role.Number);
}
