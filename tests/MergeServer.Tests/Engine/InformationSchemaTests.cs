namespace OceanClassic.MergeServer.Tests.Engine;

// information_schema as a schema: USE works, its tables describe the catalogue with MariaDB's column
// names, and the queries mariadb-dump sends (FILES and PARTITIONS with subqueries, TABLES, COLUMNS,
// TRIGGERS filtered by DATABASE()) answer.
[TestClass]
public sealed class InformationSchemaTests
{
    private static async Task<EngineHarness> ShopAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE shop");
        await h.OkAsync("USE shop");
        await h.OkAsync("CREATE TABLE customers (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance DECIMAL(10,2) DEFAULT 0, raw BLOB)");
        return h;
    }

    [TestMethod]
    public async Task TablesAndColumnsDescribeTheCatalogueWithMariaDbColumnNames()
    {
        var h = await ShopAsync();
        var tables = await h.QueryAsync("SELECT engine, table_type FROM INFORMATION_SCHEMA.TABLES WHERE table_schema = DATABASE() AND table_name = 'customers'");
        CollectionAssert.AreEqual(new[] { "engine", "table_type" }, tables.Columns.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "InnoDB", "BASE TABLE" }, tables.Rows[0]);
        var columns = await h.RowsAsync("select column_name, data_type, column_type, is_nullable, column_key, extra, character_maximum_length " +
            "from information_schema.columns where table_schema=database() and table_name='customers' order by ordinal_position");
        CollectionAssert.AreEqual(new[] { "id|int|int(11)|NO|PRI|auto_increment|", "email|varchar|varchar(100)|NO|||100", "balance|decimal|decimal(10,2)|YES|||",
            "raw|blob|blob|YES|||65535" }, columns.Select(r => string.Join('|', r)).ToArray());
        CollectionAssert.AreEqual(new[] { "shop|PRIMARY|id" },
            (await h.RowsAsync("SELECT TABLE_SCHEMA, CONSTRAINT_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_NAME = 'customers'"))
            .Select(r => string.Join('|', r)).ToArray());
    }

    [TestMethod]
    public async Task UseInformationSchemaListsItsTablesAndTheDumpToolQueriesAnswer()
    {
        var h = await ShopAsync();
        Assert.AreEqual("0", (await h.RowsAsync(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.FILES WHERE FILE_TYPE = 'DATAFILE' AND TABLESPACE_NAME IN " +
            "(SELECT DISTINCT TABLESPACE_NAME FROM INFORMATION_SCHEMA.PARTITIONS WHERE TABLE_SCHEMA IN ('shop'))"))[0][0]);
        Assert.AreEqual(0, (await h.RowsAsync("SELECT TRIGGER_NAME FROM INFORMATION_SCHEMA.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'customers'")).Length);
        await h.OkAsync("USE information_schema");
        var names = (await h.RowsAsync("SHOW TABLES")).Select(r => r[0]).ToArray();
        foreach (var expected in new[] { "SCHEMATA", "TABLES", "COLUMNS", "STATISTICS", "KEY_COLUMN_USAGE", "TABLE_CONSTRAINTS", "REFERENTIAL_CONSTRAINTS",
                     "CHARACTER_SETS", "COLLATIONS", "ENGINES", "PROCESSLIST", "VIEWS", "ROUTINES", "TRIGGERS", "PARTITIONS", "FILES" })
            CollectionAssert.Contains(names, expected);
        CollectionAssert.AreEqual(new[] { "information_schema", "shop" },
            (await h.RowsAsync("SELECT SCHEMA_NAME FROM SCHEMATA ORDER BY SCHEMA_NAME")).Select(r => r[0]).ToArray());
        Assert.AreEqual("utf8mb4_general_ci", (await h.RowsAsync("SELECT DEFAULT_COLLATE_NAME FROM CHARACTER_SETS WHERE CHARACTER_SET_NAME = 'utf8mb4'"))[0][0]);
        Assert.AreEqual("7", (await h.RowsAsync("SELECT ID FROM PROCESSLIST"))[0][0]);
    }
}
