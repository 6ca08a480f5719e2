using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// The core drills with the roles on 3 simulated hosts (network namespaces on a private bridge) 0.5 ms
// apart: every RPC, the RootServer list and the MySQL connection go over the hosts' addresses, not
// loopback, and every packet a host sends waits 0.5 ms (scripts/netdelay.py; the kernel has no netem).
[TestClass]
public sealed class SimulatedHostTests
{
    private const double LatencyMs = 0.5;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000)]
    public async Task TheReadmeSessionRunsThroughTheMysqlClientWithEveryRoleOnItsHostsAddress()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Hosts = 3, LatencyMs = LatencyMs });
        Assert.IsTrue(cluster.Roles.All(r => r.Ip.StartsWith("10.", StringComparison.Ordinal)), string.Join(",", cluster.Roles.Select(r => r.Address)));
        var connect = await FastestConnectAsync(cluster.MergeServer.Ip, cluster.MergeServer.SqlPort);
        TestContext.WriteLine($"fastest TCP connect to the MergeServer's host: {connect.TotalMilliseconds:F2} ms");
        Assert.IsTrue(connect.TotalMilliseconds >= LatencyMs, $"the SYN-ACK from the MergeServer's host waited {LatencyMs} ms: connect took {connect.TotalMilliseconds:F3} ms");
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
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Hosts = 3, LatencyMs = LatencyMs, Ups = 2, Cs = 1, Settings = UpsCluster.FastFailover() });
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
            LatencyMs = LatencyMs,
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

    [TestMethod]
    [Timeout(300_000)]
    public async Task ADailyMergeUnderLoadAcrossHostsKeepsEveryResultIdenticalAndEveryAcknowledgedInsert()
    {
        await using var cluster = await TestCluster.StartAsync(ClusterOptions.ForMerges() with { Hosts = 3, LatencyMs = LatencyMs });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE m");
        await c.ChangeDatabaseAsync("m");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT NOT NULL, s VARCHAR(64))");
        for (var start = 0; start < MergedRows; start += 1000)
            await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 1000).Select(i => $"({i},{i % 1000},'row-{i}-{new string('p', 30)}')")));
        await c.ExecAsync("UPDATE t SET a = a + 5 WHERE id < 5000 AND a < 100");
        await c.ExecAsync("DELETE FROM t WHERE id >= 9000 AND id < 9500");
        await c.ExecAsync("CREATE DATABASE m2");
        await c.ExecAsync("CREATE TABLE m2.t (id INT PRIMARY KEY, v VARCHAR(40))");
        var before = await c.ResultsOfAsync(MergeQueries);

        // Readers and writers (inserts above the checked range) run on their own connections throughout.
        using var stop = new CancellationTokenSource();
        var errors = new List<string>();
        var reads = 0;
        var readers = Enumerable.Range(0, 4).Select(w => Task.Run(() => ReadAsync(cluster, w, errors, () => Interlocked.Increment(ref reads), stop.Token))).ToList();
        var writers = new InsertLoad(cluster, writers: 4, database: "m2");
        ulong frozen;
        try
        {
            await writers.WaitForMoreAsync(50, "inserts before the freeze");
            frozen = await DailyMergeWait.FreezeAndWaitAsync(cluster, c, TimeSpan.FromSeconds(180));
            CollectionAssert.AreEqual(before, await c.ResultsOfAsync(MergeQueries), "results right after the merge, load still running");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            await writers.StopAsync();
        }
        TestContext.WriteLine($"merged to version {frozen} with {reads} reads and {writers.Acknowledged.Count} inserts running");
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors.Take(5)));
        Assert.AreEqual(0, writers.Failed, writers.LastError);
        Assert.IsTrue(reads > 10 && writers.Acknowledged.Count > 50, $"{reads} reads, {writers.Acknowledged.Count} inserts during the merge");
        CollectionAssert.AreEqual(before, await c.ResultsOfAsync(MergeQueries), "results after the merge");
        var tablets = await c.RowsAsync("SELECT version FROM __all_tablet WHERE table_name = 'm.t'");
        Assert.IsTrue(tablets.Count >= 2 && tablets.All(v => ulong.Parse(v, System.Globalization.CultureInfo.InvariantCulture) >= frozen), string.Join(",", tablets));
        Assert.AreEqual("", (await cluster.StatusAsync(cluster.RootServer)).Values["merge_alarms"], "replica checksums agree across hosts");
        await using var check = await Sql.OpenAsync(cluster, "m2");
        var present = (await check.RowsAsync("SELECT id FROM t")).Select(int.Parse).ToHashSet();
        var lost = writers.Acknowledged.Keys.Where(id => !present.Contains(id)).ToList();
        Assert.AreEqual(0, lost.Count, $"acknowledged but lost: {string.Join(",", lost.Take(20))}");
    }

    private const int MergedRows = 60_000;

    private static readonly string[] MergeQueries =
    [
        "SELECT COUNT(*), SUM(a), MIN(id), MAX(id) FROM t",
        "SELECT COUNT(*), SUM(a) FROM t WHERE id BETWEEN 3000 AND 12000",
        "SELECT id, a, s FROM t WHERE id IN (0, 7, 4999, 9001, 9500, 59999)",
        "SELECT id, a FROM t WHERE id >= 8990 AND id < 9010 ORDER BY id",
    ];

    // Point reads and range counts of the merged table until stopped; any error is recorded.
    private static async Task ReadAsync(TestCluster cluster, int worker, List<string> errors, Action op, CancellationToken ct)
    {
        await using var c = await Sql.OpenAsync(cluster, "m");
        var random = new Random(worker);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var from = random.Next(MergedRows);
                var expected = from is >= 9000 and < 9500 ? 0 : 1;
                if ((await c.RowsAsync($"SELECT a FROM t WHERE id = {from}")).Count != expected)
                    lock (errors)
                        errors.Add($"id {from}: row count is not {expected}");
                await c.RowsAsync($"SELECT COUNT(*) FROM t WHERE id BETWEEN {from} AND {from + 500}");
                op();
            }
            catch (ObException e)
            {
                lock (errors)
                    errors.Add(e.Message);
            }
        }
    }

    // The quickest of a few TCP handshakes from the test to a host (blocking connects, so no scheduling
    // between the SYN and the SYN-ACK): one round trip, so at least the host's outgoing delay.
    private static Task<TimeSpan> FastestConnectAsync(string ip, int port) => Task.Run(() =>
    {
        var fastest = TimeSpan.MaxValue;
        for (var i = 0; i < 20; i++)
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            var clock = Stopwatch.StartNew();
            socket.Connect(System.Net.IPAddress.Parse(ip), port);
            fastest = clock.Elapsed < fastest ? clock.Elapsed : fastest;
        }
        return fastest;
    });
}
