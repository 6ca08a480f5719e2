using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Tests.Engine.Queries;

[TestClass]
public sealed class JoinTests
{
    [TestMethod]
    public async Task AnInnerJoinPairsRowsWhoseKeysMatch()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "ann|10|100", "ann|11|50", "bob|12|70" },
            await h.LinesAsync("SELECT c.name, o.id, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id ORDER BY o.id"));
        CollectionAssert.AreEqual(new[] { "ann|10|100", "ann|11|50", "bob|12|70" },
            await h.LinesAsync("SELECT name, orders.id, amount FROM customers, orders WHERE customer_id = customers.id ORDER BY 2"));
    }

    [TestMethod]
    public async Task OuterJoinsKeepTheUnmatchedRowsOfThePreservedSideWithNulls()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "1|10", "1|11", "2|12", "3|NULL", "4|NULL" },
            await h.LinesAsync("SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id ORDER BY c.id, o.id"));
        CollectionAssert.AreEqual(new[] { "NULL|13", "NULL|14", "ann|10", "ann|11", "bob|12" },
            await h.SortedLinesAsync("SELECT c.name, o.id FROM customers c RIGHT OUTER JOIN orders o ON o.customer_id = c.id"));
        // A WHERE on the null-extended side filters after the join; an ON condition decides matches only.
        CollectionAssert.AreEqual(new[] { "3", "4" },
            await h.LinesAsync("SELECT c.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL ORDER BY c.id"));
        CollectionAssert.AreEqual(new[] { "1|10", "2|12", "3|NULL", "4|NULL" },
            await h.LinesAsync("SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.amount > 60 ORDER BY c.id"));
    }

    [TestMethod]
    public async Task UsingAndNaturalJoinsMergeTheirCommonColumns()
    {
        var h = await QueryFixtures.ShopAsync();
        await h.OkAsync("CREATE TABLE a (x INT PRIMARY KEY, p INT, q INT)");
        await h.OkAsync("CREATE TABLE b (x INT PRIMARY KEY, p INT, r INT)");
        await h.OkAsync("INSERT INTO a VALUES (1, 1, 1), (2, 2, 2)");
        await h.OkAsync("INSERT INTO b VALUES (1, 1, 10), (3, 3, 30)");
        var result = await h.QueryAsync("SELECT * FROM a RIGHT JOIN b USING (x) ORDER BY x");
        CollectionAssert.AreEqual(new[] { "x", "p", "r", "p", "q" }, result.Columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "1|1|10|1|1", "3|3|30|NULL|NULL" },
            await h.LinesAsync("SELECT * FROM a RIGHT JOIN b USING (x) ORDER BY x"));
        CollectionAssert.AreEqual(new[] { "1|1|1|10" }, await h.LinesAsync("SELECT * FROM a NATURAL JOIN b"));
        CollectionAssert.AreEqual(new[] { "1", "2" }, await h.LinesAsync("SELECT x FROM a LEFT JOIN b USING (x) ORDER BY x"));
    }

    [TestMethod]
    public async Task ColumnNamesResolveAsMySqlDoes()
    {
        var h = await QueryFixtures.ShopAsync();
        Assert.AreEqual(ErrorCodes.NonUniq, await h.ErrorCodeAsync("SELECT id FROM customers JOIN orders ON customer_id = customers.id"));
        Assert.AreEqual(ErrorCodes.BadField, await h.ErrorCodeAsync("SELECT c.nope FROM customers c JOIN orders o ON o.customer_id = c.id"));
        Assert.AreEqual(ErrorCodes.BadField, await h.ErrorCodeAsync("SELECT customers.id FROM customers c"));
        Assert.AreEqual(ErrorCodes.NonUniqTable, await h.ErrorCodeAsync("SELECT 1 FROM customers JOIN customers ON 1 = 1"));
        Assert.AreEqual(ErrorCodes.BadTable, await h.ErrorCodeAsync("SELECT z.* FROM customers c JOIN orders o ON o.customer_id = c.id"));
        var star = await h.QueryAsync("SELECT o.*, c.name FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.id = 12");
        CollectionAssert.AreEqual(new[] { "id", "customer_id", "amount", "note", "name" }, star.Columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "12|2|70|b|bob" }, await h.LinesAsync("SELECT o.*, c.name FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.id = 12"));
    }

    [TestMethod]
    public async Task SelfJoinsCrossJoinsAndNonEquiConditionsWork()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "ann|dee" },
            await h.LinesAsync("SELECT a.name, b.name FROM customers a JOIN customers b ON a.city = b.city AND a.id < b.id"));
        Assert.AreEqual("20", (await h.RowsAsync("SELECT COUNT(*) FROM customers CROSS JOIN orders"))[0][0]);
        CollectionAssert.AreEqual(new[] { "1|13", "1|14", "2|13", "2|14", "3|13", "3|14", "4|13", "4|14" },
            await h.LinesAsync("SELECT c.id, o.id FROM customers c JOIN orders o ON o.amount < c.id * 10 AND o.id > 12 ORDER BY 1, 2"));
    }

    [TestMethod]
    public async Task ThreeTablesJoinAndAggregate()
    {
        var h = await QueryFixtures.ShopAsync();
        await h.OkAsync("CREATE TABLE cities (name VARCHAR(20) PRIMARY KEY, country VARCHAR(20))");
        await h.OkAsync("INSERT INTO cities VALUES ('oslo', 'no'), ('rome', 'it')");
        CollectionAssert.AreEqual(new[] { "it|70", "no|150" },
            await h.LinesAsync("SELECT ci.country, SUM(o.amount) FROM orders o JOIN customers c ON o.customer_id = c.id " +
                               "JOIN cities ci ON ci.name = c.city GROUP BY ci.country ORDER BY ci.country"));
        CollectionAssert.AreEqual(new[] { "ann|oslo|no", "bob|rome|it", "cy|NULL|NULL", "dee|oslo|no" },
            await h.LinesAsync("SELECT c.name, ci.name, ci.country FROM customers c LEFT JOIN (cities ci) ON ci.name = c.city ORDER BY c.name"));
    }

    [TestMethod]
    public async Task ASmallOuterSideJoinsByBatchedPrimaryKeyLookups()
    {
        var h = await QueryFixtures.ShopAsync();
        var explain = await h.RowsAsync("EXPLAIN SELECT c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id IN (10, 12)");
        Assert.IsTrue(explain.Any(r => r[0] == "shop.customers" && r[9]!.StartsWith("index lookup", StringComparison.Ordinal)), string.Join("\n", explain.Select(r => string.Join("|", r))));
        var scans = h.Cluster.ScanCount;
        CollectionAssert.AreEqual(new[] { "ann", "bob" },
            await h.LinesAsync("SELECT c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id IN (10, 12) ORDER BY c.name"));
        Assert.AreEqual(2, h.Cluster.ScanCount - scans, "one request for the two orders, one for their customers");
    }

    [TestMethod]
    public async Task AWhereThatRejectsNullExtendedRowsTurnsAnOuterJoinIntoAnInnerOneAndFiltersTheScan()
    {
        var h = await QueryFixtures.ShopAsync();
        var sql = "SELECT c.id, o.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.amount > 60";
        CollectionAssert.AreEqual(new[] { "1|10", "2|12" }, await h.SortedLinesAsync(sql));
        var explain = await h.RowsAsync("EXPLAIN " + sql);
        Assert.IsTrue(explain.Any(r => r[0] == "shop.orders" && r[7]!.Contains("amount", StringComparison.Ordinal)),
            string.Join("\n", explain.Select(r => string.Join("|", r))));
        // IS NULL keeps the outer join: the condition is about the missing rows.
        CollectionAssert.AreEqual(new[] { "3", "4" },
            await h.LinesAsync("SELECT c.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.amount IS NULL ORDER BY c.id"));
    }

    [TestMethod]
    public async Task AnEquiJoinOfTwoScansIsAHashJoinAndANonEquiOneANestedLoop()
    {
        var h = await QueryFixtures.ShopAsync();
        var hash = await h.RowsAsync("EXPLAIN SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id");
        Assert.IsTrue(hash.Any(r => r[9] == "hash join: build") && hash.Any(r => r[9] == "hash join: probe"));
        var loop = await h.RowsAsync("EXPLAIN SELECT 1 FROM orders o JOIN customers c ON c.id < o.customer_id");
        Assert.IsTrue(loop.Any(r => r[9] == "nested loop join: inner side"));
    }

    [TestMethod]
    public async Task AJoinPastTheMemoryLimitFailsWithTableFull()
    {
        var h = new EngineHarness(new EngineOptions { JoinMemoryLimit = 4096 });
        await h.OkAsync("CREATE DATABASE m");
        await h.OkAsync("USE m");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
        await h.OkAsync("INSERT INTO t VALUES " + string.Join(", ", Enumerable.Range(1, 200).Select(i => $"({i}, '{new string('x', 50)}')")));
        Assert.AreEqual(ErrorCodes.RecordFileFull, await h.ErrorCodeAsync("SELECT COUNT(*) FROM t a JOIN t b ON a.v = b.v"));
        Assert.AreEqual("1", (await h.RowsAsync("SELECT COUNT(*) FROM t a JOIN t b ON a.id = b.id WHERE a.id = 7"))[0][0], "a small join still runs");
    }

    [TestMethod]
    public async Task SixtyOneTablesJoinAndASixtySecondIsTooManyTables()
    {
        var h = await QueryFixtures.ShopAsync();
        static string Join(int tables) =>
            "SELECT COUNT(*) FROM customers t0 " + string.Concat(Enumerable.Range(1, tables - 1).Select(i => $" JOIN customers t{i} ON t{i}.id = t0.id"));
        Assert.AreEqual("4", (await h.RowsAsync(Join(61)))[0][0]);
        Assert.AreEqual(ErrorCodes.TooManyTables, await h.ErrorCodeAsync(Join(62)));
        Assert.AreEqual(ErrorCodes.TooManyTables, await h.ErrorCodeAsync(
            "SELECT COUNT(*) FROM " + string.Join(", ", Enumerable.Range(0, 61).Select(i => $"customers t{i}")) + ", (SELECT 1 x) d WHERE t0.id = 0"));
    }
}
