using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// The RootServer pair (real processes, SIGKILL): the backup takes over with every acknowledged
// schema change, writes go on meanwhile, and a returning RS rejoins as the backup.
[TestClass]
public sealed class RootServerPairTests
{
    private static readonly Dictionary<string, string> FastLease = new() { ["rs_lease_time"] = "1s" };
    // RsFaultPoints.ClaimGrantedNotAnswered (RootServer/Pair/RsFaultPoints.cs).
    private const string ClaimGrantedNotAnswered = "rs.claim_granted_not_answered";

    [TestMethod]
    [Timeout(240_000)]
    public async Task KillingThePrimaryRootServerHandsTheClusterToTheBackupAndTheOldPrimaryRejoinsAsBackup()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Rs = 2, Cs = 1, Settings = FastLease });
        var rs1 = cluster.Get("rs", 1);
        var rs2 = cluster.Get("rs", 2);
        await WaitForRoleAsync(cluster, rs1, "primary");
        await WaitForRoleAsync(cluster, rs2, "backup");
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE drill");
            await c.ExecAsync("CREATE TABLE drill.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        var load = new InsertLoad(cluster, writers: 4);
        try
        {
            await load.WaitForMoreAsync(100, "inserts before the RS kill");

            rs1.Kill();
            var killedAt = Stopwatch.StartNew();
            await WaitForRoleAsync(cluster, rs2, "primary");
            await using (var c = await Sql.OpenAsync(cluster, "drill"))
            {
                // DDL needs the primary RS: it works again, and the table made before the kill is known.
                await TestCluster.WaitUntilAsync(async () => await TryExecAsync(c, "CREATE TABLE t2 (id INT PRIMARY KEY, v INT)"),
                    TimeSpan.FromSeconds(15), "CREATE TABLE through the new primary RS");
                Assert.IsTrue(killedAt.Elapsed < TimeSpan.FromSeconds(20), $"DDL came back {killedAt.Elapsed.TotalSeconds:0.0}s after the kill");
                await c.ExecAsync("INSERT INTO t2 VALUES (1, 10), (2, 20)");
            }
            await load.WaitForMoreAsync(100, "inserts after the RS takeover");

            rs1.Start();
            await WaitForRoleAsync(cluster, rs1, "backup");
            // The returning RS got the state of the new primary (t2 included): it serves it after the next takeover.
            await TestCluster.WaitUntilAsync(async () => await cluster.StatusValueAsync(rs2, "rs_peer_in_sync") == "true",
                TimeSpan.FromSeconds(30), "the old primary in sync as backup");
            rs2.Kill();
            await WaitForRoleAsync(cluster, rs1, "primary");
            await using (var c = await Sql.OpenAsync(cluster, "drill"))
            {
                await TestCluster.WaitUntilAsync(async () => await TryExecAsync(c, "CREATE TABLE t3 (id INT PRIMARY KEY)"),
                    TimeSpan.FromSeconds(15), "CREATE TABLE through the first RS again");
                CollectionAssert.AreEqual(new[] { "1|10", "2|20" }, (await c.RowsAsync("SELECT id, v FROM t2")).ToArray());
            }
            await load.WaitForMoreAsync(100, "inserts after the second RS takeover");
            await load.StopAsync();
            Assert.AreEqual(0, load.Failed, load.LastError);
            await using (var c = await Sql.OpenAsync(cluster, "drill"))
                await load.AssertNoneLostAsync(c);
        }
        finally
        {
            await load.StopAsync();
        }
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task APairWhoseClaimGrantIsAnsweredTooLateStillElectsAPrimary()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Rs = 2, Cs = 1, Settings = FastLease });
        var watch = new RsPairWatch(cluster);
        await watch.WaitSettledAsync(TimeSpan.FromSeconds(60));
        var pair = new[] { cluster.Get("rs", 1), cluster.Get("rs", 2) };
        // Both start again: one claims, the other grants it (becoming its backup) and holds the answer back past the
        // claim's timeout (half a lease), as a loaded machine did in CI. On a loaded machine the two may also start
        // so far apart that the first finds its peer refusing connections and becomes primary alone, granting
        // nothing (the fault point is never reached); then the restart is tried again.
        RoleProcess? granter = null;
        for (var attempt = 1; granter is null; attempt++)
        {
            foreach (var rs in pair)
                rs.Kill();
            foreach (var rs in pair)
                rs.Arm(ClaimGrantedNotAnswered);
            foreach (var rs in pair)
                rs.Start();
            try
            {
                await TestCluster.WaitUntilAsync(() =>
                {
                    granter = pair.FirstOrDefault(rs => File.Exists(Path.Combine(rs.FaultDir, ClaimGrantedNotAnswered + ".reached")));
                    return Task.FromResult(granter is not null);
                }, TimeSpan.FromSeconds(20), "a RootServer to grant its peer's claim");
            }
            catch (TimeoutException) when (attempt < 5)
            {
            }
        }
        Assert.AreEqual("backup", await cluster.StatusValueAsync(granter!, "rs_role"));
        // At least twice the claim's timeout (lease 1 s: 0.5 s): the claimer has given up on this answer.
        await Task.Delay(TimeSpan.FromSeconds(2));
        granter!.Release(ClaimGrantedNotAnswered);
        var (primary, backup) = await watch.WaitSettledAsync(TimeSpan.FromSeconds(30));
        Assert.AreSame(granter, backup, "the RS that granted the claim stays the backup");
        await using var c = await Sql.OpenAsync(cluster);
        await TestCluster.WaitUntilAsync(async () => await TryExecAsync(c, "CREATE DATABASE elected"),
            TimeSpan.FromSeconds(30), $"DDL through the elected primary {primary.Address}");
    }

    private static async Task<bool> TryExecAsync(OceanClassic.ObClient.ObConnection c, string sql)
    {
        try
        {
            await c.ExecAsync(sql);
            return true;
        }
        catch (OceanClassic.ObClient.Errors.ObException)
        {
            return false;
        }
    }

    private static Task WaitForRoleAsync(TestCluster cluster, RoleProcess rs, string role) => new RsPairWatch(cluster).WaitForRoleAsync(rs, role);
}
