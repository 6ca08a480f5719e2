using OceanClassic.Common.MySql;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class SqlEngineStatementTests
{
    [TestMethod]
    public async Task SysbenchStatementsReadBackWhatWasWritten()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        var insert = await h.OkAsync("INSERT INTO sbtest1(k, c, pad) VALUES(5,'c1','p'),(3,'c3','p'),(5,'c2','p'),(9,'c2','p')");
        Assert.AreEqual(4UL, insert.AffectedRows);
        Assert.AreEqual(1UL, insert.LastInsertId);
        await h.OkAsync("CREATE INDEX k_1 ON sbtest1(k)");

        CollectionAssert.AreEqual(new[] { "c3" }, (await h.RowsAsync("SELECT c FROM sbtest1 WHERE id=2")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "c3", "c2", "c2" }, (await h.RowsAsync("SELECT c FROM sbtest1 WHERE id BETWEEN 2 AND 4")).Select(r => r[0]).ToArray());
        var sum = await h.QueryAsync("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 1 AND 3");
        Assert.AreEqual("SUM(k)", sum.Columns[0].Name);
        Assert.AreEqual(MySqlColumnType.NewDecimal, sum.Columns[0].Type);
        Assert.AreEqual("13", sum.Rows[0][0]);
        CollectionAssert.AreEqual(new[] { "c1", "c2", "c2", "c3" }, (await h.RowsAsync("SELECT c FROM sbtest1 WHERE id BETWEEN 1 AND 4 ORDER BY c")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "c1", "c2", "c3" }, (await h.RowsAsync("SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 1 AND 4 ORDER BY c")).Select(r => r[0]).ToArray());

        var update = await h.OkAsync("UPDATE sbtest1 SET k=k+1 WHERE id=1");
        Assert.AreEqual(1UL, update.AffectedRows);
        Assert.AreEqual("Rows matched: 1  Changed: 1  Warnings: 0", update.Info);
        await h.OkAsync("UPDATE sbtest1 SET c='new' WHERE id=2");
        Assert.AreEqual("6", (await h.RowsAsync("SELECT k FROM sbtest1 WHERE id=1"))[0][0]);
        Assert.AreEqual("new", (await h.RowsAsync("SELECT c FROM sbtest1 WHERE id=2"))[0][0]);

        Assert.AreEqual(1UL, (await h.OkAsync("DELETE FROM sbtest1 WHERE id=3")).AffectedRows);
        Assert.AreEqual(0, (await h.RowsAsync("SELECT c FROM sbtest1 WHERE id=3")).Length);
        var reinsert = await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (0, 7, 'z', 'z')");
        Assert.AreNotEqual(0UL, reinsert.LastInsertId);
        Assert.AreEqual("4", (await h.RowsAsync("SELECT COUNT(*) FROM sbtest1"))[0][0]);
        await h.OkAsync("BEGIN");
        await h.OkAsync("COMMIT");
        await h.OkAsync("DROP TABLE IF EXISTS sbtest1");
        Assert.AreEqual(1146, await h.ErrorCodeAsync("SELECT c FROM sbtest1 WHERE id=1"));
    }

    [TestMethod]
    public async Task AnUpdateThatChangesNothingReportsZeroChangedRows()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        await h.OkAsync("INSERT INTO sbtest1 VALUES (1, 2, 'a', 'b')");
        var result = await h.OkAsync("UPDATE sbtest1 SET k=2 WHERE id=1");
        Assert.AreEqual(0UL, result.AffectedRows);
        Assert.AreEqual("Rows matched: 1  Changed: 0  Warnings: 0", result.Info);
    }

    [TestMethod]
    public async Task AWriteConflictIsRedoneOnceUnderRowLocksInAStatementTransaction()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        await h.OkAsync("INSERT INTO sbtest1 VALUES (1, 10, 'a', 'b'), (2, 20, 'a', 'b')");
        h.Cluster.InjectConflicts = 3;
        await h.OkAsync("UPDATE sbtest1 SET k=k+1 WHERE id=1");
        Assert.AreEqual(1, h.Cluster.BeginCount, "the redo ran in one statement transaction");
        Assert.AreEqual(2, h.Cluster.InjectConflicts, "only the optimistic attempt met the conflict");
        await h.OkAsync("DELETE FROM sbtest1 WHERE id=2");
        Assert.AreEqual(2, h.Cluster.BeginCount);
        Assert.AreEqual(0, h.Cluster.OpenTransactions);
        Assert.AreEqual(0, h.Cluster.Locks.LockedRows);
        CollectionAssert.AreEqual(new[] { "11" }, (await h.RowsAsync("SELECT k FROM sbtest1")).Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task AnAutoIncrementInsertWaitsForAnUpsMasterInsteadOfFailing()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        h.Cluster.UnavailableAutoIncAllocs = 3;
        var insert = await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES (0, 7, 'z', 'z')");
        Assert.AreEqual(1UL, insert.LastInsertId);
        Assert.AreEqual(4, h.Cluster.AutoIncAllocCount);
        Assert.AreEqual("7", (await h.RowsAsync("SELECT k FROM sbtest1 WHERE id=1"))[0][0]);
    }

    [TestMethod]
    public async Task ChangingThePrimaryKeyMovesTheRow()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        await h.OkAsync("INSERT INTO sbtest1 VALUES (1, 10, 'a', 'b')");
        await h.OkAsync("UPDATE sbtest1 SET id=50 WHERE id=1");
        Assert.AreEqual(0, (await h.RowsAsync("SELECT * FROM sbtest1 WHERE id=1")).Length);
        CollectionAssert.AreEqual(new[] { "50", "10", "a", "b" }, (await h.RowsAsync("SELECT * FROM sbtest1 WHERE id=50"))[0]);
    }

    [TestMethod]
    public async Task ErrorsCarryMySqlCodes()
    {
        var h = new EngineHarness();
        Assert.AreEqual(1046, await h.ErrorCodeAsync("SELECT * FROM t"));
        Assert.AreEqual(1064, await h.ErrorCodeAsync("SELEC 1"));
        Assert.AreEqual(1049, await h.ErrorCodeAsync("USE nosuchdb"));
        await h.WithSysbenchTableAsync();
        Assert.AreEqual(1007, await h.ErrorCodeAsync("CREATE DATABASE sbtest"));
        Assert.AreEqual(1050, await h.ErrorCodeAsync("CREATE TABLE sbtest1 (id INT PRIMARY KEY)"));
        Assert.AreEqual(1060, await h.ErrorCodeAsync("CREATE TABLE dupcol (a INT, a INT)"));
        Assert.AreEqual(1146, await h.ErrorCodeAsync("SELECT * FROM nosuch"));
        Assert.AreEqual(1054, await h.ErrorCodeAsync("SELECT nosuch FROM sbtest1"));
        Assert.AreEqual(1054, await h.ErrorCodeAsync("SELECT c FROM sbtest1 WHERE nosuch = 1"));
        Assert.AreEqual(1136, await h.ErrorCodeAsync("INSERT INTO sbtest1 (k, c) VALUES (1)"));
        await h.OkAsync("INSERT INTO sbtest1 VALUES (1, 2, 'a', 'b')");
        Assert.AreEqual(1062, await h.ErrorCodeAsync("INSERT INTO sbtest1 VALUES (1, 2, 'a', 'b')"));
        Assert.AreEqual(1048, await h.ErrorCodeAsync("INSERT INTO sbtest1 VALUES (2, NULL, 'a', 'b')"));
        Assert.AreEqual(1406, await h.ErrorCodeAsync($"INSERT INTO sbtest1 VALUES (3, 1, '{new string('x', 121)}', 'b')"));
        Assert.AreEqual(1264, await h.ErrorCodeAsync("INSERT INTO sbtest1 VALUES (4, 99999999999, 'a', 'b')"));
        Assert.AreEqual(1366, await h.ErrorCodeAsync("INSERT INTO sbtest1 VALUES (5, 'abc', 'a', 'b')"));
        await h.OkAsync("CREATE TABLE strict (id INT PRIMARY KEY, v INT NOT NULL)");
        Assert.AreEqual(1364, await h.ErrorCodeAsync("INSERT INTO strict (id) VALUES (1)"));
    }

    [TestMethod]
    public async Task AFailedRowLeavesTheWholeInsertUnapplied()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        Assert.AreEqual(1048, await h.ErrorCodeAsync("INSERT INTO sbtest1 VALUES (1, 1, 'a', 'b'), (2, NULL, 'a', 'b')"));
        Assert.AreEqual("0", (await h.RowsAsync("SELECT COUNT(*) FROM sbtest1"))[0][0]);
    }

    [TestMethod]
    public async Task MultiStatementQueriesStopAtTheFirstError()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        var sink = await h.RunAsync("SELECT 1; SELECT nosuch FROM sbtest1; SELECT 2");
        Assert.AreEqual(2, sink.Results.Count);
        Assert.AreEqual(1054, sink.Failure!.Code);
    }

    [TestMethod]
    public async Task SessionQueriesOfRealClientsAnswer()
    {
        var h = new EngineHarness();
        Assert.AreEqual("OceanClassic (OceanBase 0.4 architecture)", (await h.RowsAsync("SELECT @@version_comment LIMIT 1"))[0][0]);
        var packet = await h.QueryAsync("SELECT @@session.max_allowed_packet");
        Assert.AreEqual("67108864", packet.Rows[0][0]);
        Assert.AreEqual("@@session.max_allowed_packet", packet.Columns[0].Name);
        Assert.IsNull((await h.RowsAsync("SELECT DATABASE()"))[0][0]);
        Assert.AreEqual("2", (await h.RowsAsync("SELECT 1+1"))[0][0]);
        StringAssert.StartsWith((await h.RowsAsync("SELECT VERSION()"))[0][0], "5.7");
        Assert.IsNotNull((await h.RowsAsync("SELECT NOW()"))[0][0]);
        await h.OkAsync("SET NAMES utf8mb4");
        await h.OkAsync("SET autocommit=1");
        await h.OkAsync("SET sql_mode='STRICT_TRANS_TABLES'");
        Assert.AreEqual("STRICT_TRANS_TABLES", (await h.RowsAsync("SELECT @@sql_mode"))[0][0]);
        Assert.AreEqual(1193, await h.ErrorCodeAsync("SELECT @@no_such_variable"));
        await h.WithSysbenchTableAsync();
        Assert.AreEqual("sbtest", (await h.RowsAsync("SELECT DATABASE()"))[0][0]);
        CollectionAssert.Contains((await h.RowsAsync("SHOW DATABASES")).Select(r => r[0]).ToArray(), "sbtest");
        CollectionAssert.AreEqual(new[] { "sbtest1" }, (await h.RowsAsync("SHOW TABLES")).Select(r => r[0]).ToArray());
        var columns = await h.RowsAsync("DESCRIBE sbtest1");
        CollectionAssert.AreEqual(new[] { "id", "int(11)", "NO", "PRI", null, "auto_increment" }, columns[0]);
        StringAssert.Contains((await h.RowsAsync("SHOW CREATE TABLE sbtest1"))[0][1], "PRIMARY KEY (`id`)");
        Assert.AreEqual(1, (await h.RowsAsync("SHOW VARIABLES LIKE 'version_comment'")).Length);
    }

    [TestMethod]
    public async Task AllServerIsQueryableLikeATableFromAnyDatabase()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        h.Cluster.Servers.Add(new ServerInfo { Role = ServerRole.UpdateServer, Address = "127.0.0.1:2700", Alive = true, IsUpsMaster = true, LogSeq = 42 });
        h.Cluster.Servers.Add(new ServerInfo { Role = ServerRole.ChunkServer, Address = "127.0.0.1:2600", Alive = false });
        h.Cluster.Servers.Add(new ServerInfo { Role = ServerRole.MergeServer, Address = "127.0.0.1:2800", SqlAddress = "127.0.0.1:2880", Alive = true });
        var rows = await h.RowsAsync("SELECT role, address, status FROM __all_server WHERE status = 'alive' ORDER BY role");
        CollectionAssert.AreEqual(new[] { "mergeserver", "updateserver" }, rows.Select(r => r[0]).ToArray());
        Assert.AreEqual("42", (await h.RowsAsync("SELECT log_seq FROM __all_server WHERE is_ups_master = 1"))[0][0]);
        Assert.AreEqual("3", (await h.RowsAsync("SELECT COUNT(*) FROM __all_server"))[0][0]);
    }
}
