using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Clients.Tests.Support;

// The one real cluster (1 RS, 1 UPS, 3 CS, 1 MS) every client session of this assembly talks to, started
// at assembly initialize and stopped at its end.
[TestClass]
public static class SessionCluster
{
    private static TestCluster? _cluster;

    public static TestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster did not start (see the assembly initialize error)");

    public static int SqlPort => Cluster.MergeServer.SqlPort;

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context) =>
        _cluster = await TestCluster.StartAsync(new ClusterOptions(), context.CancellationTokenSource.Token);

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        _cluster = null;
    }

    // The stock mysql client's arguments for the cluster (utf8mb4, TCP), then `extra`.
    public static string[] MySqlArgs(params string[] extra) =>
        ["-h127.0.0.1", $"-P{SqlPort}", "-uroot", "--protocol=tcp", "--default-character-set=utf8mb4", .. extra];
}
