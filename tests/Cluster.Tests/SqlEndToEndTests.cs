using System.Net.Sockets;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

[TestClass]
public sealed class SqlEndToEndTests
{
    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _cluster = await TestCluster.StartAsync(new ClusterOptions());

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    [TestMethod]
    [Timeout(120_000)]
    public async Task RowsInsertedThroughTheMergeServerComeBackByKeyByRangeAndAggregated()
    {
        await using var c = await Sql.OpenAsync(_cluster);
        await c.ExecAsync("CREATE DATABASE e2e");
        await c.ChangeDatabaseAsync("e2e");
        await c.ExecAsync("CREATE TABLE fruit (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, qty INT DEFAULT 0, price DECIMAL(8,2))");
        Assert.AreEqual(4, await c.ExecAsync("INSERT INTO fruit VALUES (1,'apple',3,1.50),(2,'pear',5,2.25),(3,'fig',7,NULL),(4,'kiwi',1,0.99)"));
        CollectionAssert.AreEqual(new[] { "2|pear|5|2.25" }, await c.RowsAsync("SELECT * FROM fruit WHERE id = 2"));
        CollectionAssert.AreEqual(new[] { "pear", "fig" }, await c.RowsAsync("SELECT name FROM fruit WHERE id BETWEEN 2 AND 3"));
        CollectionAssert.AreEqual(new[] { "kiwi", "fig" }, await c.RowsAsync("SELECT name FROM fruit WHERE id > 2 ORDER BY name DESC"));
        CollectionAssert.AreEqual(new[] { "4|16|4.0000|1|7" }, await c.RowsAsync("SELECT COUNT(*), SUM(qty), AVG(qty), MIN(qty), MAX(qty) FROM fruit"));
        CollectionAssert.AreEqual(new[] { "3" }, await c.RowsAsync("SELECT COUNT(price) FROM fruit"));
        CollectionAssert.AreEqual(new[] { "apple", "kiwi" }, await c.RowsAsync("SELECT name FROM fruit WHERE qty < 4 AND name LIKE '%i%' OR name = 'apple' ORDER BY id"));
        Assert.AreEqual(1, await c.ExecAsync("UPDATE fruit SET qty = qty + 10 WHERE id = 4"));
        Assert.AreEqual(1, await c.ExecAsync("DELETE FROM fruit WHERE id = 3"));
        CollectionAssert.AreEqual(new[] { "1|3", "2|5", "4|11" }, await c.RowsAsync("SELECT id, qty FROM fruit ORDER BY id"));
        CollectionAssert.AreEqual(new[] { "2|2" }, await c.RowsAsync("SELECT id, qty DIV 2 FROM fruit WHERE id IN (2, 3) LIMIT 5"));
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task JoinsSubqueriesAndUnionsRunAcrossTheChunkServers()
    {
        await using var c = await Sql.OpenAsync(_cluster);
        await c.ExecAsync("CREATE DATABASE IF NOT EXISTS e2e_join");
        await c.ChangeDatabaseAsync("e2e_join");
        await c.ExecAsync("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        await c.ExecAsync("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount INT)");
        await c.ExecAsync("INSERT INTO customers VALUES " + string.Join(",", Enumerable.Range(1, 200).Select(i => $"({i}, 'c{i}', '{(i % 3 == 0 ? "oslo" : "rome")}')")));
        await c.ExecAsync("INSERT INTO orders VALUES " + string.Join(",", Enumerable.Range(1, 600).Select(i => $"({i}, {(i % 250) + 1}, {i % 7})")));
        // Hash join of two scans, grouped.
        CollectionAssert.AreEqual(new[] { "oslo|165|492", "rome|335|1008" },
            await c.RowsAsync("SELECT c.city, COUNT(*), SUM(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.city ORDER BY c.city"));
        // A small outer side: batched primary key lookups of customers.
        CollectionAssert.AreEqual(new[] { "1|c2", "2|c3", "3|c4" },
            await c.RowsAsync("SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id IN (1, 2, 3) ORDER BY o.id"));
        // Outer join, correlated and uncorrelated subqueries, UNION.
        CollectionAssert.AreEqual(new[] { "100" },
            await c.RowsAsync("SELECT COUNT(*) FROM orders o LEFT JOIN customers c ON o.customer_id = c.id WHERE c.id IS NULL"));
        CollectionAssert.AreEqual(new[] { "100" },
            await c.RowsAsync("SELECT COUNT(*) FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.id > 500)"));
        CollectionAssert.AreEqual(new[] { "c1", "c2" },
            await c.RowsAsync("SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE id IN (250, 501)) ORDER BY name"));
        CollectionAssert.AreEqual(new[] { "1", "2", "200" },
            await c.RowsAsync("SELECT id FROM customers WHERE id < 3 UNION SELECT MAX(id) FROM customers UNION SELECT 2 ORDER BY id"));
        var explain = await c.RowsAsync("EXPLAIN SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id");
        Assert.IsTrue(explain.Any(r => r.Split('|').Contains("hash join: build")), string.Join("\n", explain));
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task AutoIncrementFillsOmittedZeroAndNullIds()
    {
        await using var c = await Sql.OpenAsync(_cluster);
        await c.ExecAsync("CREATE DATABASE IF NOT EXISTS e2e");
        await c.ChangeDatabaseAsync("e2e");
        await c.ExecAsync("CREATE TABLE ai (id BIGINT NOT NULL AUTO_INCREMENT, v VARCHAR(10), PRIMARY KEY (id)) /*! ENGINE = innodb */");
        await c.ExecAsync("INSERT INTO ai (v) VALUES ('a'), ('b')");
        await c.ExecAsync("INSERT INTO ai (id, v) VALUES (0, 'c'), (NULL, 'd')");
        await c.ExecAsync("INSERT INTO ai (id, v) VALUES (100, 'e')");
        await c.ExecAsync("INSERT INTO ai (v) VALUES ('f')");
        var rows = await c.RowsAsync("SELECT id, v FROM ai ORDER BY id");
        Assert.AreEqual(6, rows.Count);
        CollectionAssert.AllItemsAreUnique(rows.Select(r => r.Split('|')[0]).ToList());
        Assert.AreEqual("100|e", rows[4]);
        Assert.IsTrue(long.Parse(rows[5].Split('|')[0], System.Globalization.CultureInfo.InvariantCulture) > 100, "ids after an explicit one are above it: " + rows[5]);
    }

    [TestMethod]
    [Timeout(120_000)]
    public async Task ErrorsCarryMySqlCodes()
    {
        await using var c = await Sql.OpenAsync(_cluster);
        await c.ExecAsync("CREATE DATABASE IF NOT EXISTS errs");
        await c.ChangeDatabaseAsync("errs");
        await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await c.ExecAsync("INSERT INTO t VALUES (1, 1)");
        Assert.AreEqual(1064, (await c.ErrorAsync("SELEC 1")).ErrorCode);
        Assert.AreEqual(1146, (await c.ErrorAsync("SELECT * FROM nope")).ErrorCode);
        Assert.AreEqual(1054, (await c.ErrorAsync("SELECT nope FROM t")).ErrorCode);
        var dup = await c.ErrorAsync("INSERT INTO t VALUES (1, 2)");
        Assert.AreEqual(1062, dup.ErrorCode);
        Assert.AreEqual("23000", dup.SqlState);
        Assert.AreEqual(1050, (await c.ErrorAsync("CREATE TABLE t (id INT PRIMARY KEY)")).ErrorCode);
        Assert.AreEqual(1049, (await c.ErrorAsync("USE nodb")).ErrorCode);
        CollectionAssert.AreEqual(new[] { "1|1" }, await c.RowsAsync("SELECT * FROM t"), "failed statements changed nothing");

        var bad = new ObConnection(_cluster.ConnectionString().Replace("Password=", "Password=wrong", StringComparison.Ordinal));
        var e = await Assert.ThrowsExceptionAsync<ObException>(() => bad.OpenAsync());
        Assert.AreEqual(1045, e.ErrorCode);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task SixteenConnectionsIncrementingOneRowLoseNoUpdate()
    {
        await using (var c = await Sql.OpenAsync(_cluster))
        {
            await c.ExecAsync("CREATE DATABASE IF NOT EXISTS hot");
            await c.ExecAsync("CREATE TABLE hot.counter (id INT PRIMARY KEY, v INT NOT NULL)");
            await c.ExecAsync("INSERT INTO hot.counter VALUES (1, 0)");
        }
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            await using var c = await Sql.OpenAsync(_cluster, "hot");
            for (var i = 0; i < 200; i++)
            {
                while (true)
                {
                    try
                    {
                        Assert.AreEqual(1, await c.ExecAsync("UPDATE counter SET v = v + 1 WHERE id = 1"));
                        break;
                    }
                    catch (ObException e) when (e.ErrorCode is 1213 or 1205)
                    {
                        // A client retries deadlock/lock-wait errors, as sysbench does.
                    }
                }
            }
        });
        await Task.WhenAll(workers);
        await using var check = await Sql.OpenAsync(_cluster, "hot");
        Assert.AreEqual("3200", (await check.RowsAsync("SELECT v FROM counter WHERE id = 1")).Single());
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task AMalformedPacketClosesOnlyThatConnection()
    {
        await using var good = await Sql.OpenAsync(_cluster);
        using var raw = new TcpClient();
        await raw.ConnectAsync("127.0.0.1", _cluster.MergeServer.SqlPort);
        var stream = raw.GetStream();
        var buffer = new byte[4096];
        Assert.IsTrue(await stream.ReadAsync(buffer) > 4, "server greets with a handshake");
        // A packet header announcing sequence 7 (expected 1) and 3 bytes of garbage.
        await stream.WriteAsync(new byte[] { 3, 0, 0, 7, 0xde, 0xad, 0xbe });
        var closed = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!closed)
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            closed = n == 0;
        }
        Assert.IsTrue(closed);
        CollectionAssert.AreEqual(new[] { "1" }, await good.RowsAsync("SELECT 1"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task AClientConfiguredWithOnlyTheRootServerFindsAMergeServer()
    {
        await using var c = new ObConnection($"RootServer={_cluster.RootServer.Address};ClusterSecretFile={_cluster.ClusterSecretFile};User=root;Password=");
        await c.OpenAsync();
        Assert.AreEqual($"127.0.0.1:{_cluster.MergeServer.SqlPort}", c.DataSource);
        CollectionAssert.AreEqual(new[] { "2" }, await c.RowsAsync("SELECT 1+1"));
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task AllServerListsEveryRegisteredServer()
    {
        await using var c = await Sql.OpenAsync(_cluster);
        var rows = await c.RowsAsync("SELECT role, address, status FROM __all_server ORDER BY address");
        Assert.AreEqual(6, rows.Count, string.Join("\n", rows));
        CollectionAssert.Contains(rows, $"rootserver|{_cluster.RootServer.Address}|alive");
        Assert.AreEqual(3, rows.Count(r => r.StartsWith("chunkserver|", StringComparison.Ordinal) && r.EndsWith("|alive", StringComparison.Ordinal)));
        Assert.AreEqual(1, rows.Count(r => r.StartsWith("updateserver|", StringComparison.Ordinal)));
        Assert.AreEqual(1, rows.Count(r => r.StartsWith("mergeserver|", StringComparison.Ordinal)));
    }

    [TestMethod]
    [Timeout(60_000)]
    public void EveryRoleRunsOneSocketThreadPerFourCores()
    {
        var expected = Math.Max(1, Environment.ProcessorCount / 4);
        foreach (var role in _cluster.Roles)
            Assert.AreEqual(expected, ThreadNames(role.Pid).Count(n => n == ".NET Sockets"), $"{role.Role}#{role.Instance}: {string.Join(", ", ThreadNames(role.Pid))}");
    }

    private static List<string> ThreadNames(int pid)
    {
        var names = new List<string>();
        foreach (var task in System.IO.Directory.GetDirectories($"/proc/{pid}/task"))
        {
            try
            {
                names.Add(File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'));
            }
            catch (IOException)
            {
                // the thread exited meanwhile
            }
        }
        return names;
    }
}
