using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;

namespace OceanClassic.Cluster.Tests;

// The core drills with the roles on 3 simulated hosts (network namespaces on a private bridge): every
// RPC, the RootServer list and the MySQL connection go over the hosts' addresses, not loopback.
// (`--latency-ms` needs the kernel's sch_netem, which this machine lacks: these run without delay.)
[TestClass]
public sealed class SimulatedHostTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000)]
    public async Task TheReadmeSessionRunsThroughTheMysqlClientWithEveryRoleOnItsHostsAddress()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Hosts = 3 });
        Assert.IsTrue(cluster.Roles.All(r => r.Ip.StartsWith("10.", StringComparison.Ordinal)), string.Join(",", cluster.Roles.Select(r => r.Address)));
        const string session = """
            CREATE DATABASE shop;
            USE shop;
            CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), qty INT DEFAULT 0);
            INSERT INTO t VALUES (1, 'apple', 3), (2, 'pear', 5);
            SELECT name, SUM(qty) FROM t WHERE id BETWEEN 1 AND 10 GROUP BY name ORDER BY name;
            SELECT role, address FROM __all_server WHERE role = 'chunkserver' ORDER BY address;
            """;
        var (code, output) = await ExternalTool.RunAsync("mysql",
            [$"-h{cluster.MergeServer.Ip}", $"-P{cluster.MergeServer.SqlPort}", "-uroot", "--batch", "--skip-column-names"], TimeSpan.FromSeconds(60), session);
        Assert.AreEqual(0, code, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(new[] { "apple\t3", "pear\t5" }, lines[..2]);
        CollectionAssert.AreEquivalent(cluster.Roles.Where(r => r.Role == "cs").Select(r => $"chunkserver\t{r.Address}").ToArray(), lines[2..], output);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task KillingTheUpsMasterOnItsHostUnderLoadLosesNoAcknowledgedWrite()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Hosts = 3, Ups = 2, Cs = 1, Settings = UpsCluster.FastFailover() });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE drill");
            await c.ExecAsync("CREATE TABLE drill.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        var load = new InsertLoad(cluster, writers: 16);
        try
        {
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Acknowledged.Count > 200), TimeSpan.FromSeconds(60), "inserts before the kill");
            await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
            var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
            master.Kill();
            var killedAt = Stopwatch.StartNew();
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.AcknowledgedSince(killedAt) > 50), TimeSpan.FromSeconds(20),
                $"writes acknowledged again after killing {master.Address} on host {master.Host!.Number}");
            TestContext.WriteLine($"writes resumed {load.FirstAcknowledgedAfter(killedAt).TotalSeconds:F1}s after the kill");
        }
        finally
        {
            await load.StopAsync();
        }
        await using var check = await Sql.OpenAsync(cluster, "drill");
        var present = (await check.RowsAsync("SELECT id FROM t")).Select(int.Parse).ToHashSet();
        var lost = load.Acknowledged.Keys.Where(id => !present.Contains(id)).ToList();
        Assert.AreEqual(0, lost.Count, $"acknowledged but lost: {string.Join(",", lost.Take(20))}");
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task ReadsOfAPartitionedChunkServerHostGoToReplicasOnOtherHostsWithNoQueryError()
    {
        // rs→host 1, ups→2, cs1→3, cs2→1, cs3→2, cs4→3, ms→1: host 3 holds ChunkServers only.
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Hosts = 3,
            Cs = 4,
            Settings = new Dictionary<string, string> { ["tablet_replicas_num"] = "3", ["enable_balance"] = "false" },
        });
        var cut = cluster.Roles.Where(r => r.Host!.Number == 3).ToList();
        Assert.IsTrue(cut.All(r => r.Role == "cs") && cut.Count == 2, string.Join(",", cut.Select(r => $"{r.Role}#{r.Instance}")));
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE p");
        await c.ExecAsync("CREATE TABLE p.t (id INT PRIMARY KEY, v INT)");
        await c.ExecAsync("INSERT INTO p.t VALUES " + string.Join(",", Enumerable.Range(1, 500).Select(i => $"({i},{i})")));
        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        await TestCluster.WaitUntilAsync(async () =>
            (await c.RowsAsync("SELECT merged_version >= frozen_version FROM __all_merge_stat")).All(r => r == "1"),
            TimeSpan.FromSeconds(90), "the tablets merged on every ChunkServer");
        Assert.AreEqual("500|125250", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM p.t")).Single());

        await cluster.Hosts!.PartitionAsync(3);
        var clock = Stopwatch.StartNew();
        var reads = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.AreEqual("500|125250", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM p.t")).Single(), $"read {reads} with host 3 cut off");
            Assert.AreEqual("250|250", (await c.RowsAsync("SELECT id, v FROM p.t WHERE id = 250")).Single());
            reads++;
        }
        TestContext.WriteLine($"{reads} reads answered while host 3 was cut off");
        await TestCluster.WaitUntilAsync(async () =>
            (await c.RowsAsync("SELECT COUNT(*) FROM __all_server WHERE role = 'chunkserver' AND status = 'alive'")).Single() == "2",
            TimeSpan.FromSeconds(60), "the RootServer to lose the cut-off host's two ChunkServers");
        Assert.AreEqual("500|125250", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM p.t")).Single(), "reads after the RootServer noticed");
        await cluster.Hosts.HealAsync(3);
        await TestCluster.WaitUntilAsync(async () =>
            (await c.RowsAsync("SELECT COUNT(*) FROM __all_server WHERE role = 'chunkserver' AND status = 'alive'")).Single() == "4",
            TimeSpan.FromSeconds(60), "the healed host's ChunkServers are alive again");
        Assert.AreEqual("500|125250", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM p.t")).Single());
    }
}
