using OceanClassic.Common.MySql;

namespace OceanClassic.MergeServer.Tests.Engine.Accounts;

// CREATE / ALTER / DROP USER, SET PASSWORD, GRANT, REVOKE and SHOW GRANTS against the in-memory cluster,
// with the rows and error codes MariaDB 10.11 gives for the same statements.
[TestClass]
public sealed class AccountStatementTests
{
    [TestMethod]
    public async Task ShowGrantsListsTheGlobalLineWithTheHashThenDatabaseAndTableGrantsAsMariaDbPrintsThem()
    {
        var h = await SeededAsync();
        await h.OkAsync("CREATE USER 'lim'@'%' IDENTIFIED BY 'p'");
        await h.OkAsync("GRANT SELECT, INSERT ON d.* TO lim");
        await h.OkAsync("GRANT SELECT ON d.t TO 'lim'@'%' WITH GRANT OPTION");
        await h.OkAsync("GRANT RELOAD, PROCESS, SELECT ON *.* TO lim");

        CollectionAssert.AreEqual(new[]
        {
            "GRANT SELECT, RELOAD, PROCESS ON *.* TO `lim`@`%` IDENTIFIED BY PASSWORD '*7B9EBEED26AA52ED10C0F549FA863F13C39E0209'",
            "GRANT SELECT, INSERT ON `d`.* TO `lim`@`%`",
            "GRANT SELECT ON `d`.`t` TO `lim`@`%` WITH GRANT OPTION",
        }, (await h.RowsAsync("SHOW GRANTS FOR lim@'%'")).Select(r => r[0]).ToArray());
        Assert.AreEqual("Grants for lim@%", (await h.QueryAsync("SHOW GRANTS FOR lim")).Columns[0].Name);
    }

    [TestMethod]
    public async Task AllPrivilegesAtEachLevelShowAsAllPrivilegesAndRevokingOneListsTheRest()
    {
        var h = await SeededAsync();
        await h.OkAsync("CREATE USER v");
        await h.OkAsync("GRANT ALL ON d.* TO v");
        await h.OkAsync("GRANT ALL PRIVILEGES ON d.t TO v");
        await h.OkAsync("REVOKE DELETE HISTORY, TRIGGER, SHOW VIEW, CREATE VIEW, REFERENCES ON d.t FROM v");
        CollectionAssert.AreEqual(new[]
        {
            "GRANT USAGE ON *.* TO `v`@`%`",
            "GRANT ALL PRIVILEGES ON `d`.* TO `v`@`%`",
            "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER ON `d`.`t` TO `v`@`%`",
        }, (await h.RowsAsync("SHOW GRANTS FOR v")).Select(r => r[0]).ToArray());
        await h.OkAsync("REVOKE ALL PRIVILEGES, GRANT OPTION FROM v");
        CollectionAssert.AreEqual(new[] { "GRANT USAGE ON *.* TO `v`@`%`" }, (await h.RowsAsync("SHOW GRANTS FOR v")).Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task AccountStatementsFailWithMariaDbsErrorCodes()
    {
        var h = await SeededAsync();
        await h.OkAsync("CREATE USER v IDENTIFIED BY 'x'");
        foreach (var (sql, code) in new[]
        {
            ("CREATE USER v", 1396), ("DROP USER nobody", 1396), ("ALTER USER nobody IDENTIFIED BY 'x'", 1396),
            ("SET PASSWORD FOR nobody = PASSWORD('x')", 1133), ("GRANT SELECT ON d.t TO nobody", 1133),
            ("CREATE USER w IDENTIFIED BY PASSWORD 'abc'", 1372), ("GRANT RELOAD ON d.* TO v", 1221), ("GRANT RELOAD ON d.t TO v", 1144),
            ("GRANT SELECT ON d.nosuch TO v", 1146), ("REVOKE SELECT ON e.* FROM v", 1141), ("REVOKE SELECT ON d.t FROM nobody", 1141),
            ("REVOKE INSERT ON d.x FROM v", 1147), ("SHOW GRANTS FOR nobody@localhost", 1141), ("REVOKE SELECT ON *.* FROM nobody", 1141),
            ("GRANT SELECT (a) ON d.t TO v", 1064),
        })
        {
            Assert.AreEqual(code, await h.ErrorCodeAsync(sql), sql);
        }

        await h.OkAsync("CREATE USER IF NOT EXISTS v");
        CollectionAssert.AreEqual(new[] { "Note", "1973", "Can't create user 'v'@'%'; it already exists" }, (await h.RowsAsync("SHOW WARNINGS"))[0]);
        await h.OkAsync("DROP USER IF EXISTS nobody, v");
        CollectionAssert.AreEqual(new[] { "Note", "1974", "Can't drop user 'nobody'@'%'; it doesn't exist" }, (await h.RowsAsync("SHOW WARNINGS"))[0]);
        Assert.IsEmpty(h.Cluster.Users, "v was dropped");
    }

    [TestMethod]
    public async Task APasswordIsStoredAsMySqlsDoubleSha1AndALoginChecksItAgainstTheScramble()
    {
        var h = await SeededAsync();
        await h.OkAsync("CREATE USER 'app'@'localhost' IDENTIFIED BY 'secret'");
        await h.OkAsync("CREATE USER 'app'@'%' IDENTIFIED BY PASSWORD '*14E65567ABDB5135D0CFD9A70B3032C179A49EE7'");

        var local = await h.Engine.FindLoginAccountAsync("app", "127.0.0.1", CancellationToken.None);
        Assert.AreEqual("localhost", local!.Host, "the literal host is more specific than '%'");
        var remote = await h.Engine.FindLoginAccountAsync("app", "10.1.2.3", CancellationToken.None);
        Assert.AreEqual("%", remote!.Host);
        Assert.IsNull(await h.Engine.FindLoginAccountAsync("nobody", "127.0.0.1", CancellationToken.None));

        var scramble = NativePassword.CreateScramble();
        Assert.IsTrue(NativePassword.VerifyHash(scramble, NativePassword.ComputeToken(scramble, "secret"), local.AuthString));
        Assert.IsFalse(NativePassword.VerifyHash(scramble, NativePassword.ComputeToken(scramble, "wrong"), local.AuthString));
        Assert.AreEqual(NativePassword.Hash("secret"), remote.AuthString, "IDENTIFIED BY PASSWORD stores the hash as given");
    }

    private static async Task<EngineHarness> SeededAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("CREATE TABLE d.t (a INT PRIMARY KEY)");
        await h.OkAsync("CREATE TABLE d.t2 (a INT PRIMARY KEY)");
        return h;
    }
}
