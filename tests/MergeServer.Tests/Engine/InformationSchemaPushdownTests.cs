using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;

namespace OceanClassic.MergeServer.Tests.Engine;

// information_schema reads only what the WHERE names: TABLE_SCHEMA / TABLE_NAME (SCHEMA_NAME, CONSTRAINT_SCHEMA)
// pinned by '=' or IN reach the view as a SystemViewFilter, and the view reads only those databases' and
// tables' schemas (counted by SchemaInfoView.TablesRead); the rows are the same as without the pushdown.
[TestClass]
public sealed class InformationSchemaPushdownTests
{
    private static async Task<EngineHarness> ManyTablesAsync()
    {
        var h = new EngineHarness();
        foreach (var db in new[] { "d1", "d2" })
        {
            await h.OkAsync($"CREATE DATABASE {db}");
            for (var i = 0; i < 12; i++)
                await h.OkAsync($"CREATE TABLE {db}.t{i} (id INT PRIMARY KEY, v VARCHAR(10), k INT, CHECK (k > 0), UNIQUE KEY uk (v))");
        }
        return h;
    }

    private static SchemaInfoView View(EngineHarness h, string name) =>
        (SchemaInfoView)SystemViewRegistry.Find(SystemViewRegistry.InformationSchema, name)!;

    private static async Task<(string[] Rows, long Read)> CountedAsync(EngineHarness h, string view, string sql)
    {
        var before = View(h, view).TablesRead;
        var rows = (await h.RowsAsync(sql)).Select(r => string.Join('|', r)).ToArray();
        return (rows, View(h, view).TablesRead - before);
    }

    [TestMethod]
    public async Task ColumnsOfOneNamedTableReadOnlyThatTablesSchema()
    {
        var h = await ManyTablesAsync();
        var (rows, read) = await CountedAsync(h, "COLUMNS",
            "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'd2' AND TABLE_NAME = 't7' ORDER BY ORDINAL_POSITION");
        CollectionAssert.AreEqual(new[] { "id|int(11)", "v|varchar(10)", "k|int(11)" }, rows);
        Assert.AreEqual(1, read);
        var (all, readAll) = await CountedAsync(h, "COLUMNS", "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE COLUMN_NAME = 'k'");
        CollectionAssert.AreEqual(new[] { "24" }, all);
        Assert.AreEqual(24, readAll);
    }

    [TestMethod]
    public async Task InListsCaseAndTrailingSpacesNarrowAsTheCollationCompares()
    {
        var h = await ManyTablesAsync();
        var (rows, read) = await CountedAsync(h, "TABLES",
            "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA IN ('D1 ', 'nosuch') AND TABLE_NAME IN ('T3', 't10', 'x') ORDER BY TABLE_NAME");
        CollectionAssert.AreEqual(new[] { "d1|t10", "d1|t3" }, rows);
        Assert.AreEqual(2, read);
        var (schema, readSchema) = await CountedAsync(h, "STATISTICS",
            "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'd1' ORDER BY TABLE_NAME, INDEX_NAME LIMIT 2");
        CollectionAssert.AreEqual(new[] { "PRIMARY|id", "uk|v" }, schema);
        Assert.AreEqual(12, readSchema);
    }

    [TestMethod]
    public async Task ConstraintViewsAndSchemataNarrowByTheirOwnNameColumns()
    {
        var h = await ManyTablesAsync();
        await h.OkAsync("USE d2");
        var (checks, read) = await CountedAsync(h, "CHECK_CONSTRAINTS",
            "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 't1'");
        CollectionAssert.AreEqual(new[] { "t1|`k` > 0" }, checks);
        Assert.AreEqual(1, read);
        var (keys, readKeys) = await CountedAsync(h, "KEY_COLUMN_USAGE",
            "SELECT CONSTRAINT_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = 'd2' AND TABLE_NAME = 't11' ORDER BY 1");
        CollectionAssert.AreEqual(new[] { "PRIMARY|id", "uk|v" }, keys);
        Assert.AreEqual(1, readKeys);
        CollectionAssert.AreEqual(new[] { "information_schema", "d1" },
            (await h.RowsAsync("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN ('INFORMATION_SCHEMA', 'd1') ORDER BY 1 DESC"))
            .Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task EachViewOfAJoinGetsItsOwnPinnedNamesWhileOredOnesAreNotPushed()
    {
        var h = await ManyTablesAsync();
        var tablesBefore = View(h, "TABLES").TablesRead;
        var (joined, columnsRead) = await CountedAsync(h, "COLUMNS",
            "SELECT c.COLUMN_NAME FROM information_schema.TABLES t JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA " +
            "AND c.TABLE_NAME = t.TABLE_NAME WHERE t.TABLE_SCHEMA = 'd1' AND t.TABLE_NAME = 't5' AND c.TABLE_SCHEMA = 'd1' ORDER BY c.ORDINAL_POSITION");
        CollectionAssert.AreEqual(new[] { "id", "v", "k" }, joined);
        Assert.AreEqual(1, View(h, "TABLES").TablesRead - tablesBefore);
        Assert.AreEqual(12, columnsRead);
        var (rows, read) = await CountedAsync(h, "TABLES",
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd1' AND (TABLE_NAME = 't1' OR TABLE_NAME = 't2') ORDER BY 1");
        CollectionAssert.AreEqual(new[] { "t1", "t2" }, rows);
        Assert.AreEqual(12, read);
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_NAME = 't1' AND TABLE_NAME = 't2'"));
    }

    [TestMethod]
    public async Task AnEqualityLooksANameUpExactlyAsMariaDbWhileInListsAndLikeIgnoreCase()
    {
        var h = await ManyTablesAsync();
        await h.OkAsync("CREATE TABLE d1.MixedCase (id INT PRIMARY KEY)");
        var (exact, read) = await CountedAsync(h, "TABLES",
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd1' AND TABLE_NAME = 'MixedCase'");
        CollectionAssert.AreEqual(new[] { "MixedCase" }, exact);
        Assert.AreEqual(1, read);
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd1' AND TABLE_NAME = 'mixedcase'"));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd1' AND TABLE_NAME IN ('MIXEDCASE')"));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'D1' AND TABLE_NAME = 'MixedCase'"));
        Assert.AreEqual("0", await h.ScalarAsync("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = UPPER('d1')"));
        Assert.AreEqual("1", await h.ScalarAsync("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'INFORMATION_SCHEMA'"));
        Assert.AreEqual("1", await h.ScalarAsync("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd1' AND TABLE_NAME IN ('mixedcase', 'x')"));
        Assert.AreEqual("1", await h.ScalarAsync("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd1' AND TABLE_NAME LIKE 'MIXED%'"));
        Assert.AreEqual("1", await h.ScalarAsync(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'd1' AND TABLE_NAME = 'MixedCase' AND TABLE_NAME = 'mixedcase'"));
    }
}
