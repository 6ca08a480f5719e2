using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace OceanClassic.MergeServer.Tests.Engine;

// DDL through the engine on the in-memory cluster: online ADD/DROP/MODIFY COLUMN, tables without a primary
// key, CHECK constraints, RENAME TABLE, TRUNCATE, CREATE TABLE LIKE / AS SELECT and SHOW CREATE TABLE.
[TestClass]
public sealed class DdlEngineTests
{
    private static async Task<EngineHarness> DatabaseAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        return h;
    }

    [TestMethod]
    public async Task RowsWrittenBeforeAddColumnReadItsDefaultAndADroppedNameComesBackEmpty()
    {
        var h = await DatabaseAsync();
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT)");
        await h.OkAsync("INSERT INTO t VALUES (1, 10), (2, 20)");
        await h.OkAsync("ALTER TABLE t ADD COLUMN b VARCHAR(5) NOT NULL DEFAULT 'x' FIRST, ADD COLUMN z INT NOT NULL");
        CollectionAssert.AreEqual(new[] { "x|1|10|0", "x|2|20|0" }, (await h.RowsAsync("SELECT * FROM t ORDER BY id")).Select(r => string.Join('|', r)).ToArray());
        await h.OkAsync("ALTER TABLE t DROP COLUMN a");
        await h.OkAsync("ALTER TABLE t ADD COLUMN a INT DEFAULT 5");
        Assert.AreEqual("10", await h.ScalarAsync("SELECT SUM(a) FROM t"), "the old cells of a are not read for the new a");
        Assert.AreEqual(1060, await h.ErrorCodeAsync("ALTER TABLE t ADD COLUMN b INT"));
        Assert.AreEqual(1091, await h.ErrorCodeAsync("ALTER TABLE t DROP COLUMN nosuch"));
        Assert.AreEqual(1054, await h.ErrorCodeAsync("ALTER TABLE t MODIFY nosuch INT"));
        Assert.AreEqual(1146, await h.ErrorCodeAsync("ALTER TABLE nosuch ADD COLUMN c INT"));
    }

    [TestMethod]
    public async Task ModifyRefusesStoredValuesThatDoNotFitAndCastsTheOthers()
    {
        var h = await DatabaseAsync();
        await h.OkAsync("CREATE TABLE m (id INT PRIMARY KEY, v VARCHAR(10), n INT)");
        await h.OkAsync("INSERT INTO m VALUES (1, 'abcdef', 300), (2, NULL, 7)");
        Assert.AreEqual(1265, await h.ErrorCodeAsync("ALTER TABLE m MODIFY v VARCHAR(3)"));
        Assert.AreEqual(1264, await h.ErrorCodeAsync("ALTER TABLE m MODIFY n TINYINT"));
        Assert.AreEqual(1265, await h.ErrorCodeAsync("ALTER TABLE m MODIFY v VARCHAR(10) NOT NULL"));
        await h.OkAsync("ALTER TABLE m MODIFY n VARCHAR(5)");
        Assert.AreEqual("300!", await h.ScalarAsync("SELECT CONCAT(n, '!') FROM m WHERE id = 1"));
        Assert.AreEqual("varchar(5)", (await h.RowsAsync("DESCRIBE m"))[2][1]);
    }

    [TestMethod]
    public async Task ATableWithoutAPrimaryKeyTakesDuplicateRowsAndHidesItsRowKey()
    {
        var h = await DatabaseAsync();
        await h.OkAsync("CREATE TABLE nopk (a INT, b VARCHAR(3))");
        await h.OkAsync("INSERT INTO nopk VALUES (1, 'x'), (1, 'x')");
        await h.OkAsync("INSERT INTO nopk (a) VALUES (2)");
        var rows = await h.QueryAsync("SELECT * FROM nopk");
        Assert.AreEqual(2, rows.Columns.Count);
        Assert.AreEqual(3, rows.Rows.Count);
        Assert.AreEqual(2, (await h.RowsAsync("DESCRIBE nopk")).Length);
        Assert.AreEqual("CREATE TABLE `nopk` (\n  `a` int(11) DEFAULT NULL,\n  `b` varchar(3) DEFAULT NULL\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
            (await h.RowsAsync("SHOW CREATE TABLE nopk"))[0][1]);
        await h.OkAsync("DELETE FROM nopk WHERE a = 1");
        Assert.AreEqual("1", await h.ScalarAsync("SELECT COUNT(*) FROM nopk"));
    }

    [TestMethod]
    public async Task ChecksAreEnforcedOnInsertUpdateAndWhenAdded()
    {
        var h = await DatabaseAsync();
        await h.OkAsync("CREATE TABLE ck (id INT PRIMARY KEY, a INT CHECK (a > 0), b INT, CONSTRAINT b_small CHECK (b < 10))");
        await h.OkAsync("INSERT INTO ck VALUES (1, 1, 1), (2, NULL, NULL)");
        Assert.AreEqual(4025, await h.ErrorCodeAsync("INSERT INTO ck VALUES (3, 0, 1)"));
        Assert.AreEqual(4025, await h.ErrorCodeAsync("UPDATE ck SET b = 10 WHERE id = 1"));
        Assert.AreEqual(4025, await h.ErrorCodeAsync("ALTER TABLE ck ADD CONSTRAINT a_small CHECK (a < 1)"));
        Assert.AreEqual(1054, await h.ErrorCodeAsync("ALTER TABLE ck ADD CHECK (nosuch > 0)"));
        await h.OkAsync("ALTER TABLE ck DROP CONSTRAINT b_small");
        await h.OkAsync("UPDATE ck SET b = 10 WHERE id = 1");
        Assert.AreEqual("CREATE TABLE `ck` (\n  `id` int(11) NOT NULL,\n  `a` int(11) DEFAULT NULL CHECK (`a` > 0),\n  `b` int(11) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
            (await h.RowsAsync("SHOW CREATE TABLE ck"))[0][1]);
    }

    [TestMethod]
    public async Task RenameSwapsTablesTruncateEmptiesAndRestartsAutoIncrementAndCopiesKeepDefinitions()
    {
        var h = await DatabaseAsync();
        await h.OkAsync("CREATE TABLE a (id INT AUTO_INCREMENT PRIMARY KEY, v INT DEFAULT 3) COMMENT 'ca'");
        await h.OkAsync("CREATE TABLE b (x INT PRIMARY KEY)");
        await h.OkAsync("INSERT INTO a (v) VALUES (1), (2)");
        await h.OkAsync("RENAME TABLE a TO tmp, b TO a, tmp TO b");
        Assert.AreEqual("2", await h.ScalarAsync("SELECT COUNT(*) FROM b"));
        Assert.AreEqual(1054, await h.ErrorCodeAsync("SELECT v FROM a"), "a is the old b now");
        await h.OkAsync("TRUNCATE TABLE b");
        await h.OkAsync("INSERT INTO b (v) VALUES (9)");
        Assert.AreEqual("1|9", string.Join('|', (await h.RowsAsync("SELECT id, v FROM b"))[0]));
        await h.OkAsync("CREATE TABLE c LIKE b");
        Assert.AreEqual((await h.RowsAsync("SHOW CREATE TABLE b"))[0][1]!.Replace("`b`", "`c`", StringComparison.Ordinal), (await h.RowsAsync("SHOW CREATE TABLE c"))[0][1]);
        await h.OkAsync("CREATE TABLE s AS SELECT id, v FROM b");
        Assert.AreEqual("1|9", string.Join('|', (await h.RowsAsync("SELECT * FROM s"))[0]));
        Assert.AreEqual(1050, await h.ErrorCodeAsync("RENAME TABLE s TO c"));
    }
}
