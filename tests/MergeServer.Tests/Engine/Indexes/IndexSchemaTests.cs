using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Schema;

namespace OceanClassic.MergeServer.Tests.Engine.Indexes;

[TestClass]
public sealed class IndexSchemaTests
{
    private static async Task<(EngineHarness Harness, SchemaSnapshot Schema, TableSchema Table)> CreateAsync(string ddl)
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync(ddl);
        var schema = await h.Engine.Schema.ForceRefreshAsync(CancellationToken.None);
        return (h, schema, schema.FindTable("d", "t")!);
    }

    [TestMethod]
    public async Task KeyIndexAndUniqueInCreateTableBecomeReadyIndexesNamedAsMariaDbNamesThem()
    {
        var (_, schema, t) = await CreateAsync(
            "CREATE TABLE t (id INT PRIMARY KEY, a INT UNIQUE, b VARCHAR(10), c INT, KEY (b), INDEX (b, c), UNIQUE KEY uc (c), KEY named (a))");
        CollectionAssert.AreEqual(new[] { "a", "b", "b_2", "uc", "named" }, t.Indexes.Select(i => i.Name).ToArray());
        CollectionAssert.AreEqual(new[] { true, false, false, true, false }, t.Indexes.Select(i => i.Unique).ToArray());
        Assert.IsTrue(t.Indexes.All(i => i.IsReady));
        CollectionAssert.AreEqual(new[] { 2, 3 }, t.Indexes[2].Columns.ToArray());
        Assert.AreEqual(5, schema.IndexLayoutsOf(t).Count());
        Assert.AreEqual(5, schema.ReadyIndexLayoutsOf(t).Count());
        Assert.AreEqual(1, schema.TablesOf("d").Count(), "index tables are not listed");
    }

    [TestMethod]
    public async Task AnIndexRowCarriesTheIndexValuesThenThePrimaryKeyAndSplitsBackIntoThem()
    {
        var (_, schema, t) = await CreateAsync("CREATE TABLE t (a INT, b VARCHAR(10), c INT, PRIMARY KEY (c, a), KEY kb (b, a))");
        var layout = schema.IndexLayoutOf(t, "KB")!;
        Assert.AreSame(layout.Table, schema.TableById(layout.Index.IndexTableId));
        CollectionAssert.AreEqual(new[] { 1, 0, 2 }, layout.BaseColumns, "b, a, then the key column c not already in the index");
        var baseRow = new[] { ObObj.FromInt(1), ObObj.FromString("x"), ObObj.FromInt(3) };
        var indexRow = layout.IndexRow(baseRow);
        var (values, key) = layout.Split(indexRow);
        CollectionAssert.AreEqual(new[] { ObObj.FromString("x"), ObObj.FromInt(1) }, values);
        CollectionAssert.AreEqual(new[] { ObObj.FromInt(3), ObObj.FromInt(1) }, key, "the base table's key order: c, a");
        CollectionAssert.AreEqual(RowKeyCodec.Encode(key, t), layout.BaseRowKey(indexRow));
        var prefix = layout.KeyPrefix([ObObj.FromString("X")]);
        CollectionAssert.AreEqual(prefix, layout.RowKey(baseRow)[..prefix.Length], "the key starts with the index values (by collation)");
    }

    [TestMethod]
    public async Task BadKeyDefinitionsFailWithMariaDbsErrorCodes()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        Assert.AreEqual(1072, await h.ErrorCodeAsync("CREATE TABLE t (id INT PRIMARY KEY, KEY (nope))"));
        Assert.AreEqual(1060, await h.ErrorCodeAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY (a, a))"));
        Assert.AreEqual(1061, await h.ErrorCodeAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY k (a), KEY k (id))"));
        Assert.AreEqual(1280, await h.ErrorCodeAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY `PRIMARY` (a))"));
    }
}
