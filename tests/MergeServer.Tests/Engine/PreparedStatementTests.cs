using OceanClassic.Common.MySql;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.MySql;

namespace OceanClassic.MergeServer.Tests.Engine;

// COM_STMT_PREPARE / EXECUTE at the engine: parsed once, each execute binds its own values.
[TestClass]
public sealed class PreparedStatementTests
{
    [TestMethod]
    public async Task OnePreparedInsertRunsWithDifferentValuesAndTheRowsReadBack()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        var insert = await PrepareAsync(h, "INSERT INTO sbtest1 (id, k, c, pad) VALUES (?, ?, ?, ?)");
        Assert.AreEqual(4, insert.ParameterCount);
        Assert.AreEqual(0, insert.Columns.Count);

        for (var id = 1; id <= 3; id++)
        {
            var sink = await ExecuteAsync(h, insert, ObObj.FromInt(id), ObObj.FromInt(id * 10), ObObj.FromString($"it's {id}"), ObObj.FromString("p"));
            Assert.IsNull(sink.Failure, sink.Failure?.Message);
            Assert.AreEqual(1UL, ((CapturingSink.OkResult)sink.Results[0]).AffectedRows);
        }

        CollectionAssert.AreEqual(new[] { "1|10|it's 1", "2|20|it's 2", "3|30|it's 3" },
            (await h.RowsAsync("SELECT id, k, c FROM sbtest1 ORDER BY id")).Select(r => string.Join('|', r)).ToArray());
    }

    [TestMethod]
    public async Task APreparedSelectDescribesItsColumnsAndBindsWhereAndLimit()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        await h.OkAsync("INSERT INTO sbtest1 VALUES (1, 5, 'a', 'p'), (2, 6, 'b', 'p'), (3, 7, 'c', 'p'), (4, 8, 'd', 'p')");
        var select = await PrepareAsync(h, "SELECT id, c FROM sbtest1 WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?");

        CollectionAssert.AreEqual(new[] { "id", "c" }, select.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(MySqlColumnType.Long, select.Columns[0].Type);
        var first = await ExecuteAsync(h, select, ObObj.FromInt(2), ObObj.FromInt(4), ObObj.FromInt(2));
        var second = await ExecuteAsync(h, select, ObObj.FromInt(1), ObObj.FromUInt(9), ObObj.FromInt(10));

        CollectionAssert.AreEqual(new[] { "2", "3" }, Rows(first).Select(r => r[0]).ToArray());
        CollectionAssert.AreEqual(new[] { "1", "2", "3", "4" }, Rows(second).Select(r => r[0]).ToArray());
    }

    [TestMethod]
    public async Task APreparedUpdateBindsSetAndWhereValuesAndNullIsNull()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        await h.OkAsync("INSERT INTO sbtest1 VALUES (1, 5, 'a', 'p')");
        var update = await PrepareAsync(h, "UPDATE sbtest1 SET k = k + ?, c = ? WHERE id = ?");

        var sink = await ExecuteAsync(h, update, ObObj.FromInt(3), ObObj.FromString("x"), ObObj.FromInt(1));
        Assert.IsNull(sink.Failure, sink.Failure?.Message);
        var noMatch = await ExecuteAsync(h, update, ObObj.FromInt(3), ObObj.FromString("y"), ObObj.Null);

        Assert.AreEqual(0UL, ((CapturingSink.OkResult)noMatch.Results[0]).AffectedRows);
        CollectionAssert.AreEqual(new[] { "8", "x" }, (await h.RowsAsync("SELECT k, c FROM sbtest1 WHERE id = 1"))[0]);
    }

    [TestMethod]
    public async Task BadStatementsFailAtPrepareWithTheirMySqlErrors()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();

        Assert.AreEqual(1064, (await h.Session.PrepareAsync("SELEC 1", CancellationToken.None)).Error?.Code);
        Assert.AreEqual(1064, (await h.Session.PrepareAsync("SELECT 1; SELECT 2", CancellationToken.None)).Error?.Code);
        Assert.AreEqual(1146, (await h.Session.PrepareAsync("SELECT * FROM nosuch WHERE id = ?", CancellationToken.None)).Error?.Code);
        Assert.AreEqual(1054, (await h.Session.PrepareAsync("SELECT nosuch FROM sbtest1", CancellationToken.None)).Error?.Code);
    }

    [TestMethod]
    public async Task WrongArgumentsFailTheExecuteWith1210AndAQuestionMarkInATextQueryIsASyntaxError()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        var select = await PrepareAsync(h, "SELECT id FROM sbtest1 LIMIT ?");

        Assert.AreEqual(1210, (await ExecuteAsync(h, select)).Failure?.Code);
        Assert.AreEqual(1210, (await ExecuteAsync(h, select, ObObj.FromString("ten"))).Failure?.Code);
        Assert.AreEqual(1210, (await ExecuteAsync(h, select, ObObj.FromInt(-1))).Failure?.Code);
        Assert.AreEqual(1064, await h.ErrorCodeAsync("SELECT id FROM sbtest1 WHERE id = ?"));
    }

    private static async Task<IPreparedStatement> PrepareAsync(EngineHarness h, string sql)
    {
        var result = await h.Session.PrepareAsync(sql, CancellationToken.None);
        Assert.IsNull(result.Error, result.Error?.Message);
        return result.Statement!;
    }

    private static async Task<CapturingSink> ExecuteAsync(EngineHarness h, IPreparedStatement statement, params ObObj[] parameters)
    {
        var sink = new CapturingSink();
        await h.Session.ExecutePreparedAsync(statement, parameters, sink, CancellationToken.None);
        return sink;
    }

    private static List<string?[]> Rows(CapturingSink sink)
    {
        Assert.IsNull(sink.Failure, sink.Failure?.Message);
        return ((CapturingSink.ResultSet)sink.Results[0]).Rows;
    }
}
