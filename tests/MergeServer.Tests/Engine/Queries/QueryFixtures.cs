namespace OceanClassic.MergeServer.Tests.Engine.Queries;

// Small related tables for join, subquery and set-operation tests.
public static class QueryFixtures
{
    public static async Task<EngineHarness> ShopAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE shop");
        await h.OkAsync("USE shop");
        await h.OkAsync("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20), city VARCHAR(20))");
        await h.OkAsync("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount INT, note VARCHAR(20))");
        await h.OkAsync("INSERT INTO customers VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cy', NULL), (4, 'dee', 'oslo')");
        await h.OkAsync("INSERT INTO orders VALUES (10, 1, 100, 'a'), (11, 1, 50, NULL), (12, 2, 70, 'b'), (13, 9, 5, 'orphan'), (14, NULL, 1, 'none')");
        return h;
    }

    public static async Task<string[]> LinesAsync(this EngineHarness h, string sql) =>
        [.. (await h.RowsAsync(sql)).Select(r => string.Join("|", r.Select(v => v ?? "NULL")))];

    public static async Task<string[]> SortedLinesAsync(this EngineHarness h, string sql) =>
        [.. (await h.LinesAsync(sql)).Order(StringComparer.Ordinal)];
}
