using OceanClassic.MergeServer.Engine;

namespace OceanClassic.MergeServer.Tests.Engine.Queries;

[TestClass]
public sealed class SetOperationTests
{
    [TestMethod]
    public async Task UnionIntersectAndExceptCombineRows()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "1", "2", "9" },
            await h.LinesAsync("SELECT id FROM customers WHERE id < 3 UNION SELECT customer_id FROM orders WHERE customer_id IS NOT NULL ORDER BY 1"));
        CollectionAssert.AreEqual(new[] { "1", "1", "1", "2", "2", "9" },
            await h.LinesAsync("SELECT id FROM customers WHERE id < 3 UNION ALL SELECT customer_id FROM orders WHERE customer_id IS NOT NULL ORDER BY id"));
        CollectionAssert.AreEqual(new[] { "1", "2" },
            await h.LinesAsync("SELECT id FROM customers INTERSECT SELECT customer_id FROM orders ORDER BY id"));
        CollectionAssert.AreEqual(new[] { "3", "4" },
            await h.LinesAsync("SELECT id FROM customers EXCEPT SELECT customer_id FROM orders ORDER BY id"));
        CollectionAssert.AreEqual(new[] { "4", "3" },
            await h.LinesAsync("(SELECT id FROM customers ORDER BY id DESC LIMIT 2) UNION (SELECT id FROM customers WHERE id = 4) ORDER BY id DESC"));
        CollectionAssert.AreEqual(new[] { "2" },
            await h.LinesAsync("SELECT id FROM customers UNION SELECT id FROM customers ORDER BY id LIMIT 1, 1"));
        Assert.AreEqual(ErrorCodes.WrongNumberOfColumnsInSelect, await h.ErrorCodeAsync("SELECT 1 UNION SELECT 1, 2"));
    }

    [TestMethod]
    public async Task WithRollupAddsSuperAggregateRows()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "NULL|1", "1|150", "2|70", "9|5", "NULL|226" },
            await h.LinesAsync("SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id WITH ROLLUP"));
    }
}
