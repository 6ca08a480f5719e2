using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine.Queries;

[TestClass]
public sealed class SubqueryTests
{
    [TestMethod]
    public async Task InAndNotInFollowSqlNullSemantics()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "ann", "bob" },
            await h.LinesAsync("SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders) ORDER BY name"));
        // customer_id holds a NULL: NOT IN is never true.
        Assert.AreEqual(0, (await h.RowsAsync("SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)")).Length);
        CollectionAssert.AreEqual(new[] { "cy", "dee" },
            await h.LinesAsync("SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL) ORDER BY name"));
        CollectionAssert.AreEqual(new[] { "NULL" }, await h.LinesAsync("SELECT NULL IN (SELECT id FROM customers)"));
        CollectionAssert.AreEqual(new[] { "0" }, await h.LinesAsync("SELECT NULL IN (SELECT id FROM customers WHERE id > 100)"));
    }

    [TestMethod]
    public async Task ExistsAndCorrelatedSubqueriesRunPerOuterRow()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "ann", "bob" },
            await h.LinesAsync("SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY name"));
        CollectionAssert.AreEqual(new[] { "cy", "dee" },
            await h.LinesAsync("SELECT name FROM customers c WHERE NOT EXISTS (SELECT * FROM orders WHERE customer_id = c.id) ORDER BY name"));
        CollectionAssert.AreEqual(new[] { "ann|150", "bob|70", "cy|NULL", "dee|NULL" },
            await h.LinesAsync("SELECT name, (SELECT SUM(amount) FROM orders WHERE customer_id = customers.id) FROM customers ORDER BY name"));
        CollectionAssert.AreEqual(new[] { "10" },
            await h.LinesAsync("SELECT id FROM orders o WHERE amount = (SELECT MAX(amount) FROM orders i WHERE i.customer_id = o.customer_id) AND customer_id = 1"));
    }

    [TestMethod]
    public async Task ScalarSubqueriesReturnOneValueOrFail()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "4" }, await h.LinesAsync("SELECT (SELECT COUNT(*) FROM customers)"));
        CollectionAssert.AreEqual(new[] { "NULL" }, await h.LinesAsync("SELECT (SELECT name FROM customers WHERE id = 99)"));
        Assert.AreEqual(ErrorCodes.SubqueryMultipleRows, await h.ErrorCodeAsync("SELECT (SELECT name FROM customers)"));
        Assert.AreEqual(ErrorCodes.OperandColumns, await h.ErrorCodeAsync("SELECT (SELECT id, name FROM customers WHERE id = 1)"));
        Assert.AreEqual(ErrorCodes.OperandColumns, await h.ErrorCodeAsync("SELECT 1 FROM customers WHERE id IN (SELECT id, name FROM customers)"));
    }

    [TestMethod]
    public async Task QuantifiedComparisonsAndRowConstructorsWork()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "10" }, await h.LinesAsync("SELECT id FROM orders WHERE amount > ALL (SELECT amount FROM orders WHERE id <> 10)"));
        CollectionAssert.AreEqual(new[] { "10", "12" }, await h.LinesAsync("SELECT id FROM orders WHERE amount > SOME (SELECT amount FROM orders WHERE customer_id = 1) ORDER BY id"));
        CollectionAssert.AreEqual(new[] { "11", "12", "13", "14" }, await h.LinesAsync("SELECT id FROM orders WHERE amount < ANY (SELECT amount FROM orders) ORDER BY id"));
        CollectionAssert.AreEqual(new[] { "1" }, await h.LinesAsync("SELECT 1 > ALL (SELECT id FROM customers WHERE id > 100)"));
        CollectionAssert.AreEqual(new[] { "10" }, await h.LinesAsync("SELECT id FROM orders WHERE (customer_id, amount) IN (SELECT id, 100 FROM customers)"));
        CollectionAssert.AreEqual(new[] { "1" }, await h.LinesAsync("SELECT (1, 2) = (1, 2)"));
        Assert.AreEqual(ErrorCodes.OperandColumns, await h.ErrorCodeAsync("SELECT id FROM orders WHERE (customer_id, amount) IN (SELECT id FROM customers)"));
        CollectionAssert.AreEqual(new[] { "12" }, await h.LinesAsync("SELECT id FROM orders WHERE (customer_id, amount) = (SELECT 2, 70)"));
        CollectionAssert.AreEqual(new[] { "NULL" }, await h.LinesAsync("SELECT (1, 2) = (SELECT id, id FROM customers WHERE id = 99)"));
        Assert.AreEqual(ErrorCodes.SubqueryMultipleRows, await h.ErrorCodeAsync("SELECT (1, 2) = (SELECT id, id FROM customers)"));
    }

    [TestMethod]
    public async Task DerivedTablesAreQueriedAndJoinedLikeTables()
    {
        var h = await QueryFixtures.ShopAsync();
        CollectionAssert.AreEqual(new[] { "ann|150", "bob|70" },
            await h.LinesAsync("SELECT c.name, t.total FROM customers c JOIN (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id) AS t " +
                               "ON t.customer_id = c.id ORDER BY c.name"));
        CollectionAssert.AreEqual(new[] { "2" }, await h.LinesAsync("SELECT COUNT(*) FROM (SELECT city FROM customers WHERE city IS NOT NULL GROUP BY city) d"));
    }

    [TestMethod]
    public async Task UpdateAndDeleteTakeSubqueriesInTheirWhere()
    {
        var h = await QueryFixtures.ShopAsync();
        Assert.AreEqual(1UL, (await h.OkAsync("UPDATE orders SET amount = (SELECT COUNT(*) FROM customers) WHERE id = 13")).AffectedRows);
        Assert.AreEqual(1UL, (await h.OkAsync("UPDATE customers SET city = (SELECT note FROM orders WHERE customer_id = customers.id AND amount = 70) WHERE id = 2")).AffectedRows);
        CollectionAssert.AreEqual(new[] { "4|b" }, await h.LinesAsync("SELECT (SELECT amount FROM orders WHERE id = 13), city FROM customers WHERE id = 2"));
        Assert.AreEqual(2UL, (await h.OkAsync("UPDATE customers SET city = 'paris' WHERE id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL)")).AffectedRows);
        Assert.AreEqual(2UL, (await h.OkAsync("DELETE FROM orders WHERE customer_id NOT IN (SELECT id FROM customers) OR customer_id IS NULL")).AffectedRows);
        CollectionAssert.AreEqual(new[] { "10", "11", "12" }, await h.LinesAsync("SELECT id FROM orders ORDER BY id"));
        Assert.AreEqual(2UL, (await h.OkAsync("DELETE FROM orders WHERE amount < (SELECT AVG(amount) FROM orders)")).AffectedRows);
        // Correlated: tested per row at the MergeServer.
        Assert.AreEqual(3UL, (await h.OkAsync("DELETE FROM customers WHERE NOT EXISTS (SELECT 1 FROM orders WHERE customer_id = customers.id)")).AffectedRows);
        CollectionAssert.AreEqual(new[] { "ann" }, await h.LinesAsync("SELECT name FROM customers"));
    }
}
