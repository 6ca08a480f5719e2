using System.Globalization;
using System.Text;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;

namespace OceanClassic.Cluster.Tests;

[TestClass]
public sealed class MinorFreezeTests
{
    [TestMethod]
    [Timeout(240_000)]
    public async Task AKilledUpdateServerRestartsFromItsDumpAndReplaysOnlyTheLogAfterIt()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Cs = 1,
            Settings = new Dictionary<string, string> { ["active_mem_limit"] = "1048576" },
        });
        var ups = cluster.Get("ups");
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE mf");
            await c.ExecAsync("USE mf");
            await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT, s VARCHAR(200))");
            var filler = new string('m', 150);
            for (var batch = 0; batch < 50; batch++)
            {
                var sql = new StringBuilder("INSERT INTO t VALUES ");
                for (var i = 0; i < 100; i++)
                {
                    var id = (batch * 100) + i;
                    sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}({id}, {id}, '{filler}')");
                }
                await c.ExecAsync(sql.ToString());
            }

            // Over active_mem_limit: the UPS froze and dumped on its own.
            await TestCluster.WaitUntilAsync(async () => long.Parse((await StatusAsync(cluster, ups.Address)).Values["minor_freezes"], CultureInfo.InvariantCulture) >= 1,
                TimeSpan.FromSeconds(30), "an automatic minor freeze");
            await c.ExecAsync("UPDATE t SET v = v + 1 WHERE id < 10");
            await c.ExecAsync("ALTER SYSTEM MINOR FREEZE");
            var stat = await c.RowsAsync("SELECT frozen_memtable_bytes > 0, active_memtable_bytes < frozen_memtable_bytes FROM __all_ups_stat");
            CollectionAssert.AreEqual(new[] { "1|1" }, stat);
            for (var id = 5000; id < 5010; id++)
                await c.ExecAsync($"INSERT INTO t VALUES ({id}, {id}, 'after')");
        }

        ups.Kill();
        ups.Start();
        await using var check = await Sql.OpenAsync(cluster, "mf");
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                return (await check.ScalarAsync("SELECT COUNT(*) FROM t"))?.ToString() == "5010";
            }
            catch (ObClient.ObException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "every row back after the restart");
        Assert.AreEqual("55", (await check.ScalarAsync("SELECT SUM(v) FROM t WHERE id < 10"))?.ToString(), "updates before the dump survive");
        Assert.AreEqual("after", (await check.ScalarAsync("SELECT s FROM t WHERE id = 5009"))?.ToString());
        var status = await StatusAsync(cluster, ups.Address);
        Assert.AreEqual("10", status.Values["replayed_entries"], "only the 10 inserts after the dump are replayed");
        StringAssert.Contains(ups.ReadLog(), "dump loaded");
    }

    private static async Task<StatusResponse> StatusAsync(TestCluster cluster, string address) =>
        await cluster.Rpc.CallAsync(address, PacketCodes.Status, new Empty(), StatusResponse.Parser);
}
