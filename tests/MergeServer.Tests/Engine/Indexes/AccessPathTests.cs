using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Tests.Engine.Indexes;

// Which access path the planner picks (AccessPathChooser), as EXPLAIN shows it: its `key` column names
// the index read (PRIMARY for the primary key, empty for a full scan) and `join` the batched lookups.
[TestClass]
public sealed class AccessPathTests
{
    private const int KeyColumn = 10;
    private const int JoinColumn = 9;

    private static async Task<EngineHarness> ShopAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT, a INT, b INT, c VARCHAR(20), pad VARCHAR(20), " +
            "KEY k_1 (k), KEY ab (a, b), KEY a_only (a), UNIQUE KEY ub (b), KEY c (c))");
        await h.OkAsync("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20), region INT, KEY region (region))");
        await h.OkAsync("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount INT, KEY customer_id (customer_id))");
        return h;
    }

    private static async Task<string?[][]> ExplainAsync(EngineHarness h, string sql) => await h.RowsAsync("EXPLAIN " + sql);

    private static async Task<string?> KeyAsync(EngineHarness h, string sql) => (await ExplainAsync(h, sql))[0][KeyColumn];

    [TestMethod]
    public async Task AnyPrimaryKeyRangeIsPreferredOverASecondaryIndex()
    {
        var h = await ShopAsync();
        Assert.AreEqual("PRIMARY", await KeyAsync(h, "SELECT * FROM t WHERE id > 5 AND k = 3"));
        Assert.AreEqual("PRIMARY", await KeyAsync(h, "SELECT * FROM t WHERE id IN (1, 2) AND b = 3"));
    }

    [TestMethod]
    public async Task EqualityInAndRangesOnAnIndexedColumnReadThatIndex()
    {
        var h = await ShopAsync();
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k = 3"));
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k IN (3, 4, 9)"));
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k BETWEEN 3 AND 9 AND pad = 'x'"));
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k < 3"));
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k IS NULL"));
        Assert.AreEqual("c", await KeyAsync(h, "SELECT * FROM t WHERE c = 'Abc'"));
    }

    [TestMethod]
    public async Task APredicateTheIndexCannotNarrowIsAFullScan()
    {
        var h = await ShopAsync();
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t WHERE pad = 'x'"));
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t WHERE k + 0 = 3"));
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t WHERE k = 3 OR pad = 'x'"));
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t WHERE c = 'abc' COLLATE utf8mb4_bin"));
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t"));
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t WHERE k IS NOT NULL"), "leaving out the NULLs is not worth the lookups");
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k IS NOT NULL ORDER BY k LIMIT 2"));
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k = 1 AND k = 2"), "nothing can match");
    }

    [TestMethod]
    public async Task AnOrOfRangesAndPointsOnOneIndexedColumnReadsThatIndexAsOneRangeEach()
    {
        var h = await ShopAsync();
        var ranges = await ExplainAsync(h, "SELECT COUNT(k) FROM t WHERE k BETWEEN 10 AND 15 OR k BETWEEN 100 AND 105 OR k BETWEEN 12 AND 20 OR k = 300");
        Assert.AreEqual(3, ranges.Length, "the overlapping BETWEENs merged");
        Assert.IsTrue(ranges.All(r => r[KeyColumn] == "k_1"), "a covering index read alone");
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k IN (1, 2) OR k = 7 OR k IS NULL"));
        Assert.AreEqual("PRIMARY", await KeyAsync(h, "SELECT * FROM t WHERE id = 3 OR id BETWEEN 10 AND 12"));
        Assert.AreEqual("ab", await KeyAsync(h, "SELECT * FROM t WHERE (a = 1 AND b < 5) OR (a = 2 AND b > 7)"));
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t WHERE k = 3 OR id = 4"), "no index narrows both branches");
    }

    [TestMethod]
    public async Task AUniqueIndexFixedWholeBeatsOneFixingMoreColumnsWhichBeatsARange()
    {
        var h = await ShopAsync();
        Assert.AreEqual("ub", await KeyAsync(h, "SELECT * FROM t WHERE a = 1 AND b = 2"));
        Assert.AreEqual("ab", await KeyAsync(h, "SELECT * FROM t WHERE a = 1 AND b > 2"));
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE a > 1 AND k = 2"));
    }

    [TestMethod]
    public async Task ACoveringIndexIsReadAloneAndAnyOtherIsFollowedByBatchedPrimaryKeyLookups()
    {
        var h = await ShopAsync();
        var covering = await ExplainAsync(h, "SELECT id, k FROM t WHERE k BETWEEN 1 AND 3");
        Assert.IsTrue(covering.All(r => r[KeyColumn] == "k_1"), "only the index is read");
        var lookups = await ExplainAsync(h, "SELECT id, k, pad FROM t WHERE k BETWEEN 1 AND 3");
        Assert.AreEqual("k_1", lookups[0][KeyColumn]);
        Assert.AreEqual("PRIMARY", lookups[^1][KeyColumn]);
        StringAssert.Contains(lookups[^1][JoinColumn], "batched primary key lookups");
        Assert.IsTrue((await ExplainAsync(h, "SELECT COUNT(*) FROM t WHERE k > 5")).All(r => r[KeyColumn] == "k_1"));
    }

    [TestMethod]
    public async Task OrderByLimitOnAnIndexPrefixReadsTheIndexInOrderAndStopsEarly()
    {
        var h = await ShopAsync();
        var ordered = await ExplainAsync(h, "SELECT id, k FROM t ORDER BY k LIMIT 3");
        Assert.AreEqual("k_1", ordered[0][KeyColumn]);
        Assert.AreEqual("3", ordered[0][8], "the limit reaches the ChunkServers");
        Assert.AreEqual("ab", await KeyAsync(h, "SELECT * FROM t WHERE a = 4 ORDER BY b LIMIT 2"));
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k = 4 ORDER BY id LIMIT 2"));
        var byPrimaryKey = await ExplainAsync(h, "SELECT * FROM t ORDER BY id LIMIT 2");
        Assert.AreEqual("", byPrimaryKey[0][KeyColumn], "the whole primary key, in order");
        Assert.AreEqual("2", byPrimaryKey[0][8]);
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t ORDER BY k DESC LIMIT 3"), "no reverse scans");
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t ORDER BY k"), "no limit: a full scan and a sort");
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM t ORDER BY pad LIMIT 3"));
    }

    [TestMethod]
    public async Task ABuildingIndexIsNeverRead()
    {
        var h = await ShopAsync();
        await h.OkAsync("CREATE TABLE u (id INT PRIMARY KEY, v INT)");
        await h.Cluster.IndexDdlAsync(new IndexDdlRequest { Database = "d", Table = "u", Add = { new IndexDef { Name = "v", Columns = { 1 } } } }, CancellationToken.None);
        await h.Engine.Schema.ForceRefreshAsync(CancellationToken.None);
        Assert.AreEqual("", await KeyAsync(h, "SELECT * FROM u WHERE v = 1"));
        await h.Cluster.IndexDdlAsync(new IndexDdlRequest { Database = "d", Table = "u", Ready = "v" }, CancellationToken.None);
        await h.Engine.Schema.ForceRefreshAsync(CancellationToken.None);
        Assert.AreEqual("v", await KeyAsync(h, "SELECT * FROM u WHERE v = 1"));
    }

    [TestMethod]
    public async Task AJoinReadsItsSmallOuterSideThroughAnIndexAndLooksTheInnerSideUpByIndexInBatches()
    {
        var h = await ShopAsync();
        var byCustomer = await ExplainAsync(h, "SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = 7");
        Assert.AreEqual("PRIMARY", byCustomer[0][KeyColumn]);
        Assert.AreEqual("index lookup join: batched lookups of index customer_id", byCustomer[^1][JoinColumn]);
        Assert.AreEqual("customer_id", byCustomer[^1][KeyColumn]);

        var byRegion = await ExplainAsync(h, "SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.region = 3");
        Assert.AreEqual("region", byRegion[0][KeyColumn]);
        Assert.AreEqual("customer_id", byRegion[^1][KeyColumn]);

        var toPrimary = await ExplainAsync(h, "SELECT c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.customer_id = 9");
        Assert.AreEqual("customer_id", toPrimary[0][KeyColumn]);
        Assert.AreEqual("index lookup join: batched primary key reads", toPrimary[^1][JoinColumn]);

        var big = await ExplainAsync(h, "SELECT c.region, SUM(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region");
        Assert.IsTrue(big.Any(r => r[JoinColumn]!.StartsWith("hash join", StringComparison.Ordinal)), "a large outer side is hash joined");
    }

    [TestMethod]
    public async Task ALockingReadThroughAnIndexFindsItsRowsByTheIndex()
    {
        var h = await ShopAsync();
        Assert.AreEqual("k_1", await KeyAsync(h, "SELECT * FROM t WHERE k = 3 FOR UPDATE"));
        Assert.AreEqual("PRIMARY", await KeyAsync(h, "SELECT * FROM t WHERE id = 3 LOCK IN SHARE MODE"));
    }

    [TestMethod]
    public void KeyOrderGivesTheOrderByOnlyForTheKeysColumnsInOrderAfterColumnsOneValueFixes()
    {
        var single = new KeyRanges([new ScanRange([1], true, [2], false)], 1, false);
        var several = new KeyRanges([new([1], true, [2], false), new([3], true, [4], false)], 1, false);
        int[] key = [4, 7, 0];
        Assert.IsTrue(AccessPathChooser.IsOrdered(key, single, [7]));
        Assert.IsTrue(AccessPathChooser.IsOrdered(key, single, [4, 7, 0]));
        Assert.IsTrue(AccessPathChooser.IsOrdered(key, several, [4, 7]));
        Assert.IsFalse(AccessPathChooser.IsOrdered(key, several, [7]), "IN fixes several values");
        Assert.IsFalse(AccessPathChooser.IsOrdered(key, single, [0]));
        Assert.IsFalse(AccessPathChooser.IsOrdered(key, single, []));
    }
}
