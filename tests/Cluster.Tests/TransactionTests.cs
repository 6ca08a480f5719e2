using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// Issue 4's transaction semantics, through the MySQL protocol against real processes.
[TestClass]
public sealed class TransactionTests
{
    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Cs = 2,
            Settings = new Dictionary<string, string> { ["lock_wait_timeout"] = "2s" },
        });
        await using var c = await Sql.OpenAsync(_cluster);
        await c.ExecAsync("CREATE DATABASE tx");
    }

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    private static async Task<ObConnection> CreateTableAsync(string table)
    {
        var c = await Sql.OpenAsync(_cluster, "tx");
        await c.ExecAsync($"CREATE TABLE {table} (id INT PRIMARY KEY, v INT NOT NULL)");
        await c.ExecAsync($"INSERT INTO {table} VALUES (1, 10), (2, 20)");
        return c;
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task AnotherConnectionSeesRowsOnlyAfterCommitAndTheWriterReadsItsOwn()
    {
        await using var writer = await CreateTableAsync("vis");
        await using var reader = await Sql.OpenAsync(_cluster, "tx");
        await writer.ExecAsync("BEGIN");
        await writer.ExecAsync("INSERT INTO vis VALUES (3, 30)");
        await writer.ExecAsync("UPDATE vis SET v = 11 WHERE id = 1");
        CollectionAssert.AreEqual(new[] { "1|11", "2|20", "3|30" }, await writer.RowsAsync("SELECT * FROM vis ORDER BY id"), "own writes");
        CollectionAssert.AreEqual(new[] { "1|10", "2|20" }, await reader.RowsAsync("SELECT * FROM vis ORDER BY id"), "uncommitted rows are invisible");
        await writer.ExecAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "1|11", "2|20", "3|30" }, await reader.RowsAsync("SELECT * FROM vis ORDER BY id"), "committed rows are visible");
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task RollbackRestoresEveryRow()
    {
        await using var c = await CreateTableAsync("rb");
        await c.ExecAsync("BEGIN");
        await c.ExecAsync("DELETE FROM rb WHERE id = 1");
        await c.ExecAsync("UPDATE rb SET v = 0 WHERE id = 2");
        await c.ExecAsync("INSERT INTO rb VALUES (9, 9)");
        await c.ExecAsync("ROLLBACK");
        CollectionAssert.AreEqual(new[] { "1|10", "2|20" }, await c.RowsAsync("SELECT * FROM rb ORDER BY id"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task ASecondTransactionOnTheSameRowWaitsForTheFirstOrTimesOutWith1205()
    {
        await using var first = await CreateTableAsync("lockrow");
        await using var second = await Sql.OpenAsync(_cluster, "tx");
        await first.ExecAsync("BEGIN");
        await first.ExecAsync("UPDATE lockrow SET v = v + 1 WHERE id = 1");

        await second.ExecAsync("BEGIN");
        var clock = Stopwatch.StartNew();
        var timeout = await second.ErrorAsync("UPDATE lockrow SET v = v + 100 WHERE id = 1");
        Assert.AreEqual(1205, timeout.ErrorCode);
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"gave up after {clock.Elapsed}, before lock_wait_timeout");

        var waiting = second.ExecAsync("UPDATE lockrow SET v = v + 100 WHERE id = 1");
        await Task.Delay(300);
        Assert.IsFalse(waiting.IsCompleted, "the second writer waits for the first one's lock");
        await first.ExecAsync("COMMIT");
        Assert.AreEqual(1, await waiting);
        await second.ExecAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "111" }, await first.RowsAsync("SELECT v FROM lockrow WHERE id = 1"), "both updates count, serialized");
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task SixteenConnectionsIncrementingInsideExplicitTransactionsAllCount()
    {
        await using (var c = await Sql.OpenAsync(_cluster, "tx"))
        {
            await c.ExecAsync("CREATE TABLE hot (id INT PRIMARY KEY, v INT NOT NULL)");
            await c.ExecAsync("INSERT INTO hot VALUES (1, 0)");
        }
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            await using var c = await Sql.OpenAsync(_cluster, "tx");
            for (var i = 0; i < 200; i++)
            {
                while (true)
                {
                    try
                    {
                        await c.ExecAsync("BEGIN");
                        await c.ExecAsync("UPDATE hot SET v = v + 1 WHERE id = 1");
                        await c.ExecAsync("COMMIT");
                        break;
                    }
                    catch (ObException e) when (e.ErrorCode is 1213 or 1205)
                    {
                        await c.ExecAsync("ROLLBACK");
                    }
                }
            }
        });
        await Task.WhenAll(workers);
        await using var check = await Sql.OpenAsync(_cluster, "tx");
        Assert.AreEqual("3200", (await check.RowsAsync("SELECT v FROM hot WHERE id = 1")).Single());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task ADisconnectMidTransactionRollsBackAndReleasesTheLocks()
    {
        await using var c = await CreateTableAsync("disc");
        var doomed = await Sql.OpenAsync(_cluster, "tx");
        await doomed.ExecAsync("BEGIN");
        await doomed.ExecAsync("UPDATE disc SET v = 999 WHERE id = 2");
        await doomed.DisposeAsync();
        Assert.AreEqual(1, await c.ExecAsync("UPDATE disc SET v = v + 1 WHERE id = 2"), "the lock was released");
        CollectionAssert.AreEqual(new[] { "21" }, await c.RowsAsync("SELECT v FROM disc WHERE id = 2"));
    }
}
