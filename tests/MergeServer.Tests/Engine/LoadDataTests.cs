using System.Text;
using OceanClassic.MergeServer.Engine.Statements.LoadData;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Engine;

// LOAD DATA LOCAL INFILE: how a file splits into lines and fields (LoadDataReader) and what the load
// writes and warns (LoadDataExecutor), with the client's file supplied in memory.
[TestClass]
public sealed class LoadDataTests
{
    private static List<string?[]> Read(string options, string text)
    {
        var load = (LoadDataStatement)SqlParser.Parse($"LOAD DATA LOCAL INFILE 'f' INTO TABLE t {options}");
        return new LoadDataReader(load, text).ReadAll();
    }

    private static string Show(List<string?[]> lines) => string.Join(" / ", lines.Select(l => string.Join("|", l.Select(f => f ?? "<null>"))));

    [TestMethod]
    public void TabSeparatedLinesHonourEscapesAndTheNullMarker()
    {
        Assert.AreEqual("a|b\tc|<null> / x\\y|N| ", Show(Read("", "a\tb\\tc\t\\N\nx\\\\y\tN\t \n")));
    }

    [TestMethod]
    public void EnclosedFieldsKeepTheirSeparatorsAndDoubledQuotes()
    {
        Assert.AreEqual("1|a, \"b\"|<null>|NULL / 2||x", Show(Read("FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"'",
            "1,\"a, \"\"b\"\"\",NULL,\"NULL\"\n2,,x")));
    }

    [TestMethod]
    public void LinesStartingBySkipLinesWithoutThePrefixAndIgnoreLinesSkipsTheFirstOnes()
    {
        Assert.AreEqual("2|b / 3|c", Show(Read("FIELDS TERMINATED BY ';' LINES STARTING BY '>>' TERMINATED BY '\\r\\n' IGNORE 1 LINES",
            ">>1;a\r\nnoise\r\n>>2;b\r\n>>3;c\r\n")));
    }

    private sealed class InMemoryFile(string? content) : ILocalInfileSource
    {
        public ValueTask<byte[]?> ReadLocalFileAsync(string fileName, CancellationToken ct) =>
            ValueTask.FromResult(content is null ? null : Encoding.UTF8.GetBytes(content));
    }

    private static async Task<(EngineHarness Harness, ISqlSession Session)> SessionWithFileAsync(string? content)
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE ld (id INT PRIMARY KEY, name VARCHAR(3), n INT NOT NULL DEFAULT 0)");
        await h.OkAsync("INSERT INTO ld VALUES (1, 'old', 1)");
        var session = await h.Engine.OpenSessionAsync(new SessionInfo(9, "root", "d", "h", LocalInfile: new InMemoryFile(content)), CancellationToken.None);
        await session.UseDatabaseAsync("d", CancellationToken.None);
        return (h, session);
    }

    [TestMethod]
    public async Task ALocalLoadWritesEveryGoodLineAndWarnsAsMariaDbForTheRest()
    {
        var (h, session) = await SessionWithFileAsync("1\tdup\t9\n2\tbob\n3\tcy\t7\textra\nx\tbad\t1\n4\t\\N\t2\n");
        var sink = new CapturingSink();
        await session.ExecuteAsync("LOAD DATA LOCAL INFILE 'f.tsv' INTO TABLE ld", sink, CancellationToken.None);
        Assert.IsNull(sink.Failure, sink.Failure?.ToString());
        var ok = (CapturingSink.OkResult)sink.Results[^1];
        Assert.AreEqual(4UL, ok.AffectedRows);
        Assert.AreEqual("Records: 5  Deleted: 0  Skipped: 1  Warnings: 4", ok.Info);
        var warnings = new CapturingSink();
        await session.ExecuteAsync("SHOW WARNINGS", warnings, CancellationToken.None);
        CollectionAssert.AreEqual(new[] { "1062", "1261", "1262", "1366" },
            ((CapturingSink.ResultSet)warnings.Results[^1]).Rows.Select(r => r[1]).ToArray());
        CollectionAssert.AreEqual(new[] { "0|bad|1", "1|old|1", "2|bob|0", "3|cy|7", "4|NULL|2" },
            (await h.RowsAsync("SELECT id, COALESCE(name, 'NULL'), n FROM d.ld ORDER BY id")).Select(r => string.Join('|', r)).ToArray());
    }

    [TestMethod]
    public async Task ALoadWithVariablesAndSetComputesEachRowAndReplaceCountsTheDeletedRow()
    {
        var (h, session) = await SessionWithFileAsync("1,a,5\n7,b,6\n");
        var sink = new CapturingSink();
        await session.ExecuteAsync("LOAD DATA LOCAL INFILE 'f.csv' REPLACE INTO TABLE ld FIELDS TERMINATED BY ',' (id, name, @n) SET n = @n * 10",
            sink, CancellationToken.None);
        Assert.IsNull(sink.Failure, sink.Failure?.ToString());
        Assert.AreEqual("Records: 2  Deleted: 1  Skipped: 0  Warnings: 0", ((CapturingSink.OkResult)sink.Results[^1]).Info);
        Assert.AreEqual(3UL, ((CapturingSink.OkResult)sink.Results[^1]).AffectedRows);
        CollectionAssert.AreEqual(new[] { "1|a|50", "7|b|60" },
            (await h.RowsAsync("SELECT id, name, n FROM d.ld ORDER BY id")).Select(r => string.Join('|', r)).ToArray());
    }

    [TestMethod]
    public async Task AClientThatRefusesLocalFilesGets4166AndServerFilesAre1290()
    {
        var (_, session) = await SessionWithFileAsync(null);
        var sink = new CapturingSink();
        await session.ExecuteAsync("LOAD DATA LOCAL INFILE 'f' INTO TABLE ld", sink, CancellationToken.None);
        Assert.AreEqual(4166, sink.Failure?.Code);
        sink = new CapturingSink();
        await session.ExecuteAsync("LOAD DATA INFILE '/etc/passwd' INTO TABLE ld", sink, CancellationToken.None);
        Assert.AreEqual(1290, sink.Failure?.Code);
    }
    private static async Task<(CapturingSink Load, string[] Warnings)> LoadAsync(ISqlSession session, string sqlMode, string statement)
    {
        await session.ExecuteAsync($"SET sql_mode = '{sqlMode}'", new CapturingSink(), CancellationToken.None);
        var sink = new CapturingSink();
        await session.ExecuteAsync(statement, sink, CancellationToken.None);
        var warnings = new CapturingSink();
        await session.ExecuteAsync("SHOW WARNINGS", warnings, CancellationToken.None);
        return (sink, ((CapturingSink.ResultSet)warnings.Results[^1]).Rows.Select(r => $"{r[1]} {r[2]}").ToArray());
    }

    [TestMethod]
    public async Task ANonStrictReplaceLoadStoresWhatStrictModeRefusesAdjustedWithMariaDbsWarnings()
    {
        var (h, session) = await SessionWithFileAsync("1\tabcdef\t99999999999\n2\tbob\t\\N\n3\n");
        var (load, warnings) = await LoadAsync(session, "", "LOAD DATA LOCAL INFILE 'f.tsv' REPLACE INTO TABLE ld");
        Assert.IsNull(load.Failure, load.Failure?.ToString());
        Assert.AreEqual(4UL, ((CapturingSink.OkResult)load.Results[^1]).AffectedRows);
        CollectionAssert.AreEqual(new[]
        {
            "1265 Data truncated for column 'name' at row 1",
            "1264 Out of range value for column 'n' at row 1",
            "1263 Column set to default value; NULL supplied to NOT NULL column 'n' at row 2",
            "1261 Row 3 doesn't contain data for all columns",
            "1261 Row 3 doesn't contain data for all columns",
        }, warnings);
        CollectionAssert.AreEqual(new[] { "1|abc|2147483647", "2|bob|0", "3|NULL|0" },
            (await h.RowsAsync("SELECT id, COALESCE(name, 'NULL'), n FROM d.ld ORDER BY id")).Select(r => string.Join('|', r)).ToArray());
    }

    [TestMethod]
    public async Task AStrictReplaceLoadRefusesWhatALocalLoadWithoutReplaceOnlyWarnsAbout()
    {
        var (h, session) = await SessionWithFileAsync("2\tbob\t\\N\n");
        var (load, _) = await LoadAsync(session, "STRICT_TRANS_TABLES", "LOAD DATA LOCAL INFILE 'f.tsv' REPLACE INTO TABLE ld");
        Assert.AreEqual(1263, load.Failure?.Code);
        var (ignored, warnings) = await LoadAsync(session, "STRICT_TRANS_TABLES", "LOAD DATA LOCAL INFILE 'f.tsv' INTO TABLE ld");
        Assert.IsNull(ignored.Failure, ignored.Failure?.ToString());
        CollectionAssert.AreEqual(new[] { "1263 Column set to default value; NULL supplied to NOT NULL column 'n' at row 1" }, warnings);
        CollectionAssert.AreEqual(new[] { "1|old|1", "2|bob|0" },
            (await h.RowsAsync("SELECT id, name, n FROM d.ld ORDER BY id")).Select(r => string.Join('|', r)).ToArray());
    }
}
