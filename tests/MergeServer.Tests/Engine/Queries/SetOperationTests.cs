using OceanClassic.MergeServer.Engine.Errors;

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

    [TestMethod]
    public async Task GroupConcatJoinsValuesInOrderWithItsSeparatorUpToTheLengthLimit()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "1|a", "2|b", "9|orphan", "NULL|none" },
            await h.SortedLinesAsync("SELECT customer_id, GROUP_CONCAT(note) FROM orders GROUP BY customer_id"));
        CollectionAssert.AreEqual(new[] { "50;100" }, await h.LinesAsync("SELECT GROUP_CONCAT(DISTINCT amount ORDER BY amount SEPARATOR ';') FROM orders WHERE customer_id = 1"));
        CollectionAssert.AreEqual(new[] { "12:b,10:a" }, await h.LinesAsync("SELECT GROUP_CONCAT(id, ':', note ORDER BY note DESC) FROM orders WHERE id IN (10, 12)"));
        var column = await h.QueryAsync("SELECT GROUP_CONCAT(id) FROM orders");
        Assert.AreEqual("GROUP_CONCAT(id)", column.Columns[0].Name);
        await h.OkAsync("SET SESSION group_concat_max_len = 5");
        CollectionAssert.AreEqual(new[] { "10,11" }, await h.LinesAsync("SELECT GROUP_CONCAT(id ORDER BY id) FROM orders"));
    }
}
