using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

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

    [TestMethod]
    [Timeout(180_000)]
    public async Task AMergedTabletWhoseReplicaDiesIsCopiedToAnotherChunkServerAndOutlivesBothOriginalReplicas()
    {
        await using var cluster = await StartAsync();
        await using var c = await Sql.OpenAsync(cluster);
        var (tablet, victim, survivor, third) = await MergedTableAsync(cluster, c);

        victim.Kill();
        Assert.AreEqual("500|125250", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM m.t")).Single());
        // The RS assigns the third ChunkServer, which copies the baseline from the survivor; only once
        // it reports holding it does the dead replica leave the tablet.
        await TestCluster.WaitUntilAsync(async () =>
            (await TabletAsync(cluster)).Replicas.Order().SequenceEqual(new[] { survivor.Address, third.Address }.Order()),
            TimeSpan.FromSeconds(30), "the tablet held by the survivor and the third ChunkServer");
        await third.WaitForLogAsync($"copied tablet of table {tablet.TableId} at version {tablet.Version} from {survivor.Address}", "the third ChunkServer copied the baseline");

        survivor.Kill();
        Assert.AreEqual("500|125250", (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM m.t")).Single(), "the copy serves every row");
        Assert.AreEqual("250|250", (await c.RowsAsync("SELECT id, v FROM m.t WHERE id = 250")).Single());
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ACorruptBaselineIsNeverCopiedAndTheDeadReplicaKeepsItsPlaceUntilItReturns()
    {
        await using var cluster = await StartAsync();
        await using var c = await Sql.OpenAsync(cluster);
        var (tablet, victim, survivor, third) = await MergedTableAsync(cluster, c);
        var sstable = Directory.GetFiles(TabletDir(cluster, survivor), "*.sst").Single();
        await using (var file = new FileStream(sstable, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 16;
            var b = file.ReadByte();
            file.Position = 16;
            file.WriteByte((byte)(b ^ 0xFF));
        }

        victim.Kill();
        await third.WaitForLogAsync($"copying the tablet of table {tablet.TableId} at version {tablet.Version} from {survivor.Address} failed: .*block",
            "the third ChunkServer rejected the corrupt copy");
        Assert.AreEqual("0", (await cluster.StatusAsync(third)).Values["tablet_count"], "the rejected copy is not served");
        CollectionAssert.Contains((await TabletAsync(cluster)).Replicas.ToList(), victim.Address, "no live replica holds a good baseline: the dead one stays");

        // The dead replica returns with its intact baseline: every row is readable again.
        victim.Start();
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                return (await c.RowsAsync("SELECT COUNT(*), SUM(v) FROM m.t")).Single() == "500|125250";
            }
            catch (ObException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "every row read from the returned replica");
    }

    private static Task<TestCluster> StartAsync() => TestCluster.StartAsync(new ClusterOptions
    {
        Cs = 3,
        Settings = new Dictionary<string, string> { ["cs_lease_duration_time"] = "2s", ["tablet_replicas_num"] = "2" },
    });

    // m.t with 500 rows merged into its two replicas' baseline SSTables (not only in the UPS any more).
    private static async Task<(Common.Protos.TabletInfo Tablet, RoleProcess Victim, RoleProcess Survivor, RoleProcess Third)> MergedTableAsync(TestCluster cluster, ObConnection c)
    {
        await c.ExecAsync("CREATE DATABASE m");
        await c.ExecAsync("CREATE TABLE m.t (id INT PRIMARY KEY, v INT)");
        await c.ExecAsync("INSERT INTO m.t VALUES " + string.Join(",", Enumerable.Range(1, 500).Select(i => $"({i},{i})")));
        await c.ExecAsync("ALTER SYSTEM MAJOR FREEZE");
        await TestCluster.WaitUntilAsync(async () =>
        {
            var rows = await c.RowsAsync("SELECT merged_version, frozen_version FROM __all_merge_stat");
            return rows.Count == 3 && rows.All(r => r.Split('|') is var f && f[0] == f[1] && f[1] != "0");
        }, TimeSpan.FromSeconds(60), "every ChunkServer merged");
        var tablet = await TabletAsync(cluster);
        Assert.AreEqual(500, tablet.RowCount, "the merged baseline holds the rows");
        var victim = cluster.Roles.Single(r => r.Role == "cs" && r.Address == tablet.Replicas[0]);
        var survivor = cluster.Roles.Single(r => r.Role == "cs" && r.Address == tablet.Replicas[1]);
        return (tablet, victim, survivor, cluster.Roles.Single(r => r.Role == "cs" && r != victim && r != survivor));
    }

    private static string TabletDir(TestCluster cluster, RoleProcess cs) => Path.Combine(cluster.Directory, $"cs{cs.Instance}", "data", "tablets");

    private static async Task<Common.Protos.TabletInfo> TabletAsync(TestCluster cluster) =>
        (await cluster.Rpc.CallAsync(cluster.RootServer.Address, Common.Protos.PacketCodes.RsGetTablets,
            new Common.Protos.TabletLocationRequest { TableId = 1000 }, Common.Protos.TabletLocationResponse.Parser)).Tablets.Single();
}
