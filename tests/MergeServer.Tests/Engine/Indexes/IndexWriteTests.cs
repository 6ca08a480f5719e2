using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine.Indexes;

[TestClass]
public sealed class IndexWriteTests
{
    private static async Task<EngineHarness> TableAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, k INT, u VARCHAR(10), KEY kk (k), UNIQUE KEY uu (u))");
        return h;
    }

    // Each index's rows as "values|pk" strings, sorted, read from the index tables themselves.
    private static async Task<Dictionary<string, string[]>> IndexContentsAsync(EngineHarness h)
    {
        var schema = await h.Engine.Schema.ForceRefreshAsync(CancellationToken.None);
        var table = schema.FindTable("d", "t")!;
        var result = new Dictionary<string, string[]>();
        foreach (var layout in schema.IndexLayoutsOf(table))
        {
            result[layout.Index.Name] = [.. h.Cluster.RowsOf(layout.Table.TableId)
                .Select(cells => string.Join(",", layout.Table.Columns.Select(c => cells.TryGetValue(c.Id, out var v) ? v.ToText() ?? "NULL" : "?")))
                .Order(StringComparer.Ordinal)];
        }
        return result;
    }

    [TestMethod]
    public async Task InsertUpdateAndDeleteKeepEveryIndexTableEqualToTheBaseRows()
    {
        var h = await TableAsync();
        await h.OkAsync("INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, NULL)");
        await h.OkAsync("UPDATE t SET k = 11 WHERE id = 1");
        await h.OkAsync("UPDATE t SET id = 5 WHERE id = 2");
        await h.OkAsync("UPDATE t SET u = 'c' WHERE id = 3");
        await h.OkAsync("DELETE FROM t WHERE k = 11");
        var index = await IndexContentsAsync(h);
        CollectionAssert.AreEqual(new[] { "20,5", "30,3" }, index["kk"]);
        CollectionAssert.AreEqual(new[] { "b,5", "c,3" }, index["uu"]);
    }

    [TestMethod]
    public async Task ADuplicateUniqueValueIs1062NamingTheKeyAndTheRowAndNullsNeverCollide()
    {
        var h = await TableAsync();
        await h.OkAsync("INSERT INTO t VALUES (1, 1, 'abc'), (2, 2, NULL), (3, 3, NULL)");
        var sink = await h.RunAsync("INSERT INTO t VALUES (4, 4, 'x'), (5, 5, 'ABC ')");
        Assert.AreEqual(1062, sink.Failure!.Code);
        Assert.AreEqual("Duplicate entry 'ABC ' for key 'uu'", sink.Failure.Message);
        Assert.AreEqual("1", await h.ScalarAsync("SELECT COUNT(*) FROM t WHERE id >= 4 OR id = 1"), "the statement applied nothing");
        Assert.AreEqual(1062, await h.ErrorCodeAsync("UPDATE t SET u = 'abc' WHERE id = 2"));
        Assert.AreEqual(1062, await h.ErrorCodeAsync("INSERT INTO t VALUES (1, 9, 'new')"), "the primary key collides too");
        var index = await IndexContentsAsync(h);
        CollectionAssert.AreEqual(new[] { "abc,1", "NULL,2", "NULL,3" }.Order(StringComparer.Ordinal).ToArray(), index["uu"]);
    }

    [TestMethod]
    public async Task TheDuplicateErrorSaysWhichKeyAndWhichRowOfTheStatementCollided()
    {
        var h = await TableAsync();
        await h.OkAsync("INSERT INTO t VALUES (1, 1, 'a')");
        var error = await WriteAsync(h, [1, 7], [1, 7], ["q", "r"]);
        Assert.AreEqual(new DuplicateKey("PRIMARY", 1), error.Duplicate);
        Assert.AreEqual("Duplicate entry '1' for key 'PRIMARY'", error.Message);
        error = await WriteAsync(h, [7, 8, 9], [7, 8, 9], ["q", "r", "a"]);
        Assert.AreEqual(new DuplicateKey("uu", 3), error.Duplicate);
        Assert.AreEqual("Duplicate entry 'a' for key 'uu'", error.Message);
    }

    // Inserts the rows through IndexWrites the way INSERT does and returns the 1062 it gets.
    private static async Task<SqlError> WriteAsync(EngineHarness h, int[] ids, int[] ks, string[] us)
    {
        var schema = await h.Engine.Schema.ForceRefreshAsync(CancellationToken.None);
        var table = schema.FindTable("d", "t")!;
        var writes = new OceanClassic.MergeServer.Engine.Statements.Indexes.IndexWrites(schema, table);
        var request = new OceanClassic.Common.Protos.ApplyRequest();
        for (var r = 0; r < ids.Length; r++)
        {
            ObObj[] row = [ObObj.FromInt(ids[r]), ObObj.FromInt(ks[r]), ObObj.FromString(us[r])];
            request.Mutations.Add(OceanClassic.MergeServer.Engine.Cluster.MutationBuilder.Mutation(table, OceanClassic.Common.Protos.MutationOp.MutInsert, row));
            writes.BaseRowAdded(request, row, r + 1);
            writes.Inserted(request, row, r + 1);
        }
        var e = await Assert.ThrowsExceptionAsync<SqlError>(async () => await writes.ApplyAsync(h.Engine.Writer, request, CancellationToken.None));
        Assert.AreEqual(1062, e.Code);
        return e;
    }

    [TestMethod]
    public async Task ARolledBackTransactionLeavesNoIndexRowAndItsOwnRowsCountForUniqueness()
    {
        var h = await TableAsync();
        await h.OkAsync("BEGIN");
        await h.OkAsync("INSERT INTO t VALUES (1, 1, 'a')");
        Assert.AreEqual(1062, await h.ErrorCodeAsync("INSERT INTO t VALUES (2, 2, 'a')"));
        await h.OkAsync("UPDATE t SET u = 'b' WHERE id = 1");
        await h.OkAsync("INSERT INTO t VALUES (2, 2, 'a')");
        await h.OkAsync("ROLLBACK");
        var index = await IndexContentsAsync(h);
        Assert.AreEqual(0, index["kk"].Length + index["uu"].Length);
    }

    [TestMethod]
    public async Task ReplaceRemovesTheReplacedRowsIndexEntries()
    {
        var h = await TableAsync();
        await h.OkAsync("INSERT INTO t VALUES (1, 1, 'a'), (2, 2, 'b')");
        await h.OkAsync("REPLACE INTO t VALUES (1, 100, 'z'), (3, 3, 'c'), (3, 33, 'cc')");
        var index = await IndexContentsAsync(h);
        CollectionAssert.AreEqual(new[] { "100,1", "2,2", "33,3" }, index["kk"]);
        CollectionAssert.AreEqual(new[] { "b,2", "cc,3", "z,1" }, index["uu"]);
    }
}
