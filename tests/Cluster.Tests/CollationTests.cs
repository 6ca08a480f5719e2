using System.Globalization;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// utf8mb4_general_ci end to end: a VARCHAR primary key keys by collation weights on the UpdateServer
// (duplicate check), in the MemTable, in merged baseline SSTables and in tablet split keys, while
// every read returns the spelling that was inserted.
[TestClass]
public sealed class CollationTests
{
    private const int Rows = 30_000;

    private static readonly string[] Queries =
    [
        "SELECT email, n FROM u WHERE email = 'USER-00005@EXAMPLE.COM'",
        "SELECT COUNT(*) FROM u WHERE email BETWEEN 'user-00100@example.com' AND 'USER-00200@EXAMPLE.COM'",
        "SELECT email FROM u WHERE email LIKE 'USER-0001_@example.COM' ORDER BY email DESC",
        "SELECT grp, COUNT(*) FROM u GROUP BY grp ORDER BY grp",
        "SELECT DISTINCT grp FROM u WHERE grp = 'even ' ORDER BY grp",
        "SELECT MIN(email), MAX(email) FROM u",
        "SELECT email FROM u WHERE email IN ('user-29999@EXAMPLE.com', 'nobody') ORDER BY email",
    ];

    [TestMethod]
    [Timeout(300_000)]
    public async Task AVarcharKeyIsCaseInsensitiveInTheMemTableAndInMergedBaselinesAndKeepsItsSpelling()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Settings = new Dictionary<string, string>
            {
                ["tablet_max_size"] = "1048576",
                ["enable_balance"] = "false",
                ["merge_release_grace"] = "1s",
                ["log_sync_type"] = "0",
            },
        });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE coll");
        await c.ChangeDatabaseAsync("coll");
        await c.ExecAsync("CREATE TABLE u (email VARCHAR(64) PRIMARY KEY, n INT NOT NULL, grp VARCHAR(8))");
        for (var start = 0; start < Rows; start += 1000)
        {
            var values = string.Join(",", Enumerable.Range(start, 1000).Select(i =>
                string.Create(CultureInfo.InvariantCulture, $"('User-{i:D5}@Example.com', {i}, '{(i % 2 == 0 ? (i % 4 == 0 ? "EVEN" : "even") : "Odd")}')")));
            await c.ExecAsync("INSERT INTO u VALUES " + values);
        }

        Assert.AreEqual(1062, (await c.ErrorAsync("INSERT INTO u VALUES ('user-00005@example.com', 0, 'x')")).ErrorCode);
        var before = await c.ResultsOfAsync(Queries);
        CollectionAssert.AreEqual(new[]
        {
            "User-00005@Example.com|5",
            "101",
            string.Join(";", Enumerable.Range(10, 10).Reverse().Select(i => $"User-{i:D5}@Example.com")),
            "EVEN|15000;Odd|15000",
            "EVEN",
            "User-00000@Example.com|User-29999@Example.com",
            "User-29999@Example.com",
        }, before);

        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        await TestCluster.WaitUntilAsync(async () =>
        {
            var rows = await c.RowsAsync("SELECT frozen_version, merged_version, tablets_total, tablets_merged FROM __all_merge_stat");
            return rows.Count == 3 && rows.All(r => r.Split('|') is var f && f[0] != "0" && f[0] == f[1] && f[2] == f[3]);
        }, TimeSpan.FromSeconds(120), "every ChunkServer merged");
        var tablets = await c.RowsAsync("SELECT start_key FROM __all_tablet WHERE table_name = 'coll.u'");
        Assert.IsTrue(tablets.Count >= 2, $"the table split on string keys: {string.Join(", ", tablets)}");

        CollectionAssert.AreEqual(before, await c.ResultsOfAsync(Queries), "results from merged baselines");
        Assert.AreEqual(1062, (await c.ErrorAsync("INSERT INTO u VALUES ('USER-00005@EXAMPLE.COM   ', 0, 'x')")).ErrorCode, "a merged row is still a duplicate");
        await c.ExecAsync("UPDATE u SET n = -1 WHERE email = 'user-00007@EXAMPLE.com'");
        await c.ExecAsync("DELETE FROM u WHERE email = 'USER-00008@example.com'");
        await c.ExecAsync("INSERT INTO u VALUES ('user-00008@example.com', 8, 'new')");
        CollectionAssert.AreEqual(new[] { "User-00007@Example.com|-1", "user-00008@example.com|8" },
            await c.RowsAsync("SELECT email, n FROM u WHERE email IN ('USER-00007@EXAMPLE.COM', 'USER-00008@EXAMPLE.COM') ORDER BY email"));
    }
}
