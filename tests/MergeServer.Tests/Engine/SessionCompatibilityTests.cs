using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// What dump files and drivers do to a session: system variables set and read back, versioned
// executable comments, LOCK TABLES and key switches, savepoints, SQL-level PREPARE / EXECUTE, KILL.
[TestClass]
public sealed class SessionCompatibilityTests
{
    private static async Task<EngineHarness> WithTableAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        return h;
    }

    [TestMethod]
    public async Task TheDumpPreambleSetsEveryVariableAndTheEpilogueRestoresIt()
    {
        var h = new EngineHarness();
        await h.OkAsync("""
            /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
            /*!40101 SET NAMES utf8mb4 */;
            /*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
            /*!40103 SET TIME_ZONE='+00:00' */;
            /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
            /*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
            /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
            /*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */
            """);
        CollectionAssert.AreEqual(new[] { "0", "0", "0", "+00:00", "NO_AUTO_VALUE_ON_ZERO", "1", "1", "utf8mb4" },
            (await h.RowsAsync("SELECT @@unique_checks, @@session.foreign_key_checks, @@sql_notes, @@time_zone, @@sql_mode, @OLD_UNIQUE_CHECKS, @old_sql_notes, @@character_set_client"))[0]);
        await h.OkAsync("""
            /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;
            /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
            /*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
            /*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
            /*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */
            """);
        CollectionAssert.AreEqual(new[] { "1", "1", "1", "SYSTEM", "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION" },
            (await h.RowsAsync("SELECT @@unique_checks, @@global.foreign_key_checks, @@sql_notes, @@time_zone, @@sql_mode"))[0]);
    }

    [TestMethod]
    public async Task DriverVariablesReadBackAsMariaDbReportsThem()
    {
        var h = new EngineHarness();
        await h.OkAsync("SET SESSION transaction_isolation = 'REPEATABLE-READ', sql_safe_updates = ON, autocommit = 1");
        CollectionAssert.AreEqual(new[] { "REPEATABLE-READ", "REPEATABLE-READ", "1", "16384", "0" },
            (await h.RowsAsync("SELECT @@tx_isolation, @@transaction_isolation, @@sql_safe_updates, @@innodb_page_size, @@innodb_read_only"))[0]);
        await h.OkAsync("SET unique_checks = DEFAULT; SET NAMES utf8mb4 COLLATE utf8mb4_bin");
        CollectionAssert.AreEqual(new[] { "1", "utf8mb4_bin" }, (await h.RowsAsync("SELECT @@unique_checks, @@collation_connection"))[0]);
        var shown = await h.RowsAsync("SHOW VARIABLES LIKE 'sql_safe_updates'");
        CollectionAssert.AreEqual(new[] { "sql_safe_updates", "ON" }, shown[0]);
    }

    [TestMethod]
    public async Task ReadOnlyVariablesAndValuesOutsideTheDomainAreRefusedAsMariaDbDoes()
    {
        var h = new EngineHarness();
        Assert.AreEqual(ErrorCodes.ReadOnlyVariable, await h.ErrorCodeAsync("SET innodb_page_size = 1"));
        Assert.AreEqual(ErrorCodes.WrongValueForVariable, await h.ErrorCodeAsync("SET unique_checks = 'abc'"));
        Assert.AreEqual(ErrorCodes.WrongValueForVariable, await h.ErrorCodeAsync("SET tx_isolation = 'SOMETIMES'"));
        Assert.AreEqual(ErrorCodes.UnknownSystemVariable, await h.ErrorCodeAsync("SELECT @@no_such_variable"));
    }

    [TestMethod]
    public async Task ExecutableCommentsRunOnlyWhenTheirVersionIsNotNewerThanTheServer()
    {
        var h = new EngineHarness();
        await h.OkAsync("/*!40101 SET @a = 1 */; /*!80000 SET @b = 1 */; /*M!100100 SET @c = 1 */; /*! SET @d = 1 */; /*M!999999\\- enable the sandbox mode */ SET @e = 1");
        CollectionAssert.AreEqual(new[] { "1", null, null, "1", "1" }, (await h.RowsAsync("SELECT @a, @b, @c, @d, @e"))[0]);
    }

    [TestMethod]
    public async Task LockTablesAndKeySwitchesAcceptExistingTablesOnly()
    {
        var h = await WithTableAsync();
        await h.OkAsync("LOCK TABLES `t` WRITE");
        await h.OkAsync("/*!40000 ALTER TABLE `t` DISABLE KEYS */");
        await h.OkAsync("INSERT INTO t VALUES (1, 'a')");
        await h.OkAsync("/*!40000 ALTER TABLE `t` ENABLE KEYS */");
        await h.OkAsync("UNLOCK TABLES");
        await h.OkAsync("LOCK TABLES t AS x READ /*!32311 LOCAL */, t LOW_PRIORITY WRITE");
        Assert.AreEqual(ErrorCodes.NoSuchTable, await h.ErrorCodeAsync("LOCK TABLES nosuch READ"));
        Assert.AreEqual(ErrorCodes.NoSuchTable, await h.ErrorCodeAsync("ALTER TABLE nosuch DISABLE KEYS"));
        Assert.AreEqual("1", (await h.RowsAsync("SELECT COUNT(*) FROM t"))[0][0]);
    }

    // What mariadb-dump --flush-logs / --lock-all-tables send, and the other FLUSH forms.
    [TestMethod]
    public async Task FlushStatementsAreAcceptedAndNameOnlyExistingTables()
    {
        var h = await WithTableAsync();
        await h.OkAsync("FLUSH /*!40101 LOCAL */ TABLES");
        await h.OkAsync("FLUSH TABLES WITH READ LOCK");
        await h.OkAsync("UNLOCK TABLES");
        await h.OkAsync("FLUSH LOGS");
        await h.OkAsync("FLUSH NO_WRITE_TO_BINLOG BINARY LOGS, PRIVILEGES, STATUS");
        await h.OkAsync("FLUSH TABLES t, d.t WITH READ LOCK");
        Assert.AreEqual(ErrorCodes.NoSuchTable, await h.ErrorCodeAsync("FLUSH TABLES nosuch"));
        Assert.AreEqual(ErrorCodes.ParseError, await h.ErrorCodeAsync("FLUSH NOTHING"));
    }

    [TestMethod]
    public async Task RollbackToASavepointUndoesOnlyTheWritesMadeAfterIt()
    {
        var h = await WithTableAsync();
        await h.OkAsync("BEGIN");
        await h.OkAsync("INSERT INTO t VALUES (1, 'kept')");
        await h.OkAsync("SAVEPOINT s1");
        await h.OkAsync("INSERT INTO t VALUES (2, 'undone')");
        await h.OkAsync("UPDATE t SET v = 'changed' WHERE id = 1");
        await h.OkAsync("SAVEPOINT s2");
        await h.OkAsync("ROLLBACK WORK TO SAVEPOINT s1");
        Assert.AreEqual(ErrorCodes.SavepointDoesNotExist, await h.ErrorCodeAsync("RELEASE SAVEPOINT s2"));
        await h.OkAsync("INSERT INTO t VALUES (3, 'after')");
        await h.OkAsync("RELEASE SAVEPOINT s1");
        await h.OkAsync("COMMIT");
        CollectionAssert.AreEqual(new[] { "1:kept", "3:after" },
            (await h.RowsAsync("SELECT id, v FROM t ORDER BY id")).Select(r => $"{r[0]}:{r[1]}").ToArray());
        Assert.AreEqual(ErrorCodes.SavepointDoesNotExist, await h.ErrorCodeAsync("ROLLBACK TO s1"));
    }

    [TestMethod]
    public async Task SqlLevelPrepareExecutesWithUserVariablesUntilDeallocated()
    {
        var h = await WithTableAsync();
        await h.OkAsync("PREPARE ins FROM 'INSERT INTO t VALUES (?, ?)'");
        await h.OkAsync("SET @id = 7, @v = 'seven'");
        await h.OkAsync("EXECUTE ins USING @id, @v");
        await h.OkAsync("SET @q = 'SELECT v FROM t WHERE id = ?'");
        await h.OkAsync("PREPARE sel FROM @q");
        Assert.AreEqual("seven", (await h.RowsAsync("EXECUTE sel USING @id"))[0][0]);
        Assert.AreEqual(ErrorCodes.WrongArguments, await h.ErrorCodeAsync("EXECUTE sel"));
        await h.OkAsync("DEALLOCATE PREPARE sel");
        Assert.AreEqual(ErrorCodes.UnknownStatementHandler, await h.ErrorCodeAsync("EXECUTE sel USING @id"));
        await h.OkAsync("DROP PREPARE ins");
    }

    [TestMethod]
    public async Task APreparedLimitAcceptsAWholeDoubleAsDriversBindIt()
    {
        var h = await WithTableAsync();
        await h.OkAsync("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        var prepared = await h.Session.PrepareAsync("SELECT id FROM t ORDER BY id LIMIT ?", CancellationToken.None);
        Assert.IsNull(prepared.Error);
        var sink = new CapturingSink();
        await h.Session.ExecutePreparedAsync(prepared.Statement!, [ObObj.FromDouble(2)], sink, CancellationToken.None);
        Assert.IsNull(sink.Failure);
        Assert.AreEqual(2, ((CapturingSink.ResultSet)sink.Results[^1]).Rows.Count);
        sink = new CapturingSink();
        await h.Session.ExecutePreparedAsync(prepared.Statement!, [ObObj.FromDouble(1.5)], sink, CancellationToken.None);
        Assert.IsNotNull(sink.Failure);
    }

    [TestMethod]
    public async Task KillClosesTheTargetConnectionAndAnUnknownIdIs1094()
    {
        var h = new EngineHarness();
        var disconnected = false;
        await using var target = await h.Engine.OpenSessionAsync(new SessionInfo(42, "root", null, "h", () => disconnected = true), CancellationToken.None);
        await h.OkAsync("KILL QUERY 42");
        Assert.IsFalse(disconnected);
        await h.OkAsync("KILL 42");
        Assert.IsTrue(disconnected);
        Assert.AreEqual(ErrorCodes.NoSuchThread, await h.ErrorCodeAsync("KILL 4242"));
    }

    [TestMethod]
    public async Task ALastInsertIdCallSeesTheValueALastInsertIdOfTheSameStatementSetBeforeIt()
    {
        var h = new EngineHarness();
        CollectionAssert.AreEqual(new[] { "5", "5" }, (await h.RowsAsync("SELECT LAST_INSERT_ID(5), LAST_INSERT_ID()"))[0]);
        Assert.AreEqual("14", await h.ScalarAsync("SELECT LAST_INSERT_ID(7) + LAST_INSERT_ID()"));
        CollectionAssert.AreEqual(new[] { "7", "9", "9" }, (await h.RowsAsync("SELECT LAST_INSERT_ID(), LAST_INSERT_ID(9), LAST_INSERT_ID()"))[0]);
        Assert.AreEqual("9", await h.ScalarAsync("SELECT LAST_INSERT_ID()"));
    }

    [TestMethod]
    public async Task TimeZoneTakesSystemOrAnOffsetMariaDbAcceptsAndCharacterSetResultsMayBeNull()
    {
        var h = new EngineHarness();
        await h.OkAsync("SET time_zone = '+1:00'");
        Assert.AreEqual("+01:00", await h.ScalarAsync("SELECT @@time_zone"));
        await h.OkAsync("SET time_zone = '-12:59'");
        await h.OkAsync("SET time_zone = 'system'");
        Assert.AreEqual("SYSTEM", await h.ScalarAsync("SELECT @@time_zone"));
        foreach (var zone in new[] { "+13:01", "+01:60", "Europe/Berlin", "1:00" })
            Assert.AreEqual(ErrorCodes.UnknownTimeZone, await h.ErrorCodeAsync($"SET time_zone = '{zone}'"), zone);
        Assert.AreEqual(ErrorCodes.WrongValueForVariable, await h.ErrorCodeAsync("SET time_zone = NULL"));
        await h.OkAsync("SET character_set_results = NULL");
        Assert.IsNull(await h.ScalarAsync("SELECT @@character_set_results"));
    }

    [TestMethod]
    public async Task PrepareOfAQueryOnAMissingTableFailsAndLeavesNoStatement()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("PREPARE p FROM 'SELECT 1'");
        Assert.AreEqual(ErrorCodes.NoSuchTable, await h.ErrorCodeAsync("PREPARE p FROM 'SELECT * FROM nosuch'"));
        Assert.AreEqual(ErrorCodes.UnknownStatementHandler, await h.ErrorCodeAsync("EXECUTE p"));
    }
}
