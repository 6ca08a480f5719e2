namespace OceanClassic.MergeServer.Tests.Engine;

// INSERT … ON DUPLICATE KEY UPDATE, INSERT IGNORE, REPLACE and UPDATE IGNORE: MySQL's affected rows and
// warnings, and the row locks that make an upsert race-free (UpsertExecutor).
[TestClass]
public sealed class UpsertTests
{
    private static async Task<EngineHarness> KvAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE kv (id INT PRIMARY KEY, v INT NOT NULL, s VARCHAR(3))");
        return h;
    }

    private static async Task<string[]> WarningsAsync(EngineHarness h) =>
        [.. (await h.RowsAsync("SHOW WARNINGS")).Select(r => $"{r[0]} {r[1]} {r[2]}")];

    [TestMethod]
    public async Task OnDuplicateKeyUpdateCountsOneForAnInsertTwoForAChangeAndZeroForNoChange()
    {
        var h = await KvAsync();
        Assert.AreEqual(1UL, (await h.OkAsync("INSERT INTO kv (id, v) VALUES (1, 5) ON DUPLICATE KEY UPDATE v = VALUES(v)")).AffectedRows);
        Assert.AreEqual(2UL, (await h.OkAsync("INSERT INTO kv (id, v) VALUES (1, 6) ON DUPLICATE KEY UPDATE v = VALUES(v) + v")).AffectedRows);
        Assert.AreEqual("11", await h.ScalarAsync("SELECT v FROM kv WHERE id = 1"));
        Assert.AreEqual(0UL, (await h.OkAsync("INSERT INTO kv (id, v) VALUES (1, 11) ON DUPLICATE KEY UPDATE v = 11")).AffectedRows);
        var multi = await h.OkAsync("INSERT INTO kv (id, v) VALUES (1, 1), (2, 2), (2, 3) ON DUPLICATE KEY UPDATE v = v + VALUES(v)");
        Assert.AreEqual(5UL, multi.AffectedRows);
        Assert.AreEqual("Records: 3  Duplicates: 2  Warnings: 0", multi.Info);
        CollectionAssert.AreEqual(new[] { "12", "5" }, (await h.RowsAsync("SELECT v FROM kv ORDER BY id")).Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task LastInsertIdOfAnExpressionInAnUpsertReportsTheExistingRowsId()
    {
        var h = await KvAsync();
        await h.OkAsync("INSERT INTO kv VALUES (8, 1, 'a')");
        var upsert = await h.OkAsync("INSERT INTO kv (id, v) VALUES (8, 1) ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)");
        Assert.AreEqual(0UL, upsert.AffectedRows);
        Assert.AreEqual(8UL, upsert.LastInsertId);
        Assert.AreEqual("8", await h.ScalarAsync("SELECT LAST_INSERT_ID()"));
    }

    [TestMethod]
    public async Task InsertIgnoreSkipsADuplicateWithWarning1062AndStoresAdjustedValues()
    {
        var h = await KvAsync();
        await h.OkAsync("INSERT INTO kv VALUES (1, 1, 'a')");
        var result = await h.OkAsync("INSERT IGNORE INTO kv VALUES (1, 9, 'x'), (2, 99999999999, 'abcdef'), (3, NULL, 'z')");
        Assert.AreEqual(2UL, result.AffectedRows);
        Assert.AreEqual(4, result.Warnings);
        CollectionAssert.AreEqual(new[]
        {
            "Warning 1062 Duplicate entry '1' for key 'PRIMARY'",
            "Warning 1264 Out of range value for column 'v' at row 2",
            "Warning 1265 Data truncated for column 's' at row 2",
            "Warning 1048 Column 'v' cannot be null",
        }, await WarningsAsync(h));
        CollectionAssert.AreEqual(new[] { "1|1|a", "2|2147483647|abc", "3|0|z" },
            (await h.RowsAsync("SELECT id, v, s FROM kv ORDER BY id")).Select(r => string.Join('|', r)).ToArray());
        Assert.AreEqual(1264, (await h.RunAsync("INSERT INTO kv VALUES (4, 99999999999, 'a')")).Failure?.Code, "without IGNORE it stays an error");
    }

    [TestMethod]
    public async Task WarningsStayForStatementsWithoutATableAndAreReplacedByTheNextTableStatement()
    {
        var h = await KvAsync();
        await h.OkAsync("INSERT INTO kv VALUES (1, 1, 'a')");
        await h.OkAsync("INSERT IGNORE INTO kv VALUES (1, 1, 'a')");
        await h.RowsAsync("SELECT 1 + 1");
        Assert.AreEqual(1, (await WarningsAsync(h)).Length);
        await h.RowsAsync("SELECT * FROM kv");
        Assert.AreEqual(0, (await WarningsAsync(h)).Length);
        await h.RunAsync("INSERT INTO kv VALUES (1, 1, 'a')");
        CollectionAssert.AreEqual(new[] { "Error 1062 Duplicate entry '1' for key 'PRIMARY'" }, await WarningsAsync(h));
    }

    [TestMethod]
    public async Task ReplaceCountsADeletedAndReinsertedRowAsTwo()
    {
        var h = await KvAsync();
        Assert.AreEqual(1UL, (await h.OkAsync("REPLACE INTO kv VALUES (1, 1, 'a')")).AffectedRows);
        Assert.AreEqual(2UL, (await h.OkAsync("REPLACE INTO kv (id, v) VALUES (1, 2)")).AffectedRows);
        Assert.AreEqual(3UL, (await h.OkAsync("REPLACE INTO kv VALUES (1, 3, 'c'), (2, 1, 'b')")).AffectedRows);
        CollectionAssert.AreEqual(new[] { "1|3|c", "2|1|b" },
            (await h.RowsAsync("SELECT id, v, s FROM kv ORDER BY id")).Select(r => string.Join('|', r)).ToArray());
    }

    [TestMethod]
    public async Task UpdateIgnoreLeavesARowWhoseNewKeyIsTakenAndClampsValues()
    {
        var h = await KvAsync();
        await h.OkAsync("INSERT INTO kv VALUES (1, 1, 'a'), (2, 2, 'b')");
        var moved = await h.OkAsync("UPDATE IGNORE kv SET id = 2 WHERE id = 1");
        Assert.AreEqual(0UL, moved.AffectedRows);
        var clamped = await h.OkAsync("UPDATE IGNORE kv SET v = 99999999999 WHERE id = 1");
        Assert.AreEqual("Rows matched: 1  Changed: 1  Warnings: 1", clamped.Info);
        Assert.AreEqual("2147483647", await h.ScalarAsync("SELECT v FROM kv WHERE id = 1"));
    }

    [TestMethod]
    public async Task TwoSessionsUpsertingOneKeyAtOnceCountEveryIncrementAndLeaveNoLock()
    {
        var h = await KvAsync();
        var other = await h.ConnectAsync(8);
        const int each = 150;
        async Task Upserts(EngineHarness session)
        {
            for (var i = 0; i < each; i++)
            {
                var sink = await session.RunAsync("INSERT INTO kv (id, v) VALUES (1, 1) ON DUPLICATE KEY UPDATE v = v + 1");
                Assert.IsNull(sink.Failure, sink.Failure?.ToString());
            }
        }
        await Task.WhenAll(Task.Run(() => Upserts(h)), Task.Run(() => Upserts(other)));
        Assert.AreEqual((2 * each).ToString(System.Globalization.CultureInfo.InvariantCulture), await h.ScalarAsync("SELECT v FROM kv WHERE id = 1"));
        Assert.AreEqual(0, h.Cluster.OpenTransactions);
        Assert.AreEqual(0, h.Cluster.Locks.LockedRows);
    }

    [TestMethod]
    public async Task AnUpsertOfAKeyAnotherTransactionInsertedWaitsForItAndThenUpdatesInsteadOfFailing()
    {
        var h = await KvAsync();
        var other = await h.ConnectAsync(8);
        await h.OkAsync("BEGIN");
        await h.OkAsync("INSERT INTO kv (id, v) VALUES (1, 1) ON DUPLICATE KEY UPDATE v = v + 1");
        var waitsBefore = h.Cluster.Locks.Waits;
        var second = Task.Run(() => other.RunAsync("INSERT INTO kv (id, v) VALUES (1, 1) ON DUPLICATE KEY UPDATE v = v + 1"));
        await EngineHarness.WaitUntilAsync(() => h.Cluster.Locks.Waits > waitsBefore, "the second upsert waits for the row lock");
        await h.OkAsync("COMMIT");
        var result = await second;
        Assert.IsNull(result.Failure, result.Failure?.ToString());
        Assert.AreEqual(2UL, ((CapturingSink.OkResult)result.Results[^1]).AffectedRows);
        Assert.AreEqual("2", await h.ScalarAsync("SELECT v FROM kv WHERE id = 1"));
        Assert.AreEqual(0, h.Cluster.Locks.LockedRows);
    }
}
