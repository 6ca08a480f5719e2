using System.Diagnostics;
using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// Reads of merged, unchanged tables are served by the ChunkServers under increment leases from the UPS
// master (no UpdateServer call); a write revokes them before it is acknowledged, so it is visible to the
// very next read of any session — also across a UPS failover and a daily merge with leases out.
[TestClass]
public sealed class IncrementLeaseTests
{
    public TestContext TestContext { get; set; } = null!;

    private const int Tables = 16;
    private const int RowsPerTable = 8;

    private static Dictionary<string, string> Settings(Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["increment_lease_time"] = "1s",
            ["merge_release_grace"] = "1s",
            ["log_sync_type"] = "0",
        };
        foreach (var (k, v) in more ?? [])
            settings[k] = v;
        return settings;
    }

    private static async Task CreateMergedTablesAsync(TestCluster cluster, ObConnection c, int tables)
    {
        await c.ExecAsync("CREATE DATABASE il");
        await c.ChangeDatabaseAsync("il");
        for (var t = 0; t < tables; t++)
        {
            await c.ExecAsync($"CREATE TABLE t{t} (id INT PRIMARY KEY, v INT)");
            await c.ExecAsync($"INSERT INTO t{t} VALUES " + string.Join(",", Enumerable.Range(0, RowsPerTable).Select(i => $"({i}, 0)")));
        }
        await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
    }

    private static async Task<long> SumStatusAsync(TestCluster cluster, string role, string key)
    {
        long total = 0;
        foreach (var r in cluster.Roles.Where(r => r.Role == role && r.Running))
        {
            try
            {
                if ((await cluster.StatusAsync(r)).Values.TryGetValue(key, out var v) && long.TryParse(v, CultureInfo.InvariantCulture, out var n))
                    total += n;
            }
            catch (Exception e) when (e is not AssertFailedException)
            {
                // a role on its way down
            }
        }
        return total;
    }

    private static Task<long> LeasedReadsAsync(TestCluster cluster) => SumStatusAsync(cluster, "cs", "increment_lease_reads");

    // Reads the table until a ChunkServer served one of them under a lease.
    private static async Task WaitForLeasedReadsAsync(TestCluster cluster, ObConnection c, string query)
    {
        var before = await LeasedReadsAsync(cluster);
        await TestCluster.WaitUntilAsync(async () =>
        {
            await c.RowsAsync(query);
            return await LeasedReadsAsync(cluster) > before;
        }, TimeSpan.FromSeconds(60), "a read served under an increment lease");
    }

    private static async Task<string> ValueAsync(ObConnection c, string table, int id) =>
        (await c.RowsAsync($"SELECT v FROM {table} WHERE id = {id}")).Single();

    [TestMethod]
    [Timeout(600_000)]
    public async Task AWriteAfterALeaseIsVisibleToTheVeryNextReadOfEverySessionRoundAfterRound()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Settings = Settings() });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await CreateMergedTablesAsync(cluster, c, Tables);
            await WaitForLeasedReadsAsync(cluster, c, "SELECT v FROM t0 WHERE id = 1");
        }
        var leasedBefore = await LeasedReadsAsync(cluster);
        const int rounds = 8;
        var workers = Enumerable.Range(0, Tables).Select(t => Task.Run(async () =>
        {
            await using var writer = await Sql.OpenAsync(cluster, "il");
            await using var reader = await Sql.OpenAsync(cluster, "il");
            var table = $"t{t}";
            var values = new int[RowsPerTable];
            for (var round = 1; round <= rounds; round++)
            {
                // Reads while the table cools down and is leased again; each one checked.
                var cooling = Stopwatch.StartNew();
                while (cooling.Elapsed < TimeSpan.FromMilliseconds(1500))
                {
                    var id = Random.Shared.Next(RowsPerTable);
                    Assert.AreEqual(values[id].ToString(CultureInfo.InvariantCulture), await ValueAsync(reader, table, id), $"{table} row {id} before round {round}");
                }
                var row = round % RowsPerTable;
                var value = t * 1000 + round;
                await writer.ExecAsync($"UPDATE {table} SET v = {value} WHERE id = {row}");
                values[row] = value;
                var expected = value.ToString(CultureInfo.InvariantCulture);
                Assert.AreEqual(expected, await ValueAsync(reader, table, row), $"another session's next read of {table} row {row}, round {round}");
                Assert.AreEqual(expected, await ValueAsync(writer, table, row), $"the writer's next read of {table} row {row}, round {round}");
                Assert.AreEqual(values.Sum().ToString(CultureInfo.InvariantCulture), (await reader.RowsAsync($"SELECT SUM(v) FROM {table}")).Single(),
                    $"a range read of {table}, round {round}");
            }
        })).ToList();
        await Task.WhenAll(workers);

        var leased = await LeasedReadsAsync(cluster) - leasedBefore;
        var revocations = await SumStatusAsync(cluster, "ups", "increment_lease_revocations");
        TestContext.WriteLine($"{leased} reads served under leases, {revocations} lease revocations");
        Assert.IsTrue(leased > 0, "reads were served under leases");
        Assert.IsTrue(revocations > 0, "writes revoked leases");
    }

    [TestMethod]
    [Timeout(600_000)]
    public async Task AfterAnUpdateServerFailoverWithLeasesOutEveryWriteIsVisibleToTheNextRead()
    {
        const int tables = 4;
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = Settings(UpsCluster.FastFailover()) });
        await using var c = await Sql.OpenAsync(cluster);
        await CreateMergedTablesAsync(cluster, c, tables);
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        for (var t = 0; t < tables; t++)
            await WaitForLeasedReadsAsync(cluster, c, $"SELECT v FROM t{t} WHERE id = 1");

        var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
        master.Kill();
        // The first write the new master takes.
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                await c.ExecAsync("UPDATE t0 SET v = 1 WHERE id = 1");
                return true;
            }
            catch (ObException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "a write after the failover");
        await using var other = await Sql.OpenAsync(cluster, "il");
        Assert.AreEqual("1", await ValueAsync(other, "t0", 1));
        for (var round = 2; round <= 10; round++)
        {
            await c.ExecAsync($"UPDATE t0 SET v = {round} WHERE id = 2");
            Assert.AreEqual(round.ToString(CultureInfo.InvariantCulture), await ValueAsync(other, "t0", 2), $"round {round}");
        }
        // Tables unchanged since the merge are leased again, now from the new master; a write revokes that.
        for (var t = 1; t < tables; t++)
        {
            await WaitForLeasedReadsAsync(cluster, other, $"SELECT v FROM t{t} WHERE id = 3");
            await c.ExecAsync($"UPDATE t{t} SET v = {t + 100} WHERE id = 3");
            Assert.AreEqual((t + 100).ToString(CultureInfo.InvariantCulture), await ValueAsync(other, $"t{t}", 3), $"t{t} after its lease");
            Assert.AreEqual("0", await ValueAsync(other, $"t{t}", 4));
        }
        var newMaster = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no new master");
        Assert.IsTrue(long.Parse(await cluster.StatusValueAsync(newMaster, "increment_lease_revocations"), CultureInfo.InvariantCulture) > 0,
            "the new master revoked its own leases");
    }

    [TestMethod]
    [Timeout(600_000)]
    public async Task ADailyMergeWithLeasesOutKeepsEveryReadRightAndLeasesComeBackOnTheNewTablets()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Settings = Settings() });
        await using var c = await Sql.OpenAsync(cluster);
        await CreateMergedTablesAsync(cluster, c, 2);
        await WaitForLeasedReadsAsync(cluster, c, "SELECT v FROM t0 WHERE id = 3");
        await c.ExecAsync("UPDATE t0 SET v = 7 WHERE id = 3");
        await WaitForLeasedReadsAsync(cluster, c, "SELECT v FROM t1 WHERE id = 3");

        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            await using var r = await Sql.OpenAsync(cluster, "il");
            while (!stop.IsCancellationRequested)
            {
                Assert.AreEqual("7", await ValueAsync(r, "t0", 3));
                Assert.AreEqual("0", await ValueAsync(r, "t1", 3));
                Assert.AreEqual("7", (await r.RowsAsync("SELECT SUM(v) FROM t0")).Single());
                reads++;
            }
        });
        var frozen = await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
        await TestCluster.WaitUntilAsync(async () =>
            ulong.Parse(await cluster.StatusValueAsync(cluster.Roles.First(r => r.Role == "ups"), "released_version"), CultureInfo.InvariantCulture) >= frozen,
            TimeSpan.FromSeconds(60), "the UPS released the merged increments");
        await c.ExecAsync("UPDATE t1 SET v = 5 WHERE id = 4");
        Assert.AreEqual("5", await ValueAsync(c, "t1", 4));
        await WaitForLeasedReadsAsync(cluster, c, "SELECT v FROM t0 WHERE id = 3");
        await stop.CancelAsync();
        await reader;
        TestContext.WriteLine($"{reads} checked reads during the merge");
        Assert.IsTrue(reads > 0);
    }
}
