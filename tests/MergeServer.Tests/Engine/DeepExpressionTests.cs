using System.Globalization;
using OceanClassic.Common.Expr;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// Statements whose expressions are very long or very deep, through the whole engine (parse, bind, plan,
// serialize the filter, evaluate it on the in-memory ChunkServer): each gives the right answer or
// MariaDB's error, and the session still answers afterwards.
[TestClass]
public sealed class DeepExpressionTests
{
    private static string Chain(string separator, int count, Func<int, string> term) =>
        string.Join(separator, Enumerable.Range(0, count).Select(term));

    private static async Task<EngineHarness> WithRowsAsync(int rows)
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        for (int start = 0; start < rows; start += 1000)
        {
            var values = Chain(",", Math.Min(1000, rows - start), i => $"({start + i + 1}, {start + i}, 'c', 'p')");
            await h.OkAsync("INSERT INTO sbtest1 (id, k, c, pad) VALUES " + values);
        }

        return h;
    }

    private static async Task StillAnswersAsync(EngineHarness h) =>
        Assert.AreEqual("1", (await h.RowsAsync("SELECT 1"))[0][0]);

    [TestMethod]
    public async Task AnOrChainOfTenThousandKeyEqualitiesFindsEveryRow()
    {
        var h = await WithRowsAsync(300);

        var rows = await h.RowsAsync("SELECT COUNT(*) FROM sbtest1 WHERE " + Chain(" OR ", 10_000, i => $"id={i}"));

        Assert.AreEqual("300", rows[0][0]);
        await StillAnswersAsync(h);
    }

    [TestMethod]
    public async Task AnAndChainOfTenThousandTermsFiltersOnTheChunkServer()
    {
        var h = await WithRowsAsync(300);

        var rows = await h.RowsAsync("SELECT COUNT(*) FROM sbtest1 WHERE " + Chain(" AND ", 10_000, i => $"k >= {i % 100}"));

        Assert.AreEqual("201", rows[0][0]);
        await StillAnswersAsync(h);
    }

    [TestMethod]
    public async Task ATwoHundredThousandElementInListMatches()
    {
        var h = await WithRowsAsync(50);

        var rows = await h.RowsAsync("SELECT COUNT(*) FROM sbtest1 WHERE k IN (" + Chain(",", 200_000, i => (i * 3).ToString(CultureInfo.InvariantCulture)) + ")");

        Assert.AreEqual("17", rows[0][0]);
        Assert.AreEqual("1", (await h.RowsAsync("SELECT 5 IN (" + Chain(",", 200_000, i => i.ToString(CultureInfo.InvariantCulture)) + ")"))[0][0]);
    }

    [TestMethod]
    public async Task AHundredThousandNestedParenthesesAnswer()
    {
        var h = new EngineHarness();

        Assert.AreEqual("1", (await h.RowsAsync("SELECT " + new string('(', 100_000) + "1" + new string(')', 100_000)))[0][0]);
    }

    [TestMethod]
    public async Task TwentyThousandNotsAnswerAsMariaDbDoes()
    {
        var h = new EngineHarness();

        Assert.AreEqual("1", (await h.RowsAsync("SELECT " + string.Concat(Enumerable.Repeat("NOT ", 20_000)) + "1"))[0][0]);
        Assert.AreEqual("0", (await h.RowsAsync("SELECT " + string.Concat(Enumerable.Repeat("NOT ", 20_001)) + "1"))[0][0]);
    }

    [TestMethod]
    public async Task FiveThousandNestedCasesFailAsTooDeep()
    {
        var h = new EngineHarness();

        var code = await h.ErrorCodeAsync("SELECT " + string.Concat(Enumerable.Repeat("CASE WHEN 1 THEN ", 5000)) + "1" + string.Concat(Enumerable.Repeat(" END", 5000)));

        Assert.AreEqual(1064, code);
        await StillAnswersAsync(h);
    }

    [TestMethod]
    [Timeout(60_000)]
    public async Task AHundredNestedCasesAnswer()
    {
        var h = new EngineHarness();

        var rows = await h.RowsAsync("SELECT " + string.Concat(Enumerable.Repeat("CASE WHEN 1 THEN ", 100)) + "7" + string.Concat(Enumerable.Repeat(" END", 100)));

        Assert.AreEqual("7", rows[0][0]);
    }

    // Typing a nested IF / COALESCE looks at each argument under two rules (temporal and general): once each.
    [TestMethod]
    [Timeout(60_000)]
    public async Task AHundredNestedIfsAndCoalescesAnswer()
    {
        var h = new EngineHarness();

        var ifs = await h.RowsAsync("SELECT " + string.Concat(Enumerable.Repeat("IF(1, ", 100)) + "7" + string.Concat(Enumerable.Repeat(", 0)", 100)));
        var coalesces = await h.RowsAsync("SELECT " + string.Concat(Enumerable.Repeat("COALESCE(NULL, ", 100)) + "8" + string.Concat(Enumerable.Repeat(")", 100)));

        Assert.AreEqual("7", ifs[0][0]);
        Assert.AreEqual("8", coalesces[0][0]);
    }

    [TestMethod]
    public async Task FiftyThousandTermSumsAnswerInTheSelectListAndInAPushedDownFilter()
    {
        var h = await WithRowsAsync(3);

        var sum = await h.QueryAsync("SELECT " + Chain("+", 50_000, _ => "1"));
        var filtered = await h.RowsAsync("SELECT id FROM sbtest1 WHERE k + " + Chain(" + ", 50_000, _ => "1") + " = 50001");
        var mixed = await h.RowsAsync("SELECT " + Chain(" - ", 50_000, i => i % 2 == 0 ? "k * 2" : "k") + " FROM sbtest1 WHERE id = 3");

        Assert.AreEqual("50000", sum.Rows[0][0]);
        StringAssert.StartsWith(sum.Columns[0].Name, "1+1+1");
        CollectionAssert.AreEqual(new[] { "2" }, filtered.Select(r => r[0]).ToArray());
        Assert.AreEqual("-149992", mixed[0][0]);
        await StillAnswersAsync(h);
    }

    [TestMethod]
    public async Task TenThousandTermComparisonAndConcatChainsAnswer()
    {
        var h = new EngineHarness();

        Assert.AreEqual("1", (await h.RowsAsync("SELECT " + Chain(" = ", 10_000, _ => "1")))[0][0]);
        Assert.AreEqual(new string('a', 10_000), (await h.RowsAsync("SELECT CONCAT(" + Chain(", ", 10_000, _ => "'a'") + ")"))[0][0]);
    }

    [TestMethod]
    public async Task LongChainsInJoinsAndCorrelatedSubqueriesAnswer()
    {
        var h = await WithRowsAsync(20);
        string sum = Chain(" + ", 50_000, _ => "0");

        var joined = await h.RowsAsync($"SELECT COUNT(*) FROM sbtest1 a JOIN sbtest1 b ON a.id = b.id + {sum} WHERE a.k + {sum} < 10");
        var correlated = await h.RowsAsync("SELECT COUNT(*) FROM sbtest1 a WHERE EXISTS (SELECT 1 FROM sbtest1 b WHERE b.id = a.id AND ("
            + Chain(" OR ", 10_000, i => $"b.k + 0 + 0 = {i % 5}") + "))");

        Assert.AreEqual("10", joined[0][0]);
        Assert.AreEqual("5", correlated[0][0]);
        await StillAnswersAsync(h);
    }

    [TestMethod]
    public async Task DeeplyNestedSubqueriesAndLongUnionsAnswerOrFailCleanly()
    {
        var h = await WithRowsAsync(3);

        // Past 64 nested SELECTs MariaDB refuses the statement (1473), as here.
        foreach (var sql in new[]
                 {
                     Repeat("SELECT (", 300) + "SELECT 1" + new string(')', 300),
                     Repeat("SELECT (", 2000) + "SELECT 1" + new string(')', 2000),
                     "SELECT COUNT(*) FROM sbtest1 WHERE id IN (" + Repeat("SELECT id FROM sbtest1 WHERE id IN (", 200) + "SELECT 2" + new string(')', 201),
                 })
        {
            Assert.AreEqual(ErrorCodes.TooHighLevelOfNestingForSelect, await h.ErrorCodeAsync(sql));
            await StillAnswersAsync(h);
        }
        Assert.AreEqual("1", await h.ScalarAsync(Repeat("SELECT (", 63) + "SELECT 1" + new string(')', 63)));
    }

    [TestMethod]
    public async Task FiveThousandMemberUnionsAnswer()
    {
        var h = await WithRowsAsync(3);

        Assert.AreEqual("5000", (await h.RowsAsync("SELECT COUNT(*) FROM (" + Chain(" UNION ALL ", 5000, _ => "SELECT 1") + ") u"))[0][0]);
        Assert.AreEqual("2", (await h.RowsAsync("SELECT COUNT(*) FROM (" + Chain(" UNION ", 5000, i => $"SELECT {i % 2}") + ") u"))[0][0]);
        var filtered = await h.RowsAsync("SELECT COUNT(*) FROM (" + Chain(" UNION ALL ", 3000, _ => "SELECT id FROM sbtest1") + ") t WHERE "
            + Chain(" OR ", 10_000, i => $"id = {i}"));
        Assert.AreEqual("9000", filtered[0][0]);
        await StillAnswersAsync(h);
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
}
