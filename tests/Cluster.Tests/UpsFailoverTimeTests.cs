using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Config;

namespace OceanClassic.Cluster.Tests;

// How long writes stop when UpdateServers die, at the default lease and heartbeat (UpsLeaseTimes:
// a killed master's backup takes over within about 4 s; both killed and restarted, writes resume
// within 10 s). The outage is the longest time without an acknowledged write around the kill, as 16
// writers see it through the MergeServer; every acknowledged write must survive.
[TestClass]
public sealed class UpsFailoverTimeTests
{
    private static readonly TimeSpan MasterKillBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BothRestartBound = TimeSpan.FromSeconds(10);

    public TestContext TestContext { get; set; } = null!;

    // Default settings, except one ChunkServer (tablet placement plays no part here).
    private static ClusterOptions Defaults => new()
    {
        Ups = 2,
        Cs = 1,
        Settings = new Dictionary<string, string> { ["heartbeat_interval"] = "500ms" },
    };

    [TestMethod]
    [Timeout(300_000)]
    public async Task KillingTheMasterFiveTimesUnderSixteenWritersStopsWritesForAtMostFiveSecondsEachAndLosesNothing()
    {
        await using var cluster = await StartWithTableAsync("fo5");
        var load = new InsertLoad(cluster, writers: 16, database: "fo5");
        var outages = new List<TimeSpan>();
        try
        {
            for (var round = 1; round <= 5; round++)
            {
                await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(60));
                await load.WaitForMoreAsync(200, $"inserts before kill {round}");
                var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
                var killedAt = load.Now;
                master.Kill();
                var outage = await OutageAsync(load, killedAt, $"writes after kill {round} of {master.Address}");
                outages.Add(outage);
                TestContext.WriteLine($"round {round}: killed master {master.Address}; writes stopped for {outage.TotalSeconds:F2}s");
                master.Start(); // rejoins as a backup for the next round
            }
        }
        finally
        {
            await load.StopAsync();
        }
        TestContext.WriteLine($"outages: {string.Join(", ", outages.Select(o => $"{o.TotalSeconds:F2}s"))}; {load.Acknowledged.Count} acknowledged, {load.Failed} failed statements");
        await using (var check = await Sql.OpenAsync(cluster, "fo5"))
            await load.AssertNoneLostAsync(check);
        Assert.IsTrue(outages.All(o => o <= MasterKillBound), $"an outage exceeded {MasterKillBound.TotalSeconds}s: {string.Join(", ", outages)}\n{cluster.Logs()}");
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task KillingBothUpdateServersAndRestartingThemResumesWritesWithinTenSecondsAndLosesNothing()
    {
        await using var cluster = await StartWithTableAsync("fo2");
        var load = new InsertLoad(cluster, writers: 16, database: "fo2");
        var outages = new List<TimeSpan>();
        try
        {
            // Round 1: both come back at once (the master's lease still runs: it keeps the role).
            // Round 2: the backup comes back first and the master only after its lease lapsed (the
            // backup, in sync, is elected; the old master then follows it).
            for (var round = 1; round <= 2; round++)
            {
                await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(60));
                await load.WaitForMoreAsync(300, $"inserts before kill {round}");
                var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
                var backup = cluster.Roles.Single(r => r.Role == "ups" && r != master);
                var killedAt = load.Now;
                master.Kill();
                backup.Kill();
                backup.Start();
                if (round == 2)
                    await Task.Delay(UpsLeaseTimes.DefaultLease + UpsLeaseTimes.ElectionMargin(UpsLeaseTimes.DefaultLease));
                master.Start();
                var outage = await OutageAsync(load, killedAt, $"writes after both UpdateServers restarted (round {round})");
                outages.Add(outage);
                TestContext.WriteLine($"round {round}: both UpdateServers killed and restarted; writes stopped for {outage.TotalSeconds:F2}s; master now {(await cluster.UpsMasterAsync())?.Address}");
            }
        }
        finally
        {
            await load.StopAsync();
        }
        await using (var check = await Sql.OpenAsync(cluster, "fo2"))
            await load.AssertNoneLostAsync(check);
        Assert.IsTrue(outages.All(o => o <= BothRestartBound), $"writes stopped for {string.Join(", ", outages)}\n{cluster.Logs()}");
    }

    private static async Task<TestCluster> StartWithTableAsync(string database)
    {
        var cluster = await TestCluster.StartAsync(Defaults);
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync($"CREATE DATABASE {database}");
        await c.ExecAsync($"CREATE TABLE {database}.t (id INT PRIMARY KEY, v VARCHAR(40))");
        return cluster;
    }

    private static async Task<TimeSpan> OutageAsync(InsertLoad load, TimeSpan at, string what)
    {
        TimeSpan? outage = null;
        await TestCluster.WaitUntilAsync(() => Task.FromResult((outage = load.OutageAround(at)) is not null), TimeSpan.FromSeconds(60), what);
        return outage!.Value;
    }
}
