namespace OceanClassic.MergeServer.Tests.Engine.Accounts;

// What a session of an account with few privileges may do: every statement kind checks the account's
// privileges in the schema version it runs with, with MariaDB's errors and messages.
[TestClass]
public sealed class PrivilegeEnforcementTests
{
    [TestMethod]
    public async Task ATableGrantReadsThatTableAndEveryOtherTableOrWriteIs1142NamingTheCommand()
    {
        var (root, lim) = await SetUpAsync("GRANT SELECT ON d.t TO lim");
        await lim.OkAsync("USE d");
        CollectionAssert.AreEqual(new[] { "1" }, (await lim.RowsAsync("SELECT a FROM t")).Select(r => r[0]).ToArray());

        var denied = await lim.RunAsync("SELECT * FROM t2");
        Assert.AreEqual(1142, denied.Failure!.Code);
        Assert.AreEqual("SELECT command denied to user 'lim'@'localhost' for table `d`.`t2`", denied.Failure.Message);
        Assert.AreEqual("42000", denied.Failure.SqlState);
        foreach (var (sql, command) in new[]
        {
            ("SELECT * FROM nosuch", "SELECT"), ("SELECT * FROM t JOIN t2 ON t.a = t2.a", "SELECT"), ("INSERT INTO t VALUES (2)", "INSERT"),
            ("UPDATE t SET a = 2", "UPDATE"), ("DELETE FROM t", "DELETE"), ("REPLACE INTO t VALUES (1)", "INSERT, DELETE"),
            ("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 3", "INSERT, UPDATE"), ("CREATE TABLE x (a INT PRIMARY KEY)", "CREATE"),
            ("DROP TABLE t", "DROP"), ("TRUNCATE TABLE t", "DROP"), ("ALTER TABLE t ADD b INT", "ALTER"), ("CREATE INDEX i ON t (a)", "INDEX"),
            ("SHOW CREATE TABLE t2", "SHOW"), ("GRANT SELECT ON d.t TO root", "GRANT"), ("RENAME TABLE t TO t3", "DROP, ALTER"),
        })
        {
            var failure = (await lim.RunAsync(sql)).Failure;
            Assert.AreEqual(1142, failure?.Code, sql);
            StringAssert.StartsWith(failure!.Message, command + " command denied", sql);
        }

        Assert.AreEqual("1", await root.ScalarAsync("SELECT COUNT(*) FROM d.t"), "no write went through");
    }

    [TestMethod]
    public async Task ADatabaseOrAdministrativeStatementWithoutRightsIs1044Or1227()
    {
        var (_, lim) = await SetUpAsync("GRANT SELECT ON d.t TO lim");
        foreach (var (sql, code) in new[]
        {
            ("USE e", 1044), ("CREATE DATABASE q", 1044), ("DROP DATABASE d", 1044), ("SHOW TABLES IN e", 1044),
            ("SHOW GRANTS FOR root", 1044), ("SET PASSWORD FOR root = PASSWORD('x')", 1044),
            ("CREATE USER x", 1227), ("DROP USER lim", 1227), ("ALTER SYSTEM MAJOR FREEZE", 1227), ("SELECT * FROM __all_server", 1227),
        })
        {
            Assert.AreEqual(code, await lim.ErrorCodeAsync(sql), sql);
        }

        var use = await lim.RunAsync("USE e");
        Assert.AreEqual("Access denied for user 'lim'@'%' to database 'e'", use.Failure!.Message);
        await lim.OkAsync("SET PASSWORD = PASSWORD('own')");
    }

    [TestMethod]
    public async Task ListingsShowOnlyTheDatabasesAndTablesTheAccountMaySee()
    {
        var (_, lim) = await SetUpAsync("GRANT SELECT ON d.t TO lim");
        CollectionAssert.AreEquivalent(new[] { "information_schema", "d" }, (await lim.RowsAsync("SHOW DATABASES")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "t" }, (await lim.RowsAsync("SHOW TABLES FROM d")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "t" },
            (await lim.RowsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema <> 'information_schema'")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "d" },
            (await lim.RowsAsync("SELECT schema_name FROM information_schema.schemata WHERE schema_name <> 'information_schema'")).Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task AGrantOrRevokeReachesAnOpenSessionsNextStatement()
    {
        var (root, lim) = await SetUpAsync("GRANT SELECT ON d.* TO lim");
        Assert.AreEqual(1142, await lim.ErrorCodeAsync("INSERT INTO d.t2 VALUES (5)"));
        await root.OkAsync("GRANT INSERT ON d.t2 TO lim");
        await lim.OkAsync("INSERT INTO d.t2 VALUES (5)");
        await root.OkAsync("REVOKE SELECT ON d.* FROM lim");
        Assert.AreEqual(1142, await lim.ErrorCodeAsync("SELECT * FROM d.t"));
        await root.OkAsync("DROP USER lim");
        Assert.AreEqual(1142, await lim.ErrorCodeAsync("INSERT INTO d.t2 VALUES (6)"), "a dropped account keeps its session but holds nothing");
    }

    private static async Task<(EngineHarness Root, EngineHarness Lim)> SetUpAsync(string grant)
    {
        var root = new EngineHarness();
        foreach (var sql in new[]
        {
            "CREATE DATABASE d", "CREATE DATABASE e", "CREATE TABLE d.t (a INT PRIMARY KEY)", "CREATE TABLE d.t2 (a INT PRIMARY KEY)",
            "INSERT INTO d.t VALUES (1)", "CREATE USER lim IDENTIFIED BY 'p'", grant,
        })
        {
            await root.OkAsync(sql);
        }

        return (root, root.ConnectAs(20, "lim"));
    }
}
