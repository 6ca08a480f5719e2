using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Operators;

namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class OperatorTests
{
    private static ObObj I(long v) => ObObj.FromInt(v);

    [TestMethod]
    public void AggregatesWithoutGroupByOverNoRowsGiveCountZeroAndNulls()
    {
        var agg = new HashAggregator([], [AggregateSpec.CountStar, new(AggregateKind.Sum, 0, false), new(AggregateKind.Max, 0, false), new(AggregateKind.Avg, 0, false)]);
        var rows = agg.Results();
        Assert.AreEqual(1, rows.Count);
        Assert.AreEqual("0", rows[0][0].ToText());
        Assert.IsTrue(rows[0][1].IsNull && rows[0][2].IsNull && rows[0][3].IsNull);
    }

    [TestMethod]
    public void GroupsComeOutInKeyOrderWithEachAggregate()
    {
        var agg = new HashAggregator([0], [AggregateSpec.CountStar, new(AggregateKind.Count, 1, false), new(AggregateKind.Sum, 1, false),
            new(AggregateKind.Avg, 1, false), new(AggregateKind.Min, 1, false), new(AggregateKind.Count, 1, true)]);
        foreach (var (g, v) in new[] { (2L, (long?)5), (1, 1), (2, null), (1, 2), (2, 5) })
            agg.Add([I(g), v is null ? ObObj.Null : I(v.Value)]);
        var rows = agg.Results();
        CollectionAssert.AreEqual(new[] { "1", "2", "2", "3", "1.5000", "1", "2" }, rows[0].Select(v => v.ToText()).ToArray());
        CollectionAssert.AreEqual(new[] { "2", "3", "2", "10", "5.0000", "5", "1" }, rows[1].Select(v => v.ToText()).ToArray());
    }

    [TestMethod]
    public void SortIsStableWithNullsFirstAscending()
    {
        var rows = new List<ObObj[]> { new[] { I(2), I(0) }, new[] { ObObj.Null, I(1) }, new[] { I(1), I(2) }, new[] { I(2), I(3) } };
        RowSorter.Sort(rows, [new SortKey(0, false)]);
        CollectionAssert.AreEqual(new[] { "1", "2", "0", "3" }, rows.Select(r => r[1].ToText()).ToArray());
        RowSorter.Sort(rows, [new SortKey(0, true)]);
        CollectionAssert.AreEqual(new[] { "0", "3", "2", "1" }, rows.Select(r => r[1].ToText()).ToArray());
    }

    [TestMethod]
    public async Task GroupByHavingOrderAndLimitWorkThroughSql()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        await h.OkAsync("INSERT INTO sbtest1 (k, c) VALUES (1,'a'),(1,'b'),(2,'c'),(3,'d'),(3,'e'),(3,'f')");
        var rows = await h.RowsAsync("SELECT k, COUNT(*) AS n FROM sbtest1 GROUP BY k HAVING n > 1 ORDER BY n DESC");
        CollectionAssert.AreEqual(new[] { "3", "3" }, rows[0]);
        CollectionAssert.AreEqual(new[] { "1", "2" }, rows[1]);
        Assert.AreEqual(2, rows.Length);
        var page = await h.RowsAsync("SELECT id, c FROM sbtest1 ORDER BY 2 DESC LIMIT 2 OFFSET 1");
        CollectionAssert.AreEqual(new[] { "e", "d" }, page.Select(r => r[1]).ToArray());
        var limited = await h.RowsAsync("SELECT c FROM sbtest1 WHERE k >= 1 LIMIT 4");
        Assert.AreEqual(4, limited.Length);
        var stats = await h.QueryAsync("SELECT MIN(c), MAX(k), AVG(k), COUNT(DISTINCT k) FROM sbtest1");
        CollectionAssert.AreEqual(new[] { "a", "3", "2.1667", "3" }, stats.Rows[0]);
        Assert.AreEqual("COUNT(DISTINCT k)", stats.Columns[3].Name);
        Assert.AreEqual("0", (await h.RowsAsync("SELECT COUNT(*) FROM sbtest1 WHERE id > 100"))[0][0]);
        Assert.IsNull((await h.RowsAsync("SELECT SUM(k) FROM sbtest1 WHERE id > 100"))[0][0]);
        CollectionAssert.AreEqual(new[] { "2", "3" }, (await h.RowsAsync("SELECT id FROM sbtest1 WHERE id IN (3, 2, 99) ORDER BY id")).Select(r => r[0]).ToArray());
        Assert.AreEqual(2, (await h.RowsAsync("SELECT c FROM sbtest1 WHERE c LIKE 'a%' OR pad IS NULL OR id = 6")).Length);
    }
}
