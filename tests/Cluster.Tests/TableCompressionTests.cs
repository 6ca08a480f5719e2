using System.Globalization;
using System.Security.Cryptography;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Storage;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// COMPRESSION= of a table reaches the ChunkServers through the RootServer's heartbeat and decides what
// the daily merge (and the split inside it) writes; every file names its method, so a restarted
// cluster reads them whatever the ChunkServers' own compress_method says.
[TestClass]
public sealed class TableCompressionTests
{
    private static readonly string[] Tables = ["lz", "zs", "pl"];

    [TestMethod]
    [Timeout(300_000)]
    public async Task TablesWithLz4AndZstdSurviveADailyMergeASplitAndAWholeClusterRestartWithIdenticalResults()
    {
        var options = ClusterOptions.ForMerges();
        await using var cluster = await TestCluster.StartAsync(options);
        var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE r");
        await c.ChangeDatabaseAsync("r");
        // Created in this order, so their table ids ascend in this order too.
        await c.ExecAsync("CREATE TABLE lz (id INT PRIMARY KEY, a INT NOT NULL, s VARCHAR(64)) COMPRESSION='lz4'");
        await c.ExecAsync("CREATE TABLE zs (id INT PRIMARY KEY, a INT NOT NULL, s VARCHAR(64)) COMPRESSION = 'zstd_1.0'");
        await c.ExecAsync("CREATE TABLE pl (id INT PRIMARY KEY, a INT NOT NULL, s VARCHAR(64))");
        StringAssert.EndsWith((await c.RowsAsync("SHOW CREATE TABLE zs")).Single(), "COMPRESSION='zstd'");
        Assert.AreEqual(1478, (await c.ErrorAsync("CREATE TABLE bad (id INT PRIMARY KEY) COMPRESSION='snappy'")).ErrorCode);

        foreach (var table in Tables)
        {
            for (var start = 0; start < 30_000; start += 1000)
                await c.ExecAsync($"INSERT INTO {table} VALUES " + string.Join(",", Enumerable.Range(start, 1000).Select(i => $"({i},{i % 1000},'{Text(i)}')")));
            await c.ExecAsync($"DELETE FROM {table} WHERE id % 10 = 3");
        }
        var before = await c.ResultsOfAsync(Queries());
        await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
        CollectionAssert.AreEqual(before, await c.ResultsOfAsync(Queries()), "results after the merge");
        foreach (var table in Tables)
        {
            var tablets = await c.RowsAsync($"SELECT start_key FROM __all_tablet WHERE table_name = 'r.{table}'");
            Assert.IsTrue(tablets.Count >= 2, $"{table} split: {tablets.Count} tablets");
        }
        await AssertFilesWrittenWithAsync(cluster, SSTableCompressor.Lz4, SSTableCompressor.Zstd, SSTableCompressor.None);

        await c.ExecAsync("UPDATE lz SET a = a + 1000 WHERE id < 100");
        await c.ExecAsync("DELETE FROM zs WHERE id = 777");
        before = await c.ResultsOfAsync(Queries());
        await c.DisposeAsync();
        await cluster.RestartAsync(options);

        c = await Sql.OpenAsync(cluster, "r");
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                return (await c.ResultsOfAsync(Queries())).SequenceEqual(before);
            }
            catch (ObException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the restarted cluster to answer as before");
        await DailyMergeWait.FreezeAndWaitAsync(cluster, c);
        CollectionAssert.AreEqual(before, await c.ResultsOfAsync(Queries()), "results after a merge following the restart");
        await AssertFilesWrittenWithAsync(cluster, SSTableCompressor.Lz4, SSTableCompressor.Zstd, SSTableCompressor.None);
        Assert.AreEqual("", (await cluster.StatusAsync(cluster.RootServer)).Values["merge_alarms"], "replica checksums agree");
        await c.DisposeAsync();
    }

    // 60 characters of base64 that a compressor can shrink by a quarter at most, so every table still
    // outgrows tablet_max_size and splits whatever it is written with.
    private static string Text(int i) => Convert.ToBase64String(SHA256.HashData(BitConverter.GetBytes(i)))[..30]
        + Convert.ToBase64String(SHA256.HashData(BitConverter.GetBytes(-i - 1)))[..30];

    private static string[] Queries() =>
    [
        .. Tables.SelectMany(t => new[]
        {
            $"SELECT COUNT(*), SUM(a), MIN(id), MAX(id) FROM {t}",
            $"SELECT id, a, s FROM {t} WHERE id IN (0, 7, 13, 99, 777, 19999)",
            $"SELECT COUNT(*), SUM(a) FROM {t} WHERE id BETWEEN 5000 AND 15000",
        }),
    ];

    // Tablet files are t<table id>_v<version>_<n>.sst; each table's files all carry its method.
    private static async Task AssertFilesWrittenWithAsync(TestCluster cluster, params SSTableCompressor[] byTableOrder)
    {
        var byTable = new SortedDictionary<ulong, HashSet<SSTableCompressor>>();
        foreach (var cs in cluster.Roles.Where(r => r.Role == "cs"))
        {
            var dir = Path.Combine(cluster.Directory, $"cs{cs.Instance}", "data", "tablets");
            foreach (var file in Directory.GetFiles(dir, "t*_v*.sst"))
            {
                var id = ulong.Parse(Path.GetFileName(file)[1..].Split('_')[0], CultureInfo.InvariantCulture);
                using var reader = await SSTableReader.OpenAsync(file);
                (byTable.TryGetValue(id, out var set) ? set : byTable[id] = []).Add(reader.Compressor);
            }
        }
        Assert.AreEqual(byTableOrder.Length, byTable.Count, "files of " + string.Join(",", byTable.Keys));
        var i = 0;
        foreach (var (id, methods) in byTable)
        {
            CollectionAssert.AreEquivalent(new[] { byTableOrder[i] }, methods.ToArray(), $"table {id} ({Tables[i]})");
            i++;
        }
    }
}
