using System.Diagnostics;
using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

[TestClass]
public sealed class DailyMergeTests
{
    private const int Rows = 200_000;

    private static readonly string[] Queries =
    [
        "SELECT COUNT(*), SUM(a), MIN(id), MAX(id) FROM t WHERE id < 1000000",
        "SELECT COUNT(*), SUM(a) FROM t WHERE id BETWEEN 12000 AND 25000",
        "SELECT id, a, s FROM t WHERE id IN (0, 7, 11, 77, 30001, 59999)",
        "SELECT id, a FROM t WHERE id >= 44990 AND id < 45010 ORDER BY id",
    ];

    [TestMethod]
    [Timeout(300_000)]
    public async Task AMajorFreezeMergesIntoSplitTabletsWithIdenticalResultsAndFreesUpsMemory()
    {
        await using var cluster = await TestCluster.StartAsync(ClusterOptions.ForMerges());
        var ups = cluster.Get("ups");
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE m");
        await c.ChangeDatabaseAsync("m");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT NOT NULL, s VARCHAR(64))");
        var load = Stopwatch.StartNew();
        for (var start = 0; start < Rows; start += 1000)
        {
            var values = string.Join(",", Enumerable.Range(start, 1000).Select(i => $"({i},{i % 1000},'row-{i}-{new string('p', 30)}')"));
            await c.ExecAsync("INSERT INTO t VALUES " + values);
        }
        await c.ExecAsync("UPDATE t SET a = a + 5 WHERE id < 20000 AND a < 100");
        await c.ExecAsync("DELETE FROM t WHERE id >= 30000 AND id < 30500");
        await c.ExecAsync("DELETE FROM t WHERE id = 11");
        Console.WriteLine($"loaded {Rows} rows in {load.ElapsedMilliseconds} ms");
        var before = await c.ResultsOfAsync(Queries);
        var memBefore = long.Parse((await cluster.StatusAsync(ups)).Values["memtable_bytes"], CultureInfo.InvariantCulture);

        // Cycle 1, with readers and writers running throughout.
        var f1 = await FreezeAndWaitAsync(cluster, c, withLoad: true);
        CollectionAssert.AreEqual(before, await c.ResultsOfAsync(Queries), "results after the merge");

        var tablets = await c.RowsAsync("SELECT start_key, end_key, version, replicas, row_count, size_bytes, checksum FROM __all_tablet WHERE table_name = 'm.t'");
        Console.WriteLine(string.Join("\n", tablets));
        Assert.IsTrue(tablets.Count >= 3, $"the table split: {tablets.Count} tablets");
        Assert.IsTrue(tablets.All(t => ulong.Parse(t.Split('|')[2], CultureInfo.InvariantCulture) >= f1));
        Assert.AreEqual("MIN", tablets[0].Split('|')[0]);
        Assert.AreEqual("MAX", tablets[^1].Split('|')[1]);
        Assert.IsTrue(tablets.Sum(t => long.Parse(t.Split('|')[4], CultureInfo.InvariantCulture)) >= Rows - 501);

        await TestCluster.WaitUntilAsync(async () =>
        {
            var s = await cluster.StatusAsync(ups);
            return ulong.Parse(s.Values["released_version"], CultureInfo.InvariantCulture) >= f1
                && long.Parse(s.Values["memtable_bytes"], CultureInfo.InvariantCulture) < memBefore / 2;
        }, TimeSpan.FromSeconds(60), "the UPS released the merged increments");
        CollectionAssert.AreEqual(before, await c.ResultsOfAsync(Queries), "results after the release");

        // Cycle 2: changes over the merged baselines.
        await c.ExecAsync("UPDATE t SET a = a * 2 WHERE id BETWEEN 12000 AND 13000");
        await c.ExecAsync("DELETE FROM t WHERE id BETWEEN 44995 AND 45000");
        await c.ExecAsync("INSERT INTO t VALUES (30001, 1, 'back')");
        Assert.AreEqual(1062, (await c.ErrorAsync("INSERT INTO t VALUES (5, 1, 'dup of a merged row')")).ErrorCode);
        var before2 = await c.ResultsOfAsync(Queries);
        CollectionAssert.AreNotEqual(before, before2);
        var f2 = await FreezeAndWaitAsync(cluster, c, withLoad: false);
        Assert.IsTrue(f2 > f1);
        CollectionAssert.AreEqual(before2, await c.ResultsOfAsync(Queries), "results after the second merge");

        var rs = await cluster.StatusAsync(cluster.RootServer);
        Assert.AreEqual("", rs.Values["merge_alarms"], "replica checksums agree");
        foreach (var cs in cluster.Roles.Where(r => r.Role == "cs"))
        {
            var s = await cluster.StatusAsync(cs);
            Console.WriteLine($"{cs.Address}: merged {s.Values["merge_rows"]} rows, {s.Values["merge_bytes"]} bytes in {s.Values["merge_seconds"]} s");
        }
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task AChunkserverKilledInTheMiddleOfAMergeFinishesItAfterRestartAndReplicasAgree()
    {
        await using var cluster = await TestCluster.StartAsync(ClusterOptions.ForMerges(("merge_max_mb_per_sec", "1")));
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE k");
        await c.ChangeDatabaseAsync("k");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT NOT NULL, s VARCHAR(64))");
        for (var start = 0; start < 30_000; start += 1000)
            await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 1000).Select(i => $"({i},{i % 1000},'row-{i}-{new string('p', 30)}')")));
        await c.ExecAsync("DELETE FROM t WHERE id % 10 = 3");
        var before = await c.RowsAsync("SELECT COUNT(*), SUM(a) FROM t");
        var replica = (await c.RowsAsync("SELECT replicas FROM __all_tablet WHERE table_name = 'k.t'"))[0].Split(',')[0];
        var victim = cluster.Roles.Single(r => r.Address == replica);

        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        var dir = Path.Combine(cluster.Directory, $"cs{victim.Instance}", "data", "tablets");
        await TestCluster.WaitUntilAsync(() => Task.FromResult(Directory.GetFiles(dir, "*.tmp").Length > 0),
            TimeSpan.FromSeconds(30), "the merge to be writing");
        victim.Kill();
        CollectionAssert.AreEqual(before, await c.RowsAsync("SELECT COUNT(*), SUM(a) FROM t"), "reads go to the other replica");
        victim.Start();

        await TestCluster.WaitUntilAsync(async () =>
        {
            var rows = await c.RowsAsync("SELECT merged_version, frozen_version, tablets_total, tablets_merged FROM __all_merge_stat");
            return rows.Count == 3 && rows.All(r => r.Split('|') is var f && f[0] == f[1] && f[2] == f[3] && f[1] != "0");
        }, TimeSpan.FromSeconds(120), "every ChunkServer merged after the restart");
        await victim.WaitForLogAsync(@"[1-9]\d* leftover files of an interrupted merge", "the restarted ChunkServer discarded its half-written SSTable");
        CollectionAssert.AreEqual(before, await c.RowsAsync("SELECT COUNT(*), SUM(a) FROM t"));
        await TestCluster.WaitUntilAsync(async () =>
            (await cluster.StatusAsync(cluster.RootServer)).Values["released_version"] != "0",
            TimeSpan.FromSeconds(60), "both replicas reported the frozen version");
        Assert.AreEqual("", (await cluster.StatusAsync(cluster.RootServer)).Values["merge_alarms"], "replica checksums agree");
    }

    private static async Task<ulong> FreezeAndWaitAsync(TestCluster cluster, ObConnection c, bool withLoad)
    {
        using var stop = new CancellationTokenSource();
        var errors = new List<string>();
        var ops = 0L;
        var load = withLoad
            ? Enumerable.Range(0, 8).Select(w => Task.Run(() => LoadAsync(cluster, w, errors, () => Interlocked.Increment(ref ops), stop.Token))).ToList()
            : [];
        var clock = Stopwatch.StartNew();
        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        var rs = await cluster.StatusAsync(cluster.RootServer);
        var frozen = ulong.Parse(rs.Values["frozen_version"], CultureInfo.InvariantCulture);
        Assert.IsTrue(frozen > 0);
        await TestCluster.WaitUntilAsync(async () =>
        {
            var rows = await c.RowsAsync("SELECT address, frozen_version, merged_version, tablets_total, tablets_merged FROM __all_merge_stat");
            return rows.Count == 3 && rows.All(r =>
            {
                var f = r.Split('|');
                return ulong.Parse(f[2], CultureInfo.InvariantCulture) >= frozen && f[3] == f[4];
            });
        }, TimeSpan.FromSeconds(120), "every ChunkServer merged");
        Console.WriteLine($"merge to {frozen} took {clock.ElapsedMilliseconds} ms");
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors.Take(5)));
        if (withLoad)
            Assert.IsTrue(ops > 10, $"{ops} operations ran during the merge");
        return frozen;
    }

    // Point reads, range counts and inserts above the checked key range, until stopped.
    private static async Task LoadAsync(TestCluster cluster, int worker, List<string> errors, Action op, CancellationToken ct)
    {
        await using var c = await Sql.OpenAsync(cluster, "m");
        var random = new Random(worker);
        var next = 1_000_000 + (worker * 100_000);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                switch (random.Next(3))
                {
                    case 0:
                        await c.RowsAsync($"SELECT a FROM t WHERE id = {random.Next(Rows)}");
                        break;
                    case 1:
                        var from = random.Next(Rows);
                        await c.RowsAsync($"SELECT COUNT(*) FROM t WHERE id BETWEEN {from} AND {from + 500}");
                        break;
                    default:
                        await c.ExecAsync($"INSERT INTO t VALUES ({next++}, 1, 'w')");
                        break;
                }
                op();
            }
            catch (ObException e)
            {
                lock (errors)
                    errors.Add(e.Message);
            }
        }
    }
}
