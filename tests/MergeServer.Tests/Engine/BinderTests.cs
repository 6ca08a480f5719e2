using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class BinderTests
{
    private static readonly TableSchema Table = new(1000, "db", "t",
        [new ColumnSchema(1, "id", ColumnType.Int, Nullable: false), new ColumnSchema(2, "Name", ColumnType.VarChar, 10)], [0]);

    private static ExprBinder Binder() => new(new SqlSession(new SqlEngine(new InMemoryCluster()), new SessionInfo(1, "root", null, "h")));

    private static BoundExpr Bind(string expr, string? alias = null) =>
        Binder().Bind(SqlParser.ParseExpression(expr), new TableScope(Table, alias), "where clause");

    [TestMethod]
    public void ColumnsResolveCaseInsensitivelyWithOrWithoutQualifier()
    {
        Assert.AreEqual(new BoundBinary(BinaryOp.Eq, new BoundColumn(1), new BoundLiteral(ObObj.FromString("x"))), Bind("NAME = 'x'"));
        Assert.AreEqual(new BoundColumn(0), Bind("t.id"));
        Assert.AreEqual(new BoundColumn(0), Bind("db.t.id"));
        Assert.AreEqual(new BoundColumn(0), Bind("a.id", alias: "a"));
    }

    [TestMethod]
    public void UnknownColumnsAndWrongQualifiersAre1054WithTheClause()
    {
        var e = Assert.ThrowsException<SqlError>(() => Bind("nosuch > 1"));
        Assert.AreEqual(1054, e.Code);
        Assert.AreEqual("Unknown column 'nosuch' in 'where clause'", e.Message);
        Assert.AreEqual(1054, Assert.ThrowsException<SqlError>(() => Bind("other.id")).Code);
        Assert.AreEqual(1054, Assert.ThrowsException<SqlError>(() => Bind("t.id", alias: "a")).Code);
    }

    [TestMethod]
    public void NegativeLiteralsFoldAndAggregatesAreRejectedOutsideGrouping()
    {
        Assert.AreEqual(new BoundLiteral(ObObj.FromInt(-5)), Bind("-5"));
        Assert.AreEqual(ErrorCodes.InvalidGroupFuncUse, Assert.ThrowsException<SqlError>(() => Bind("SUM(id) > 1")).Code);
        Assert.AreEqual(1305, Assert.ThrowsException<SqlError>(() => Bind("NO_SUCH_FN(id)")).Code);
    }

    [TestMethod]
    public async Task UnknownTablesAre1146AfterASchemaReload()
    {
        var h = await new EngineHarness().WithSysbenchTableAsync();
        var sink = await h.RunAsync("SELECT * FROM missing");
        Assert.AreEqual(1146, sink.Failure!.Code);
        Assert.AreEqual("42S02", sink.Failure.SqlState);
        Assert.AreEqual("Table 'sbtest.missing' doesn't exist", sink.Failure.Message);
        var field = await h.RunAsync("SELECT nope FROM sbtest1");
        Assert.AreEqual("Unknown column 'nope' in 'field list'", field.Failure!.Message);
    }
}
