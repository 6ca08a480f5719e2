namespace OceanClassic.MergeServer.Tests.Engine.Accounts;

// Whose connections an account sees and may end, MySQL's rule: SHOW PROCESSLIST and
// information_schema.PROCESSLIST list only the user's own sessions unless it holds PROCESS; KILL of
// another user's session is 1095 unless it holds SUPER or CONNECTION ADMIN (PROCESS only shows it).
[TestClass]
public sealed class ProcessVisibilityTests
{
    [TestMethod]
    public async Task WithoutProcessAnAccountListsOnlyItsOwnSessionsAndWithItEverySession()
    {
        var root = new EngineHarness();
        await root.OkAsync("CREATE USER lim IDENTIFIED BY 'p'");
        await root.OkAsync("CREATE USER watcher IDENTIFIED BY 'p'");
        await root.OkAsync("GRANT PROCESS ON *.* TO watcher");
        var lim = root.ConnectAs(20, "lim");
        var limAgain = root.ConnectAs(21, "lim");
        var watcher = root.ConnectAs(22, "watcher");

        var listed = (await lim.RowsAsync("SHOW PROCESSLIST")).Select(r => r[0] + "|" + r[1]).ToArray();
        CollectionAssert.AreEqual(new[] { "20|lim", "21|lim" }, listed, string.Join(" ", listed));
        CollectionAssert.AreEqual(new[] { "20|lim", "21|lim" },
            (await limAgain.RowsAsync("SELECT id, user FROM information_schema.PROCESSLIST ORDER BY id")).Select(r => r[0] + "|" + r[1]).ToArray());
        CollectionAssert.AreEqual(new[] { "7", "20", "21", "22" }, (await watcher.RowsAsync("SHOW FULL PROCESSLIST")).Select(r => r[0]).ToArray());
        Assert.AreEqual("4", await root.ScalarAsync("SELECT COUNT(*) FROM information_schema.PROCESSLIST"));
        GC.KeepAlive(limAgain);
    }

    [TestMethod]
    public async Task KillOfAnotherUsersSessionIs1095WithoutSuperOrConnectionAdminEvenWithProcess()
    {
        var root = new EngineHarness();
        await root.OkAsync("CREATE USER lim IDENTIFIED BY 'p'");
        await root.OkAsync("CREATE USER watcher IDENTIFIED BY 'p'");
        await root.OkAsync("CREATE USER admin IDENTIFIED BY 'p'");
        await root.OkAsync("GRANT PROCESS ON *.* TO watcher");
        await root.OkAsync("GRANT CONNECTION ADMIN ON *.* TO admin");
        var lim = root.ConnectAs(20, "lim");
        var limAgain = root.ConnectAs(21, "lim");
        var watcher = root.ConnectAs(22, "watcher");
        var admin = root.ConnectAs(23, "admin");

        var denied = await lim.RunAsync("KILL 7");
        Assert.AreEqual(1095, denied.Failure?.Code);
        Assert.AreEqual("You are not owner of thread 7", denied.Failure!.Message);
        Assert.AreEqual(1095, await watcher.ErrorCodeAsync("KILL QUERY 20"));
        await lim.OkAsync("KILL QUERY 21");
        await admin.OkAsync("KILL 21");
        Assert.AreEqual("1", await root.ScalarAsync("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE id = 20"));
        GC.KeepAlive(limAgain);
    }
}
