namespace OceanClassic.Cluster.Tests.Support;

// What a test cluster looks like; Settings go to every role as --key=value.
public sealed record ClusterOptions
{
    public int Rs { get; init; } = 1;
    public int Ups { get; init; } = 1;
    public int Cs { get; init; } = 3;
    public int Ms { get; init; } = 1;
    // > 0: the roles live on this many simulated hosts (SimulatedHosts), dealt round robin in the order
    // rs, ups, cs, ms, and talk over the hosts' bridge instead of loopback.
    public int Hosts { get; init; }
    // With Hosts: every packet a host sends to another (or to the test) is delayed this long (one way).
    public double LatencyMs { get; init; }
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
