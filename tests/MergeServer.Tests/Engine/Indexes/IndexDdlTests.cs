namespace OceanClassic.MergeServer.Tests.Engine.Indexes;

[TestClass]
public sealed class IndexDdlTests
{
    private static async Task<EngineHarness> TableAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT, u VARCHAR(10))");
        await h.OkAsync("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 10, NULL), (4, 40, NULL)");
        return h;
    }

    private static async Task<OceanClassic.Common.Types.TableSchema> SchemaAsync(EngineHarness h) =>
        (await h.Engine.Schema.ForceRefreshAsync(CancellationToken.None)).FindTable("d", "t")!;

    [TestMethod]
    public async Task CreateIndexOnAFilledTableBuildsEveryEntryAndEndsReady()
    {
        var h = await TableAsync();
        await h.OkAsync("CREATE INDEX kk ON t (k)");
        await h.OkAsync("ALTER TABLE t ADD UNIQUE KEY (u), ADD INDEX ku (k, u)");
        var t = await SchemaAsync(h);
        CollectionAssert.AreEqual(new[] { "kk", "u", "ku" }, t.Indexes.Select(i => i.Name).ToArray());
        Assert.IsTrue(t.Indexes.All(i => i.IsReady));
        var schema = await h.Engine.Schema.ForceRefreshAsync(CancellationToken.None);
        foreach (var layout in schema.IndexLayoutsOf(t))
            Assert.AreEqual(4, h.Cluster.RowCount(layout.Table.TableId), layout.Index.Name);
        Assert.AreEqual(1062, await h.ErrorCodeAsync("INSERT INTO t VALUES (5, 50, 'A')"));
    }

    [TestMethod]
    public async Task AUniqueIndexOverDuplicatesFailsWith1062AndLeavesNoIndexBehind()
    {
        var h = await TableAsync();
        var sink = await h.RunAsync("CREATE UNIQUE INDEX uk ON t (k)");
        Assert.AreEqual(1062, sink.Failure!.Code);
        Assert.AreEqual("Duplicate entry '10' for key 'uk'", sink.Failure.Message);
        Assert.AreEqual(0, (await SchemaAsync(h)).Indexes.Count);
        await h.OkAsync("INSERT INTO t VALUES (5, 10, 'e')");
    }

    [TestMethod]
    public async Task DropIndexAndAlterTableDropKeyRemoveTheIndexAndMissingOnesAre1091()
    {
        var h = await TableAsync();
        await h.OkAsync("ALTER TABLE t ADD KEY a (k), ADD KEY b (u)");
        await h.OkAsync("DROP INDEX a ON t");
        await h.OkAsync("ALTER TABLE t DROP KEY b, ADD KEY b (k)");
        Assert.AreEqual("b", (await SchemaAsync(h)).Indexes.Single().Name);
        Assert.AreEqual(1091, await h.ErrorCodeAsync("DROP INDEX a ON t"));
        Assert.AreEqual(1061, await h.ErrorCodeAsync("CREATE INDEX b ON t (u)"));
        Assert.AreEqual(1072, await h.ErrorCodeAsync("CREATE INDEX c ON t (nope)"));
        Assert.AreEqual(1146, await h.ErrorCodeAsync("CREATE INDEX c ON nope (k)"));
    }
}
