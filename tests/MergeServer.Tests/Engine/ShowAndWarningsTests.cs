using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// SHOW forms, the diagnostics area (SHOW WARNINGS / @@warning_count / the OK packet's count), user-level
// locks and FOUND_ROWS; the corpus files show.sql, warnings.sql and functions_more.sql compare them with MariaDB.
[TestClass]
public sealed class ShowAndWarningsTests
{
    [TestMethod]
    public async Task ShowWarningsKeepsTheLastWarningsUntilAStatementUsesATableOrWarnsAgain()
    {
        var h = await EngineHarness.SeededAsync();
        await h.RowsAsync("SELECT 1/0, 2/0");
        Assert.AreEqual(2, (await h.RowsAsync("SHOW WARNINGS")).Length);
        await h.RowsAsync("SELECT 1");
        await h.OkAsync("SET @x = 1");
        CollectionAssert.AreEqual(new[] { "Warning", "1365", "Division by 0" }, (await h.RowsAsync("SHOW WARNINGS"))[0]);
        Assert.AreEqual("2", await h.ScalarAsync("SELECT @@warning_count"));
        Assert.AreEqual("2", await h.ScalarAsync("SHOW COUNT(*) WARNINGS"));
        Assert.AreEqual(1, (await h.RowsAsync("SHOW WARNINGS LIMIT 1, 5")).Length);
        await h.RowsAsync("SELECT k FROM sbtest1 WHERE id = 1");
        Assert.AreEqual(0, (await h.RowsAsync("SHOW WARNINGS")).Length);
        Assert.AreEqual("0", await h.ScalarAsync("SELECT @@warning_count"));
    }

    [TestMethod]
    public async Task AnErrorIsTheLastConditionOfItsStatement()
    {
        var h = await EngineHarness.SeededAsync();
        Assert.AreEqual(1146, await h.ErrorCodeAsync("SELECT * FROM nosuch"));
        CollectionAssert.AreEqual(new[] { "Error", "1146", "Table 'sbtest.nosuch' doesn't exist" }, (await h.RowsAsync("SHOW ERRORS"))[0]);
        Assert.AreEqual("1", await h.ScalarAsync("SELECT @@error_count"));
        Assert.AreEqual(1064, await h.ErrorCodeAsync("SELEC 1"));
        Assert.AreEqual("1064", (await h.RowsAsync("SHOW WARNINGS"))[0][1]);
        await h.RowsAsync("SELECT 1/0");
        Assert.AreEqual(0, (await h.RowsAsync("SHOW ERRORS")).Length);
    }

    [TestMethod]
    public async Task TheOkAndEofPacketsCarryTheStatementsOwnWarningCount()
    {
        var h = await EngineHarness.SeededAsync();
        var sink = new WarningCountSink(h.Session);
        await h.Session.ExecuteAsync("SELECT 1/0, 2/0; SELECT 1; DROP TABLE IF EXISTS nosuch1, nosuch2", sink, CancellationToken.None);
        CollectionAssert.AreEqual(new[] { 2, 0, 1 }, sink.Counts);
        CollectionAssert.AreEqual(new[] { "Note", "1051", "Unknown table 'sbtest.nosuch1,sbtest.nosuch2'" }, (await h.RowsAsync("SHOW WARNINGS"))[0]);
        await h.OkAsync("SET sql_notes = 0");
        await h.OkAsync("DROP TABLE IF EXISTS nosuch1");
        Assert.AreEqual("0", await h.ScalarAsync("SELECT @@warning_count"));
    }

    // The session works sql_mode out once per change of its variables, not per statement: a SET between
    // two statements must still reach the next one (each SELECT reads a table, so it replaces the warnings).
    [TestMethod]
    public async Task ADivisionByZeroWarnsOnlyWhileTheSqlModeSetBetweenStatementsAsksForIt()
    {
        var h = await EngineHarness.SeededAsync();
        await h.RowsAsync("SELECT k/0 FROM sbtest1 WHERE id = 1");
        Assert.AreEqual("1", await h.ScalarAsync("SELECT @@warning_count"));
        await h.OkAsync("SET sql_mode = ''");
        await h.RowsAsync("SELECT k/0 FROM sbtest1 WHERE id = 1");
        Assert.AreEqual("0", await h.ScalarAsync("SELECT @@warning_count"));
        await h.OkAsync("SET sql_mode = 'ERROR_FOR_DIVISION_BY_ZERO'");
        await h.RowsAsync("SELECT k/0 FROM sbtest1 WHERE id = 1");
        Assert.AreEqual("1", await h.ScalarAsync("SELECT @@warning_count"));
    }

    [TestMethod]
    public async Task ShowFullColumnsAndDescribeAnswerAsMariaDb()
    {
        var h = await EngineHarness.SeededAsync();
        var full = await h.QueryAsync("SHOW FULL COLUMNS FROM sbtest1");
        CollectionAssert.AreEqual(new[] { "Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment" },
            full.Columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "id", "int(11)", null, "NO", "PRI", null, "auto_increment", "select,insert,update,references", "" }, full.Rows[0]);
        Assert.AreEqual("utf8mb4_general_ci", full.Rows[2][2]);
        CollectionAssert.AreEqual(new[] { "c" }, (await h.RowsAsync("DESCRIBE sbtest1 'c%'")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "pad" }, (await h.RowsAsync("DESCRIBE sbtest1 pad")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "id" }, (await h.RowsAsync("SHOW COLUMNS FROM sbtest1 WHERE `Key` = 'PRI'")).Select(r => r[0]).ToArray());
        var tables = await h.QueryAsync("SHOW FULL TABLES LIKE 'sb%'");
        CollectionAssert.AreEqual(new[] { "Tables_in_sbtest (sb%)", "Table_type" }, tables.Columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "sbtest1", "BASE TABLE" }, tables.Rows.Single());
    }

    [TestMethod]
    public async Task ShowWhereFiltersAnyShowListByItsColumnLabels()
    {
        var h = await EngineHarness.SeededAsync();
        CollectionAssert.AreEqual(new[] { "autocommit", "ON" }, (await h.RowsAsync("SHOW VARIABLES WHERE Variable_name = 'autocommit'")).Single());
        Assert.AreEqual(2, (await h.RowsAsync("SHOW SESSION VARIABLES WHERE Variable_name IN ('autocommit', 'sql_mode')")).Length);
        CollectionAssert.AreEqual(new[] { "utf8mb4_bin" }, (await h.RowsAsync("SHOW COLLATION WHERE Id = 46")).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "binary" }, (await h.RowsAsync("SHOW CHARACTER SET WHERE `Default collation` = 'binary'")).Select(r => r[0]).ToArray());
        Assert.AreEqual(1054, await h.ErrorCodeAsync("SHOW VARIABLES WHERE nosuch = 1"));
    }

    [TestMethod]
    public async Task ShowTableStatusHasMariaDbsTwentyColumns()
    {
        var h = await EngineHarness.SeededAsync();
        var status = await h.QueryAsync("SHOW TABLE STATUS WHERE Name = 'sbtest1'");
        Assert.AreEqual(20, status.Columns.Count);
        Assert.AreEqual("Max_index_length", status.Columns[18].Name);
        var row = status.Rows.Single();
        Assert.AreEqual("sbtest1", row[0]);
        Assert.AreEqual("utf8mb4_general_ci", row[14]);
        Assert.IsNotNull(row[10], "an AUTO_INCREMENT table shows its next id");
        Assert.AreEqual(0, (await h.RowsAsync("SHOW TABLE STATUS LIKE 'nosuch%'")).Length);
    }

    [TestMethod]
    public async Task AUserLevelLockExcludesOtherSessionsUntilReleasedOrDisconnected()
    {
        var h = await EngineHarness.SeededAsync();
        var other = await h.ConnectAsync(8);
        Assert.AreEqual("1", await h.ScalarAsync("SELECT GET_LOCK('job', 0)"));
        Assert.AreEqual("1", await h.ScalarAsync("SELECT GET_LOCK('job', 0)"), "the holder takes it again");
        Assert.AreEqual("0", await other.ScalarAsync("SELECT GET_LOCK('job', 0)"));
        Assert.AreEqual("7", await other.ScalarAsync("SELECT IS_USED_LOCK('job')"));
        Assert.AreEqual("0", await other.ScalarAsync("SELECT RELEASE_LOCK('job')"));
        var waiting = other.ScalarAsync("SELECT GET_LOCK('job', 60)");
        Assert.AreEqual("1", await h.ScalarAsync("SELECT RELEASE_LOCK('job')"));
        Assert.IsFalse(waiting.IsCompleted, "one level of the recursive lock is still held");
        Assert.AreEqual("1", await h.ScalarAsync("SELECT RELEASE_ALL_LOCKS()"));
        Assert.AreEqual("1", await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT IS_FREE_LOCK('job')"));
        await other.Session.DisposeAsync();
        Assert.AreEqual("1", await h.ScalarAsync("SELECT IS_FREE_LOCK('job')"), "a disconnect releases the session's locks");
        Assert.AreEqual(1235, await h.ErrorCodeAsync("SELECT id FROM sbtest1 WHERE GET_LOCK(c, 0) = 1"));
    }

    [TestMethod]
    public async Task FoundRowsCountsTheRowsBeforeTheLimitWithSqlCalcFoundRows()
    {
        var h = await EngineHarness.SeededAsync();
        Assert.AreEqual(2, (await h.RowsAsync("SELECT SQL_CALC_FOUND_ROWS id FROM sbtest1 LIMIT 2")).Length);
        Assert.AreEqual("5", await h.ScalarAsync("SELECT FOUND_ROWS()"));
        await h.RowsAsync("SELECT SQL_CALC_FOUND_ROWS id FROM sbtest1 WHERE k > 1 ORDER BY id DESC LIMIT 1");
        Assert.AreEqual("4", await h.ScalarAsync("SELECT FOUND_ROWS()"));
        await h.RowsAsync("SELECT id FROM sbtest1 LIMIT 2");
        Assert.AreEqual("2", await h.ScalarAsync("SELECT FOUND_ROWS()"));
    }

    [TestMethod]
    public async Task CountDistinctOverSeveralColumnsCountsTuplesWithoutNulls()
    {
        var h = await EngineHarness.SeededAsync();
        await h.OkAsync("UPDATE sbtest1 SET c = 'same' WHERE id IN (1, 2)");
        await h.OkAsync("UPDATE sbtest1 SET k = 1 WHERE id = 2");
        Assert.AreEqual("4", await h.ScalarAsync("SELECT COUNT(DISTINCT k, c) FROM sbtest1"));
        Assert.AreEqual("3", await h.ScalarAsync("SELECT BIT_OR(id) & 3 FROM sbtest1"));
        Assert.AreEqual("18446744073709551615", await h.ScalarAsync("SELECT BIT_AND(id) FROM sbtest1 WHERE id > 100"));
    }

    // Reads the running statement's warning count when each OK or result set ends, as MySqlResultSink does.
    private sealed class WarningCountSink(ISqlSession session) : IResultSink, IResultSetWriter
    {
        public List<int> Counts { get; } = [];

        public void Ok(ulong affectedRows, ulong lastInsertId, string? info = null, int warningCount = 0) =>
            Counts.Add(Math.Max(warningCount, session.StatementWarningCount));

        public void Error(QueryError error) => Assert.Fail(error.Message);

        public IResultSetWriter BeginResultSet(IReadOnlyList<ResultColumn> columns) => this;

        public ValueTask WriteRow(ReadOnlySpan<string?> values) => ValueTask.CompletedTask;

        public ValueTask End()
        {
            Counts.Add(session.StatementWarningCount);
            return ValueTask.CompletedTask;
        }
    }
}
