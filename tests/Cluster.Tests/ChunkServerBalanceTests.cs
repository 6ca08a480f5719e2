using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;

namespace OceanClassic.Cluster.Tests;

// Scaling out: a ChunkServer that joins gets a fair share of the existing tablets (the RS moves
// them one at a time; a tablet with rows is copied before its old replica lets it go).
[TestClass]
public sealed class ChunkServerBalanceTests
{
    private const int Tables = 6;

    [TestMethod]
    [Timeout(240_000)]
    public async Task AChunkServerThatJoinsTakesOverItsShareOfMergedTabletsAndServesTheirRows()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Cs = 2,
            Settings = new Dictionary<string, string> { ["tablet_replicas_num"] = "1", ["merge_release_grace"] = "1s" },
        });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE b");
        for (var t = 0; t < Tables; t++)
        {
            await c.ExecAsync($"CREATE TABLE b.t{t} (id INT PRIMARY KEY, v INT)");
            await c.ExecAsync($"INSERT INTO b.t{t} VALUES " + string.Join(",", Enumerable.Range(1, 100).Select(i => $"({i},{i * t})")));
        }
        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        await TestCluster.WaitUntilAsync(async () =>
        {
            var rows = await c.RowsAsync("SELECT merged_version, frozen_version FROM __all_merge_stat");
            return rows.Count == 2 && rows.All(r => r.Split('|') is var f && f[0] == f[1] && f[1] != "0");
        }, TimeSpan.FromSeconds(60), "both ChunkServers merged");
        Assert.IsTrue((await TabletsAsync(cluster)).All(t => t.RowCount == 100), "every baseline holds its rows");

        var joined = cluster.AddChunkServer();
        await TestCluster.WaitUntilAsync(async () =>
        {
            var tablets = await TabletsAsync(cluster);
            var counts = cluster.Roles.Where(r => r.Role == "cs").Select(cs => tablets.Count(t => t.Replicas.Contains(cs.Address))).ToList();
            return tablets.All(t => t.Replicas.Count == 1) && counts.All(n => n == Tables / 3);
        }, TimeSpan.FromSeconds(90), "each of the 3 ChunkServers holding 2 tablets");

        // The joined ChunkServer is now the only replica of its tablets: their rows come from its copies.
        var moved = (await TabletsAsync(cluster)).Where(t => t.Replicas.Single() == joined.Address).ToList();
        Assert.AreEqual(2, moved.Count);
        foreach (var tablet in moved)
        {
            var t = tablet.TableId - 1000;
            Assert.AreEqual($"100|{5050 * (long)t}", (await c.RowsAsync($"SELECT COUNT(*), SUM(v) FROM b.t{t}")).Single());
            await joined.WaitForLogAsync($"copied tablet of table {tablet.TableId}", $"the joined ChunkServer copied table {tablet.TableId}");
        }
        for (var t = 0; t < Tables; t++)
            Assert.AreEqual($"100|{5050 * (long)t}", (await c.RowsAsync($"SELECT COUNT(*), SUM(v) FROM b.t{t}")).Single());
    }

    private static async Task<List<TabletInfo>> TabletsAsync(TestCluster cluster)
    {
        var tablets = new List<TabletInfo>();
        for (var t = 0; t < Tables; t++)
        {
            var response = await cluster.RootServers.CallAsync(PacketCodes.RsGetTablets, new TabletLocationRequest { TableId = 1000 + (ulong)t },
                TabletLocationResponse.Parser, CancellationToken.None);
            tablets.AddRange(response.Tablets);
        }
        return tablets;
    }
}
