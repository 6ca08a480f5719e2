using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// Secondary and UNIQUE indexes on a real cluster: index rows travel with their base rows (one UPS
// transaction), UNIQUE is enforced race-free by the UPS, indexes are built online, and ALTER SYSTEM CHECK
// INDEX finds zero differences after concurrency, a UPS master kill, a rollback and a daily merge.
[TestClass]
public sealed class IndexTests
{
    public TestContext TestContext { get; set; } = null!;

    private const string Table = "CREATE TABLE t (id INT PRIMARY KEY, u INT, k INT, s VARCHAR(20), UNIQUE KEY uu (u), KEY kk (k), KEY ks (s, k))";

    // Every index of `table`: (missing, dangling, mismatched) all zero, else the check's rows.
    internal static async Task AssertIndexesMatchAsync(ObConnection c, string table, string when)
    {
        var rows = await c.RowsAsync($"ALTER SYSTEM CHECK INDEX {table}");
        Assert.IsTrue(rows.Count > 0, "the table has indexes");
        foreach (var row in rows)
        {
            var f = row.Split('|');
            Assert.AreEqual("0|0|0", $"{f[5]}|{f[6]}|{f[7]}", $"{when}: index {f[1]} rows={f[3]} entries={f[4]}\n{string.Join("\n", rows)}");
            Assert.AreEqual(f[3], f[4], $"{when}: one entry per row in {f[1]}");
        }
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ConcurrentInsertsOfOneUniqueValueLetExactlyOneWinAndARollbackLeavesNoIndexRow()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Settings = new Dictionary<string, string> { ["log_sync_type"] = "0" } });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE ix");
        await c.ChangeDatabaseAsync("ix");
        await c.ExecAsync(Table);

        const int Writers = 16, Values = 40;
        var winners = new ConcurrentDictionary<int, int>();
        var losers = 0;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var wc = await Sql.OpenAsync(cluster, "ix");
            for (var v = 0; v < Values; v++)
            {
                var inTransaction = (w + v) % 2 == 0;
                try
                {
                    if (inTransaction)
                        await wc.ExecAsync("BEGIN");
                    await wc.ExecAsync($"INSERT INTO t VALUES ({(w * 1000) + v}, {v}, {w}, 'w{w}')");
                    if (inTransaction)
                        await wc.ExecAsync("COMMIT");
                    Assert.IsTrue(winners.TryAdd(v, w), $"value {v} was taken by {winners.GetValueOrDefault(v)} and by {w}");
                }
                catch (ObException e) when (e.ErrorCode == 1062)
                {
                    StringAssert.Contains(e.Message, "for key 'uu'");
                    Interlocked.Increment(ref losers);
                    if (inTransaction)
                        await wc.ExecAsync("ROLLBACK");
                }
                catch (ObException e)
                {
                    Assert.Fail($"writer {w}, value {v}, in a transaction: {inTransaction}: error {e.ErrorCode} {e.Message}");
                }
            }
        })));
        Assert.AreEqual(Values, winners.Count, "every value was taken once");
        Assert.AreEqual((Writers - 1) * Values, losers);
        Assert.AreEqual(Values.ToString(CultureInfo.InvariantCulture), (await c.RowsAsync("SELECT COUNT(*) FROM t"))[0]);

        await c.ExecAsync("BEGIN");
        await c.ExecAsync("INSERT INTO t VALUES (99999, 999, 1, 'gone')");
        await c.ExecAsync("UPDATE t SET u = 998, k = 77 WHERE u = 0");
        await c.ExecAsync("ROLLBACK");
        await AssertIndexesMatchAsync(c, "t", "after the rollback");
        await c.ExecAsync("INSERT INTO t VALUES (99999, 999, 1, 'back')");
        Assert.AreEqual(1062, (await c.ErrorAsync("UPDATE t SET u = 999 WHERE u = 0")).ErrorCode);
        Assert.AreEqual(1062, (await c.ErrorAsync("INSERT INTO t VALUES (100000, 1, 1, 'x')")).ErrorCode);
        await c.ExecAsync("INSERT INTO t VALUES (100001, NULL, 1, 'x'), (100002, NULL, 1, 'y')");
        await AssertIndexesMatchAsync(c, "t", "at the end");
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task KillingTheUpsMasterUnderIndexedWritesLeavesEveryIndexExactAndADailyMergeKeepsIndexQueryResults()
    {
        var settings = UpsCluster.FastFailover();
        settings["merge_release_grace"] = "1s";
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = settings });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE ix");
        await c.ChangeDatabaseAsync("ix");
        await c.ExecAsync(Table);
        const int Rows = 2000;
        for (var start = 0; start < Rows; start += 500)
            await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 500).Select(i => $"({i}, {i}, {i % 50}, 's{i % 7}')")));
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));

        // 16 connections: updates of indexed columns (UNIQUE collisions included), inserts, deletes.
        using var stop = new CancellationTokenSource();
        var acknowledgedInserts = new ConcurrentDictionary<int, bool>();
        long ops = 0, duplicates = 0, failures = 0;
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var next = 1_000_000 + (w * 100_000);
            ObConnection? wc = null;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    wc ??= await Sql.OpenAsync(cluster, "ix");
                    var id = random.Next(Rows);
                    switch (random.Next(5))
                    {
                        case 0:
                        case 1:
                            await wc.ExecAsync($"UPDATE t SET u = {random.Next(Rows * 2)}, k = {random.Next(50)} WHERE id = {id}");
                            break;
                        case 2:
                            await wc.ExecAsync($"UPDATE t SET s = 's{random.Next(7)}', k = k + 1 WHERE id BETWEEN {id} AND {id + 3}");
                            break;
                        case 3:
                            var n = next++;
                            await wc.ExecAsync($"INSERT INTO t VALUES ({n}, {n}, {random.Next(50)}, 'new')");
                            acknowledgedInserts[n] = true;
                            break;
                        default:
                            await wc.ExecAsync($"DELETE FROM t WHERE id = {id}");
                            break;
                    }
                    Interlocked.Increment(ref ops);
                }
                catch (ObException e) when (e.ErrorCode == 1062)
                {
                    Interlocked.Increment(ref duplicates);
                }
                catch (ObException)
                {
                    Interlocked.Increment(ref failures);
                    if (wc is not null && wc.State != System.Data.ConnectionState.Open)
                    {
                        await wc.DisposeAsync();
                        wc = null;
                    }
                    await Task.Delay(20);
                }
            }
            if (wc is not null)
                await wc.DisposeAsync();
        })).ToList();
        try
        {
            await TestCluster.WaitUntilAsync(() => Task.FromResult(Interlocked.Read(ref ops) > 300), TimeSpan.FromSeconds(60), "writes before the kill");
            await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
            var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
            master.Kill();
            var atKill = Interlocked.Read(ref ops);
            await TestCluster.WaitUntilAsync(() => Task.FromResult(Interlocked.Read(ref ops) > atKill + 300), TimeSpan.FromSeconds(30), "writes on the new master");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
        TestContext.WriteLine($"{ops} writes, {duplicates} refused as duplicates, {failures} failed in {clock.Elapsed.TotalSeconds:F1}s");
        Assert.IsTrue(duplicates > 0, "the load hit UNIQUE collisions");

        await using var check = await Sql.OpenAsync(cluster, "ix");
        var present = (await check.RowsAsync("SELECT id FROM t WHERE id >= 1000000")).Select(int.Parse).ToHashSet();
        var lost = acknowledgedInserts.Keys.Where(id => !present.Contains(id)).ToList();
        Assert.AreEqual(0, lost.Count, $"acknowledged but lost: {string.Join(",", lost.Take(20))}");
        await AssertIndexesMatchAsync(check, "t", "after the master was killed");

        string[] queries =
        [
            "SELECT id, u FROM t WHERE u BETWEEN 100 AND 300 ORDER BY u",
            "SELECT k, COUNT(*) FROM t WHERE k IN (3, 7, 11) GROUP BY k ORDER BY k",
            "SELECT s, k, id FROM t WHERE s = 's3' AND k < 20 ORDER BY k, id",
            "SELECT COUNT(*), SUM(u), SUM(k) FROM t",
        ];
        var before = await check.ResultsOfAsync(queries);
        await check.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        var frozen = ulong.Parse((await cluster.StatusAsync(cluster.RootServer)).Values["frozen_version"], CultureInfo.InvariantCulture);
        await TestCluster.WaitUntilAsync(async () =>
        {
            var rows = await check.RowsAsync("SELECT merged_version, tablets_total, tablets_merged FROM __all_merge_stat");
            return rows.Count > 0 && rows.All(r => r.Split('|') is var f && ulong.Parse(f[0], CultureInfo.InvariantCulture) >= frozen && f[1] == f[2]);
        }, TimeSpan.FromSeconds(120), "the ChunkServer merged every tablet, index tablets included");
        await TestCluster.WaitUntilAsync(async () =>
            ulong.Parse((await cluster.StatusAsync(cluster.RootServer)).Values["released_version"], CultureInfo.InvariantCulture) >= frozen,
            TimeSpan.FromSeconds(60), "the UPS may release the merged increments");
        CollectionAssert.AreEqual(before, await check.ResultsOfAsync(queries), "index query results after the merge");
        await AssertIndexesMatchAsync(check, "t", "after the merge");
        var taken = (await check.RowsAsync("SELECT u FROM t WHERE u IS NOT NULL ORDER BY id LIMIT 1"))[0];
        Assert.AreEqual(1062, (await check.ErrorAsync($"INSERT INTO t VALUES (5000000, {taken}, 1, 'x')")).ErrorCode,
            "a UNIQUE value whose row lives only in the merged baseline still collides");
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task CreateIndexUnderConcurrentWritesLosesNoEntryAndAUniqueIndexOverDuplicatesLeavesNothing()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Settings = new Dictionary<string, string> { ["log_sync_type"] = "0" } });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE ix");
        await c.ChangeDatabaseAsync("ix");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, u INT, k INT, s VARCHAR(20))");
        const int Rows = 3000;
        for (var start = 0; start < Rows; start += 500)
            await c.ExecAsync("INSERT INTO t VALUES " + string.Join(",", Enumerable.Range(start, 500).Select(i => $"({i}, {i}, {i % 10}, 's{i % 7}')")));

        using var stop = new CancellationTokenSource();
        long ops = 0;
        var errors = new ConcurrentQueue<string>();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var next = 1_000_000 + (w * 100_000);
            await using var wc = await Sql.OpenAsync(cluster, "ix");
            while (!stop.IsCancellationRequested)
            {
                var id = random.Next(Rows);
                try
                {
                    await (random.Next(4) switch
                    {
                        0 => wc.ExecAsync($"UPDATE t SET k = {random.Next(10)}, s = 's{random.Next(7)}' WHERE id = {id}"),
                        1 => wc.ExecAsync($"DELETE FROM t WHERE id = {id}"),
                        2 => wc.ExecAsync($"INSERT INTO t VALUES ({next++}, {next}, {random.Next(10)}, 'new')"),
                        _ => wc.ExecAsync($"UPDATE t SET k = k + 1 WHERE id BETWEEN {id} AND {id + 5}"),
                    });
                    Interlocked.Increment(ref ops);
                }
                catch (ObException e)
                {
                    // A writer may meet a UNIQUE index while it is being built: writers enforce it at once.
                    if (e.ErrorCode != 1062)
                        errors.Enqueue(e.Message);
                }
            }
        })).ToList();
        try
        {
            await TestCluster.WaitUntilAsync(() => Task.FromResult(Interlocked.Read(ref ops) > 100), TimeSpan.FromSeconds(60), "writes before the build");
            var atStart = Interlocked.Read(ref ops);
            await c.ExecAsync("CREATE INDEX kk ON t (k)");
            await c.ExecAsync("ALTER TABLE t ADD INDEX ks (s, k), ADD UNIQUE KEY uu (u)");
            TestContext.WriteLine($"{Interlocked.Read(ref ops) - atStart} writes ran during the builds");
            Assert.IsTrue(Interlocked.Read(ref ops) > atStart, "writes continued during the build");
            var failed = await c.ErrorAsync("CREATE UNIQUE INDEX dup ON t (k)");
            Assert.AreEqual(1062, failed.ErrorCode);
            StringAssert.Contains(failed.Message, "for key 'dup'");
            await TestCluster.WaitUntilAsync(() => Task.FromResult(Interlocked.Read(ref ops) > atStart + 200), TimeSpan.FromSeconds(60), "writes after the builds");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
        Assert.IsTrue(errors.IsEmpty, string.Join("\n", errors.Take(5)));
        var keys = await c.RowsAsync("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'ix' AND TABLE_NAME = 't' ORDER BY INDEX_NAME");
        CollectionAssert.AreEqual(new[] { "kk", "ks", "PRIMARY", "uu" }, keys, "the failed UNIQUE index left nothing");
        await AssertIndexesMatchAsync(c, "t", "after the online builds");
    }
}
