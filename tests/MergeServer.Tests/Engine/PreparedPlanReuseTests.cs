using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Planning.Prepared;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// A prepared SELECT keeps its bound plan between executions (Planning/Prepared): every execution must
// answer exactly as a fresh plan of the same statement with the same values does (a text query with the
// values written in), whatever the values do to the access (NULL, out of range, strings, fractions, an
// index range, LIMIT), and the kept plan must give way to DDL, SET, USE and REVOKE.
[TestClass]
public sealed class PreparedPlanReuseTests
{
    private static async Task<EngineHarness> TableAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE pp");
        await h.OkAsync("USE pp");
        await h.OkAsync("CREATE TABLE t (id INT NOT NULL PRIMARY KEY, k INT NOT NULL, c VARCHAR(20) NOT NULL, KEY k_1 (k))");
        await h.OkAsync("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 20, 'c'), (4, 40, 'd'), (5, 50, 'e'), (-1, 5, 'm')");
        return h;
    }

    // The statement with each `?` replaced by the value's SQL text.
    private static string WithValues(string sql, ObObj[] values)
    {
        var parts = sql.Split('?');
        Assert.AreEqual(values.Length + 1, parts.Length, sql);
        var text = parts[0];
        for (var i = 0; i < values.Length; i++)
            text += SqlText(values[i]) + parts[i + 1];
        return text;
    }

    private static string SqlText(ObObj value) => value.Type switch
    {
        _ when value.IsNull => "NULL",
        ObType.String => "'" + value.String.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => value.ToText()!,
    };

    private static string Outcome(CapturingSink sink) => sink.Failure is { } failure
        ? $"error {failure.Code}"
        : string.Join(" / ", ((CapturingSink.ResultSet)sink.Results[0]).Rows.Select(r => string.Join("|", r)));

    // Executes the prepared statement with each list of values and checks each answer against the text query.
    private static async Task<PreparedStatement> SameAsFreshPlansAsync(EngineHarness h, string sql, params ObObj[][] executions)
    {
        var prepared = await PrepareAsync(h, sql);
        foreach (var values in executions)
        {
            var kept = await ExecuteAsync(h, prepared, values);
            var fresh = await h.RunAsync(WithValues(sql, values));
            Assert.AreEqual(Outcome(fresh), Outcome(kept), $"{sql} with {string.Join(", ", values.Select(SqlText))}");
        }
        return prepared;
    }

    // SQL NULL among V's values.
    private static readonly object N = DBNull.Value;

    private static ObObj[] V(params object[] values) => [.. values.Select(v => v switch
    {
        DBNull => ObObj.Null,
        int i => ObObj.FromInt(i),
        long l => ObObj.FromInt(l),
        ulong u => ObObj.FromUInt(u),
        decimal d => ObObj.FromDecimal(d),
        double d => ObObj.FromDouble(d),
        string s => ObObj.FromString(s),
        _ => throw new ArgumentException(v.GetType().Name),
    })];

    [TestMethod]
    public async Task APrimaryKeyLookupKeptAcrossExecutionsAnswersNullOutOfRangeStringAndFractionValuesAsAFreshPlan()
    {
        var h = await TableAsync();
        var prepared = await SameAsFreshPlansAsync(h, "SELECT id, c FROM t WHERE id = ?",
            V(1), V(3), V(N), V(99_999_999_999L), V(ulong.MaxValue), V("2"), V(" 4"), V(2.5m), V(2.0m), V(4.0), V(-1), V("x"), V(5));
        Assert.IsInstanceOfType<KeptSelect>(prepared.Plan.Kept);
    }

    [TestMethod]
    public async Task IndexRangesInListsAndExpressionsOverAParameterAnswerAsAFreshPlanForEveryValue()
    {
        var h = await TableAsync();
        await SameAsFreshPlansAsync(h, "SELECT id, c FROM t WHERE k = ? ORDER BY id", V(20), V(N), V("40"), V(20.5m), V(-3));
        await SameAsFreshPlansAsync(h, "SELECT id FROM t WHERE k BETWEEN ? AND ? ORDER BY id", V(10, 40), V(40, 10), V(N, 40), V("5", 20.0));
        await SameAsFreshPlansAsync(h, "SELECT id FROM t WHERE k IN (?, ?, ?) ORDER BY id", V(20, 50, 7), V(N, N, N), V(5, 5, "10"));
        await SameAsFreshPlansAsync(h, "SELECT id FROM t WHERE id = ? + 0.5", V(0.5m), V(1), V(N));
        await SameAsFreshPlansAsync(h, "SELECT id FROM t WHERE id = -?", V(1), V(-2), V(N));
        await SameAsFreshPlansAsync(h, "SELECT SUM(k), COUNT(*) FROM t WHERE id BETWEEN ? AND ?", V(1, 3), V(3, 1), V(-10, 10));
        await SameAsFreshPlansAsync(h, "SELECT DISTINCT k FROM t WHERE id >= ? OR c = ? ORDER BY k", V(3, "a"), V(N, "m"), V(10, "zz"));
        await SameAsFreshPlansAsync(h, "SELECT ?, id FROM t WHERE id = 1", V("x"), V(5), V(N));
    }

    [TestMethod]
    public async Task ALimitParameterIsReadAgainOnEveryExecutionAndANegativeOneFailsWith1210()
    {
        var h = await TableAsync();
        var prepared = await SameAsFreshPlansAsync(h, "SELECT id FROM t WHERE id > ? ORDER BY id LIMIT ?", V(0, 2), V(1, 0), V(-5, 10), V(2, 1));
        Assert.IsInstanceOfType<KeptSelect>(prepared.Plan.Kept);

        Assert.AreEqual(1210, (await ExecuteAsync(h, prepared, V(0, -1))).Failure?.Code);
        Assert.AreEqual("2 / 3", Outcome(await ExecuteAsync(h, prepared, V(1, 2))));
    }

    [TestMethod]
    public async Task AddingAColumnOrDroppingTheIndexBetweenExecutionsReplansTheKeptSelect()
    {
        var h = await TableAsync();
        var star = await PrepareAsync(h, "SELECT * FROM t WHERE id = ?");
        var byK = await PrepareAsync(h, "SELECT id FROM t WHERE k = ? ORDER BY id");
        Assert.AreEqual("1|10|a", Outcome(await ExecuteAsync(h, star, V(1))));
        Assert.AreEqual("2 / 3", Outcome(await ExecuteAsync(h, byK, V(20))));
        var keptBefore = star.Plan.Kept;

        await h.OkAsync("ALTER TABLE t ADD COLUMN d INT NOT NULL DEFAULT 7");
        await h.OkAsync("DROP INDEX k_1 ON t");

        Assert.AreEqual("1|10|a|7", Outcome(await ExecuteAsync(h, star, V(1))));
        Assert.AreEqual("2 / 3", Outcome(await ExecuteAsync(h, byK, V(20))));
        Assert.IsInstanceOfType<KeptSelect>(star.Plan.Kept);
        Assert.AreNotSame(keptBefore, star.Plan.Kept);
    }

    [TestMethod]
    public async Task AUserVariableTheUseOfAnotherDatabaseAndATimeZoneChangeReachTheNextExecution()
    {
        var h = await TableAsync();
        await h.OkAsync("SET @v = 2");
        var variable = await PrepareAsync(h, "SELECT c FROM t WHERE id = @v + ?");
        Assert.AreEqual("b", Outcome(await ExecuteAsync(h, variable, V(0))));
        await h.OkAsync("SET @v = 3");
        Assert.AreEqual("c", Outcome(await ExecuteAsync(h, variable, V(0))));

        await h.OkAsync("CREATE TABLE z (id INT PRIMARY KEY, ts TIMESTAMP NULL)");
        await h.OkAsync("SET time_zone = '+00:00'");
        await h.OkAsync("INSERT INTO z VALUES (1, '2020-01-01 00:00:00')");
        var zone = await PrepareAsync(h, "SELECT ts FROM z WHERE id = ?");
        var byTime = await PrepareAsync(h, "SELECT id FROM z WHERE ts = ?");
        Assert.AreEqual("2020-01-01 00:00:00", Outcome(await ExecuteAsync(h, zone, V(1))));
        Assert.AreEqual("1", Outcome(await ExecuteAsync(h, byTime, V("2020-01-01 00:00:00"))));
        await h.OkAsync("SET time_zone = '+05:00'");
        Assert.AreEqual("2020-01-01 05:00:00", Outcome(await ExecuteAsync(h, zone, V(1))));
        Assert.AreEqual("", Outcome(await ExecuteAsync(h, byTime, V("2020-01-01 00:00:00"))));
        Assert.AreEqual("1", Outcome(await ExecuteAsync(h, byTime, V("2020-01-01 05:00:00"))));

        await h.OkAsync("CREATE DATABASE pp2");
        await h.OkAsync("CREATE TABLE pp2.t (id INT PRIMARY KEY, c VARCHAR(20))");
        await h.OkAsync("INSERT INTO pp2.t VALUES (1, 'other')");
        var plain = await PrepareAsync(h, "SELECT c FROM t WHERE id = ?");
        Assert.AreEqual("a", Outcome(await ExecuteAsync(h, plain, V(1))));
        Assert.AreEqual("b", Outcome(await ExecuteAsync(h, plain, V(2))));
        await h.OkAsync("USE pp2");
        Assert.AreEqual("other", Outcome(await ExecuteAsync(h, plain, V(1))));
    }

    [TestMethod]
    public async Task ARevokeBetweenExecutionsFailsTheNextExecuteWith1142()
    {
        var root = await TableAsync();
        await root.OkAsync("CREATE USER 'reader'@'%'");
        await root.OkAsync("GRANT SELECT ON pp.t TO 'reader'@'%'");
        var reader = root.ConnectAs(30, "reader");
        await reader.OkAsync("USE pp");
        var prepared = await PrepareAsync(reader, "SELECT c FROM t WHERE id = ?");
        Assert.AreEqual("a", Outcome(await ExecuteAsync(reader, prepared, V(1))));
        Assert.AreEqual("b", Outcome(await ExecuteAsync(reader, prepared, V(2))));

        await root.OkAsync("REVOKE SELECT ON pp.t FROM 'reader'@'%'");

        Assert.AreEqual(1142, (await ExecuteAsync(reader, prepared, V(1))).Failure?.Code);
    }

    [TestMethod]
    public async Task AStatementReadingLastInsertIdIsNotKeptAndSeesEachNewValue()
    {
        var h = await TableAsync();
        await h.OkAsync("CREATE TABLE a (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
        var prepared = await PrepareAsync(h, "SELECT v FROM a WHERE id = LAST_INSERT_ID() + ?");
        await h.OkAsync("INSERT INTO a (v) VALUES (100)");
        Assert.AreEqual("100", Outcome(await ExecuteAsync(h, prepared, V(0))));
        await h.OkAsync("INSERT INTO a (v) VALUES (200)");
        Assert.AreEqual("200", Outcome(await ExecuteAsync(h, prepared, V(0))));
        Assert.IsNotInstanceOfType<KeptSelect>(prepared.Plan.Kept);
    }

    private static async Task<PreparedStatement> PrepareAsync(EngineHarness h, string sql)
    {
        var result = await h.Session.PrepareAsync(sql, CancellationToken.None);
        Assert.IsNull(result.Error, result.Error?.Message);
        return (PreparedStatement)result.Statement!;
    }

    private static async Task<CapturingSink> ExecuteAsync(EngineHarness h, IPreparedStatement statement, ObObj[] parameters)
    {
        var sink = new CapturingSink();
        await h.Session.ExecutePreparedAsync(statement, parameters, sink, CancellationToken.None);
        return sink;
    }
}
