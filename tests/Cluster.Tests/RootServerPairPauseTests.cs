using System.Globalization;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// The RootServer pair with the primary paused (SIGSTOP) at each phase of its work, caught there by a
// fault point (RootServer/Pair/RsFaultPoints): after applying a change before shipping it, after a
// request's work before its reply, and between the backup's answer to a lease renewal and acting on
// it. The backup takes over and acknowledges a new table and its rows; the old primary, resumed,
// acknowledges nothing it cannot prove, becomes the backup and takes the winner's state, which it
// then serves itself after the next takeover: no acknowledged table or row is lost, no id reused.
[TestClass]
public sealed class RootServerPairPauseTests
{
    private const int TableExists = 1050;
    private const int DuplicateEntry = 1062;

    [TestMethod]
    [Timeout(300_000)]
    [DataRow("rs.applied_not_shipped")]
    [DataRow("rs.worked_not_replied")]
    [DataRow("rs.renewal_answered")]
    public async Task APrimaryPausedAtEachPhaseOfItsWorkAcknowledgesNothingStaleAndTheBackupsStateWins(string point)
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Rs = 2, Cs = 1 });
        var pair = new RsPairWatch(cluster);
        var (rs1, rs2) = await pair.WaitSettledAsync(TimeSpan.FromSeconds(60));
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE p");
            await c.ExecAsync("CREATE TABLE p.a (id INT PRIMARY KEY, tab VARCHAR(20))");
            await c.ExecAsync("INSERT INTO p.a VALUES (1, 'a'), (2, 'a')");
        }
        var before = await pair.CheckTableIdsAsync("p");

        // A change in flight on the primary when it stops: CREATE TABLE b (for the renewal phase it
        // is sent after the pause, so it goes to whichever RS serves).
        rs1.Arm(point, point == "rs.worked_not_replied" ? PacketCodes.RsCreateTable.ToString(CultureInfo.InvariantCulture) : "");
        Task<bool>? createB = null;
        if (point != "rs.renewal_answered")
            createB = CreateWithRowsAsync(cluster, "b");
        await rs1.WaitReachedAsync(point, TimeSpan.FromSeconds(60));
        rs1.Pause();
        try
        {
            createB ??= CreateWithRowsAsync(cluster, "b");
            await pair.WaitForRoleAsync(rs2, "primary");
            // The new primary acknowledges a table and rows while the old one is stopped.
            await TestCluster.WaitUntilAsync(() => CreateWithRowsAsync(cluster, "c"), TimeSpan.FromSeconds(60), "table c through the new primary");
        }
        finally
        {
            rs1.Release(point);
            rs1.Resume();
        }
        var bAcknowledged = await createB;

        // The resumed RS does not take the cluster back: it is the backup of the new primary.
        (var primary, var backup) = await pair.WaitSettledAsync(TimeSpan.FromSeconds(90));
        Assert.AreEqual(rs2.Address, primary.Address, "the resumed old primary took the cluster back");
        await TestCluster.WaitUntilAsync(() => CreateWithRowsAsync(cluster, "d"), TimeSpan.FromSeconds(60), "table d after the old primary resumed");
        var after = await pair.CheckTableIdsAsync("p");
        Assert.AreEqual(before["a"], after["a"]);
        Assert.IsTrue(after.ContainsKey("c") && after.ContainsKey("d"), string.Join(",", after.Keys));
        if (bAcknowledged)
            Assert.IsTrue(after.ContainsKey("b"), "CREATE TABLE b was acknowledged but b is gone");
        await AssertRowsAsync(cluster, after.Keys.Where(t => t != "b" || bAcknowledged));

        // The old primary holds the winner's state: it serves all of it after the next takeover.
        rs2.Kill();
        await pair.WaitForRoleAsync(rs1, "primary");
        await TestCluster.WaitUntilAsync(() => CreateWithRowsAsync(cluster, "e"), TimeSpan.FromSeconds(60), "table e through the first RS again");
        var last = await pair.CheckTableIdsAsync("p");
        CollectionAssert.IsSubsetOf(after.Keys.ToList(), last.Keys.ToList());
        await AssertRowsAsync(cluster, last.Keys.Where(t => t != "b" || bAcknowledged));
    }

    // CREATE TABLE p.<name> and two rows tagged with its name; true once acknowledged (a table or rows
    // left by an earlier, unacknowledged try count: AssertRowsAsync checks each row is its table's).
    private static async Task<bool> CreateWithRowsAsync(TestCluster cluster, string name)
    {
        try
        {
            await using var c = await Sql.OpenAsync(cluster, "p");
            try
            {
                await c.ExecAsync($"CREATE TABLE {name} (id INT PRIMARY KEY, tab VARCHAR(20))");
            }
            catch (ObException e) when (e.ErrorCode == TableExists)
            {
                // made by an earlier try whose answer was lost
            }
            try
            {
                await c.ExecAsync($"INSERT INTO {name} VALUES (1, '{name}'), (2, '{name}')");
            }
            catch (ObException e) when (e.ErrorCode == DuplicateEntry)
            {
                // written by an earlier try whose answer was lost
            }
            return true;
        }
        catch (ObException)
        {
            return false;
        }
    }

    private static async Task AssertRowsAsync(TestCluster cluster, IEnumerable<string> tables)
    {
        await using var c = await Sql.OpenAsync(cluster, "p");
        foreach (var t in tables)
            CollectionAssert.AreEqual(new[] { $"1|{t}", $"2|{t}" }, (await c.RowsAsync($"SELECT id, tab FROM {t} ORDER BY id")).ToArray(), t);
    }
}
