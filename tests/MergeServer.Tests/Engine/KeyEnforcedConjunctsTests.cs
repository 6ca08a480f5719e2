namespace OceanClassic.MergeServer.Tests.Engine;

// A primary-key read does not test its rows again against `id BETWEEN x AND y` or `id = x` when its one key
// range is exactly the rows they allow (Planning/Access/KeyEnforcedConjuncts): the scan request carries no
// filter for them, and every other conjunct, and any key conjunct the range does not enforce exactly, is
// still filtered.
[TestClass]
public sealed class KeyEnforcedConjunctsTests
{
    private static async Task<EngineHarness> TableAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        await h.OkAsync("CREATE TABLE s (name VARCHAR(10) PRIMARY KEY, v INT)");
        await h.OkAsync("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30), (4, 40)");
        await h.OkAsync("INSERT INTO s VALUES ('a', 1), ('b', 2), ('c', 3)");
        return h;
    }

    // The rows, and the filter bytes of every tablet scan the statement sent.
    private static async Task<(string Rows, int[] FilterLengths)> ReadAsync(EngineHarness h, string sql)
    {
        h.Cluster.ScanRequests.Clear();
        var rows = await h.RowsAsync(sql);
        return (string.Join(";", rows.Select(r => string.Join(",", r))), [.. h.Cluster.ScanRequests.Select(r => r.Filter.Length)]);
    }

    [TestMethod]
    public async Task AKeyRangeOrKeyValueTheReadEnforcesIsNotSentAsAFilter()
    {
        var h = await TableAsync();
        var range = await ReadAsync(h, "SELECT v FROM t WHERE id BETWEEN 2 AND 3");
        Assert.AreEqual("20;30", range.Rows);
        CollectionAssert.AreEqual(new[] { 0 }, range.FilterLengths);
        var point = await ReadAsync(h, "SELECT v FROM t WHERE id = 4");
        Assert.AreEqual("40", point.Rows);
        CollectionAssert.AreEqual(new[] { 0 }, point.FilterLengths);
        var sum = await ReadAsync(h, "SELECT SUM(v) FROM t WHERE 1 = id");
        Assert.AreEqual("10", sum.Rows);
        CollectionAssert.AreEqual(new[] { 0 }, sum.FilterLengths);
    }

    [TestMethod]
    public async Task EveryOtherConjunctAndEveryKeyConjunctTheRangeDoesNotEnforceExactlyIsStillFiltered()
    {
        var h = await TableAsync();
        var more = await ReadAsync(h, "SELECT v FROM t WHERE id BETWEEN 1 AND 4 AND v > 15");
        Assert.AreEqual("20;30;40", more.Rows);
        Assert.IsTrue(more.FilterLengths.All(n => n > 0), "v > 15 is filtered");
        var fraction = await ReadAsync(h, "SELECT v FROM t WHERE id BETWEEN 1.5 AND 3");
        Assert.AreEqual("20;30", fraction.Rows);
        Assert.IsTrue(fraction.FilterLengths.All(n => n > 0), "a bound the key cannot hold exactly");
        var both = await ReadAsync(h, "SELECT v FROM t WHERE id BETWEEN 1 AND 4 AND id < 3");
        Assert.AreEqual("10;20", both.Rows);
        Assert.IsTrue(both.FilterLengths.All(n => n > 0), "the range is narrower than the BETWEEN");
        var text = await ReadAsync(h, "SELECT v FROM s WHERE name BETWEEN 'A' AND 'b'");
        Assert.AreEqual("1;2", text.Rows);
        Assert.IsTrue(text.FilterLengths.All(n => n > 0), "a string key");
        var negated = await ReadAsync(h, "SELECT v FROM t WHERE id NOT BETWEEN 2 AND 3");
        Assert.AreEqual("10;40", negated.Rows);
    }
}
