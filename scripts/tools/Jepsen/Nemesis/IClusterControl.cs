// What a nemesis does to a cluster: kill -9 and restart a role instance, pause (SIGSTOP) and resume
// (SIGCONT) it, cut a simulated host off and heal it, and find the UpdateServer master. ScriptClusterControl
// does it through scripts/cluster.sh; a test can do it to its own processes.
namespace OceanClassic.Jepsen.Nemesis;

public sealed record RoleInstance(string Role, int Number)
{
    public override string ToString() => $"{Role}#{Number}";
}

public interface IClusterControl
{
    IReadOnlyList<RoleInstance> Instances { get; }

    // 0 when the cluster runs without simulated hosts.
    int Hosts { get; }

    Task<RoleInstance?> UpsMasterAsync(CancellationToken ct);

    Task KillAsync(RoleInstance role, CancellationToken ct);

    // Starts a killed instance again and waits until it has registered.
    Task RestartAsync(RoleInstance role, CancellationToken ct);

    Task PauseAsync(RoleInstance role, CancellationToken ct);

    Task ResumeAsync(RoleInstance role, CancellationToken ct);

    int HostOf(RoleInstance role);

    Task PartitionAsync(int host, CancellationToken ct);

    Task HealAsync(int host, CancellationToken ct);
}
