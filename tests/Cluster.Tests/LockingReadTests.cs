using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// Issue 25 items 1 and 2 against real processes: SELECT … FOR UPDATE locks what it reads (read-modify-
// write transactions serialize), joins included (every joined table's rows), and a hot row updated by many autocommit connections queues on its
// row lock instead of failing with 1213.
[TestClass]
public sealed class LockingReadTests
{
    private static TestCluster _cluster = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        _cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 2 });
        await using var c = await Sql.OpenAsync(_cluster);
        await c.ExecAsync("CREATE DATABASE lk");
    }

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    private static async Task<long> LockWaitsAsync() => long.Parse(await _cluster.StatusValueAsync(_cluster.Get("ups"), "lock_waits"));

    // Until the UPS has queued one more lock request than `before` (the statement under test waits).
    private static Task WaitForLockWaitAsync(long before, string what) =>
        TestCluster.WaitUntilAsync(async () => await LockWaitsAsync() > before, TimeSpan.FromSeconds(30), what);

    private static async Task<ObConnection> CreateTableAsync(string table, int rows)
    {
        var c = await Sql.OpenAsync(_cluster, "lk");
        await c.ExecAsync($"CREATE TABLE {table} (k INT PRIMARY KEY, v INT NOT NULL)");
        await c.ExecAsync($"INSERT INTO {table} VALUES " + string.Join(", ", Enumerable.Range(1, rows).Select(i => $"({i}, 0)")));
        return c;
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task TwoTransactionsThatEachReadARowForUpdateAndWriteBackPlusOneLeaveItTwoHigher()
    {
        await using var a = await CreateTableAsync("rmw", 1);
        await using var b = await Sql.OpenAsync(_cluster, "lk");
        await a.ExecAsync("BEGIN");
        await b.ExecAsync("BEGIN");
        var aRead = int.Parse((await a.RowsAsync("SELECT v FROM rmw WHERE k = 1 FOR UPDATE")).Single());
        var waits = await LockWaitsAsync();
        var bRead = b.RowsAsync("SELECT v FROM rmw WHERE k = 1 FOR UPDATE");
        await WaitForLockWaitAsync(waits, "b's locking read waits for a's lock");
        await a.ExecAsync($"UPDATE rmw SET v = {aRead + 1} WHERE k = 1");
        await a.ExecAsync("COMMIT");
        var bValue = int.Parse((await bRead).Single());
        Assert.AreEqual(aRead + 1, bValue, "b's locking read waited for a and then read a's committed value");
        await b.ExecAsync($"UPDATE rmw SET v = {bValue + 1} WHERE k = 1");
        await b.ExecAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "2" }, await a.RowsAsync("SELECT v FROM rmw WHERE k = 1"));
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task AnAutocommitUpdateWaitsForARowAnotherSessionReadForUpdateAndNowaitFailsWith1205()
    {
        await using var a = await CreateTableAsync("held", 2);
        await using var b = await Sql.OpenAsync(_cluster, "lk");
        await a.ExecAsync("BEGIN");
        await a.RowsAsync("SELECT v FROM held WHERE k = 1 FOR UPDATE");
        Assert.AreEqual(1205, (await b.ErrorAsync("SELECT v FROM held WHERE k = 1 FOR UPDATE NOWAIT")).ErrorCode);
        CollectionAssert.AreEqual(new[] { "2" }, await b.RowsAsync("SELECT k FROM held FOR UPDATE SKIP LOCKED"));
        var waits = await LockWaitsAsync();
        var update = b.ExecAsync("UPDATE held SET v = v + 1 WHERE k = 1");
        await WaitForLockWaitAsync(waits, "the autocommit update waits for a's lock");
        await a.ExecAsync("UPDATE held SET v = 10 WHERE k = 1");
        await a.ExecAsync("COMMIT");
        Assert.AreEqual(1, await update);
        CollectionAssert.AreEqual(new[] { "11" }, await a.RowsAsync("SELECT v FROM held WHERE k = 1"), "the update waited and applied over a's value");
    }

    // Two tables joined on k: {name}a (k, v) and {name}b (k, v), rows 1..rows, v = 0.
    private static async Task<ObConnection> CreateJoinedTablesAsync(string name, int rows)
    {
        var c = await CreateTableAsync(name + "a", rows);
        await c.ExecAsync($"CREATE TABLE {name}b (k INT PRIMARY KEY, v INT NOT NULL)");
        await c.ExecAsync($"INSERT INTO {name}b VALUES " + string.Join(", ", Enumerable.Range(1, rows).Select(i => $"({i}, 0)")));
        return c;
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task TwoTransactionsThatEachReadAJoinedRowForUpdateAndWriteBackPlusOneLeaveItTwoHigher()
    {
        await using var a = await CreateJoinedTablesAsync("jrmw", 3);
        await using var b = await Sql.OpenAsync(_cluster, "lk");
        const string read = "SELECT y.v FROM jrmwa x JOIN jrmwb y ON y.k = x.k WHERE x.v >= 0 AND y.k = 2 FOR UPDATE";
        await a.ExecAsync("BEGIN");
        await b.ExecAsync("BEGIN");
        var aRead = int.Parse((await a.RowsAsync(read)).Single());
        var waits = await LockWaitsAsync();
        var bRead = b.RowsAsync(read);
        await WaitForLockWaitAsync(waits, "b's locking join waits for a's lock");
        await a.ExecAsync($"UPDATE jrmwb SET v = {aRead + 1} WHERE k = 2");
        await a.ExecAsync("COMMIT");
        var bValue = int.Parse((await bRead).Single());
        Assert.AreEqual(aRead + 1, bValue, "b's locking join waited for a and then read a's committed value");
        await b.ExecAsync($"UPDATE jrmwb SET v = {bValue + 1} WHERE k = 2");
        await b.ExecAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "2" }, await a.RowsAsync("SELECT v FROM jrmwb WHERE k = 2"));
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task AJoinReadForUpdateNowaitGets1205WhenAJoinedRowIsLocked()
    {
        await using var a = await CreateJoinedTablesAsync("jnw", 3);
        await using var b = await Sql.OpenAsync(_cluster, "lk");
        await a.ExecAsync("BEGIN");
        await a.ExecAsync("UPDATE jnwb SET v = 5 WHERE k = 3");
        const string join = "SELECT x.k, y.v FROM jnwa x JOIN jnwb y ON y.k = x.k ORDER BY x.k FOR UPDATE";
        Assert.AreEqual(1205, (await b.ErrorAsync(join + " NOWAIT")).ErrorCode);
        CollectionAssert.AreEqual(new[] { "1|0", "2|0" }, await b.RowsAsync(join + " SKIP LOCKED"));
        await b.ExecAsync("BEGIN");
        CollectionAssert.AreEqual(new[] { "1|0" }, await b.RowsAsync("SELECT x.k, y.v FROM jnwa x JOIN jnwb y ON y.k = x.k WHERE x.k = 1 FOR UPDATE NOWAIT"));
        Assert.AreEqual(1205, (await a.ErrorAsync("SELECT v FROM jnwa WHERE k = 1 FOR UPDATE NOWAIT")).ErrorCode, "b's join locked the first table's row");
        await b.ExecAsync("COMMIT");
        await a.ExecAsync("COMMIT");
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task JoinReadsForUpdateThatWaitForEachOthersRowsDeadlockWith1213()
    {
        await using var a = await CreateJoinedTablesAsync("jdl", 2);
        await using var b = await Sql.OpenAsync(_cluster, "lk");
        await a.ExecAsync("BEGIN");
        await b.ExecAsync("BEGIN");
        await a.ExecAsync("UPDATE jdla SET v = 1 WHERE k = 1");
        await b.ExecAsync("UPDATE jdlb SET v = 1 WHERE k = 2");
        var waits = await LockWaitsAsync();
        var aJoin = a.RowsAsync("SELECT x.v, y.v FROM jdla x JOIN jdlb y ON y.k = x.k WHERE x.k = 2 FOR UPDATE");
        await WaitForLockWaitAsync(waits, "a's join waits for b's row");
        var bError = await b.ErrorAsync("SELECT x.v, y.v FROM jdla x JOIN jdlb y ON y.k = x.k WHERE x.k = 1 FOR UPDATE");
        Assert.AreEqual(1213, bError.ErrorCode, "b's join closes the cycle");
        CollectionAssert.AreEqual(new[] { "0|0" }, await aJoin, "b was rolled back, a's join goes on");
        await a.ExecAsync("COMMIT");
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task FiftyAutocommitConnectionsIncrementingOneRowAHundredTimesEndAtExactly5000WithoutAnError()
    {
        await using (await CreateTableAsync("kv", 1))
        {
        }
        var connections = new List<ObConnection>();
        for (var i = 0; i < 50; i++)
            connections.Add(await Sql.OpenAsync(_cluster, "lk"));
        var errors = new List<string>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(connections.Select(c => Task.Run(async () =>
        {
            for (var n = 0; n < 100; n++)
            {
                try
                {
                    Assert.AreEqual(1, await c.ExecAsync("UPDATE kv SET v = v + 1 WHERE k = 1"));
                }
                catch (ObException e)
                {
                    lock (errors)
                        errors.Add($"{e.ErrorCode}: {e.Message}");
                }
            }
        })));
        clock.Stop();
        foreach (var c in connections)
            await c.DisposeAsync();
        TestContext.WriteLine($"50 x 100 hot-row increments took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.AreEqual(0, errors.Count, string.Join("\n", errors.Take(10)));
        await using var check = await Sql.OpenAsync(_cluster, "lk");
        CollectionAssert.AreEqual(new[] { "5000" }, await check.RowsAsync("SELECT v FROM kv WHERE k = 1"));
    }
}
