using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

[TestClass]
public sealed class ChunkServerFailureTests
{
    [TestMethod]
    [Timeout(180_000)]
    public async Task ReadsKeepWorkingWhileAChunkServerIsKilledAndItsTabletsAreReplacedOnAnother()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Cs = 3,
            Settings = new Dictionary<string, string> { ["cs_lease_duration_time"] = "2s", ["tablet_replicas_num"] = "2" },
        });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE f");
        await c.ExecAsync("CREATE TABLE f.t (id INT PRIMARY KEY, v INT)");
        await c.ExecAsync("INSERT INTO f.t VALUES " + string.Join(",", Enumerable.Range(1, 500).Select(i => $"({i},{i})")));
        var replicas = (await cluster.Rpc.CallAsync(cluster.RootServer.Address, Common.Protos.PacketCodes.RsGetTablets,
            new Common.Protos.TabletLocationRequest { TableId = 1000 }, Common.Protos.TabletLocationResponse.Parser)).Tablets.Single().Replicas;
        Assert.AreEqual(2, replicas.Count);

        var victim = cluster.Roles.Single(r => r.Role == "cs" && r.Address == replicas[0]);
        victim.Kill();
        // Every read succeeds: the MergeServer retries the other replica, then follows the RS as it
        // re-places the tablet on the third ChunkServer.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        var reads = 0;
        while (DateTime.UtcNow < deadline)
        {
            Assert.AreEqual("500|125250", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM f.t")).Single());
            reads++;
        }
        Assert.IsTrue(reads > 5);
        await TestCluster.WaitUntilAsync(async () =>
        {
            var tablet = (await cluster.Rpc.CallAsync(cluster.RootServer.Address, Common.Protos.PacketCodes.RsGetTablets,
                new Common.Protos.TabletLocationRequest { TableId = 1000 }, Common.Protos.TabletLocationResponse.Parser)).Tablets.Single();
            return !tablet.Replicas.Contains(victim.Address) && tablet.Replicas.Count == 2;
        }, TimeSpan.FromSeconds(20), "the tablet re-placed on a live ChunkServer");
        Assert.AreEqual("500|125250", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM f.t")).Single());
    }
}
