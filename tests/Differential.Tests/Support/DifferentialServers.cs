using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Differential.Tests.Support;

// The two servers every corpus file runs on, started once for the whole test assembly (in parallel)
// and stopped at its end: a real OceanClassic cluster (1 RS, 1 UPS, 3 CS, 1 MS) and a private MariaDB.
[TestClass]
public static class DifferentialServers
{
    private static TestCluster? _cluster;
    private static MariaDbServer? _mariaDb;

    public static TestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster did not start (see the assembly initialize error)");
    public static MariaDbServer MariaDb => _mariaDb ?? throw new InvalidOperationException("MariaDB did not start (see the assembly initialize error)");

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        var cluster = TestCluster.StartAsync(new ClusterOptions(), context.CancellationTokenSource.Token);
        var mariaDb = MariaDbServer.StartAsync(context.CancellationTokenSource.Token);
        try
        {
            await Task.WhenAll(cluster, mariaDb);
        }
        finally
        {
            _cluster = cluster.IsCompletedSuccessfully ? cluster.Result : null;
            _mariaDb = mariaDb.IsCompletedSuccessfully ? mariaDb.Result : null;
            // A test host that dies without cleanup must not leave mariadbd behind.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _mariaDb?.KillNow();
        }
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        if (_mariaDb is not null)
            await _mariaDb.DisposeAsync();
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        _mariaDb = null;
        _cluster = null;
    }
}
