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

    // The daily merge and split tests' cluster: tablets split past 1 MiB, each on 2 ChunkServers, no
    // balancing moves (the tests compare the root table across merges and restarts), the frozen MemTable
    // released 1 s after the merge, the commit log without fsync. `extra` adds or overrides settings.
    public static ClusterOptions ForMerges(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["tablet_max_size"] = "1048576",
            ["tablet_replicas_num"] = "2",
            ["enable_balance"] = "false",
            ["merge_release_grace"] = "1s",
            ["log_sync_type"] = "0",
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return new ClusterOptions { Settings = settings };
    }
}
