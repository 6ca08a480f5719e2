using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;
using OceanClassic.MergeServer.Engine;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Tests.Engine;

// Every MergeServer walker (printing, binding, aggregate detection, remapping, typing, key ranges) takes a
// 50,000-term left-deep chain in a loop, and fails a tree nested too deeply for the stack as 1436.
[TestClass]
public sealed class DeepChainWalkerTests
{
    private const int Terms = 50_000;

    private static readonly TableSchema Table = new(1000, "db", "t",
        [new ColumnSchema(1, "id", ColumnType.Int, Nullable: false), new ColumnSchema(2, "v", ColumnType.Int)], [0]);

    private static ExprBinder Binder() => new(new SqlSession(new SqlEngine(new InMemoryCluster()), new SessionInfo(1, "root", null, "h")));

    private static Expr Sum(int terms, Func<int, Expr> term)
    {
        var chain = term(0);
        for (var i = 1; i < terms; i++)
            chain = new BinaryExpr(i % 2 == 0 ? BinaryOperator.Add : BinaryOperator.Subtract, chain, term(i));
        return chain;
    }

    private static Expr Nested(int levels)
    {
        Expr e = new ColumnRef(null, "v");
        for (var i = 0; i < levels; i++)
            e = new UnaryExpr(UnaryOperator.BitNot, e);
        return e;
    }

    [TestMethod]
    public void AFiftyThousandTermChainPrintsAndParsesBack()
    {
        var chain = Sum(Terms, i => new ColumnRef(null, i % 3 == 0 ? "v" : "id"));

        var text = chain.ToSql();

        Assert.AreEqual(chain, SqlParser.ParseExpression(text));
        Assert.AreEqual(text, chain.ToString());
    }

    [TestMethod]
    public void AFiftyThousandTermChainBindsRemapsAndTypes()
    {
        var chain = Sum(Terms, i => i % 2 == 0 ? new ColumnRef(null, "v") : new Int64Literal(i));
        var scope = new TableScope(Table, null);

        var bound = Binder().Bind(chain, scope, "field list");
        var remapped = ColumnRemapper.Remap(bound, new Dictionary<int, int> { [1] = 0 });

        Assert.AreEqual(Terms - 1, ((BoundBinary)bound).LeftSpine().Count);
        Assert.AreEqual(new BoundColumn(0), ((BoundBinary)remapped).LeftSpine()[^1].Left);
        Assert.AreEqual(ExprFormatter.ToSql(bound).Replace("#1", "#0", StringComparison.Ordinal), ExprFormatter.ToSql(remapped));
        Assert.AreEqual(ResultType.BigInt.Type, ExprTyping.Infer(bound, _ => ResultType.OfColumn(Table.Columns[1])).Type);
        Assert.IsFalse(AggregateFunctions.Contains(chain));
        Assert.IsTrue(AggregateFunctions.Contains(new BinaryExpr(BinaryOperator.Add,
            Sum(Terms, i => i == 0 ? new FunctionCall("SUM", SqlList.From<Expr>([new ColumnRef(null, "v")])) : new Int64Literal(i)), new Int64Literal(1))));
    }

    [TestMethod]
    public void AFiftyThousandConjunctLeftDeepAndStillFindsTheKey()
    {
        BoundExpr where = new BoundBinary(BinaryOp.Eq, new BoundColumn(0), new BoundLiteral(ObObj.FromInt(7)));
        for (var i = 1; i < Terms; i++)
            where = new BoundBinary(BinaryOp.And, where, new BoundBinary(BinaryOp.Ge, new BoundColumn(1), new BoundLiteral(ObObj.FromInt(i))));

        var ranges = KeyRangeExtractor.Extract(where, Table);

        Assert.AreEqual(1, ranges.Count);
        Assert.IsTrue(ranges[0].IsPoint);
    }

    [TestMethod]
    public void NestingTooDeepForTheStackFailsAsStackOverrunInEveryWalker()
    {
        var deep = Nested(1_000_000);

        Assert.AreEqual(1436, Assert.ThrowsException<ExprException>(() => deep.ToSql()).Code);
        Assert.AreEqual(1436, Assert.ThrowsException<ExprException>(() => AggregateFunctions.Contains(deep)).Code);
        Assert.AreEqual(1436, Assert.ThrowsException<ExprException>(() => Binder().Bind(deep, new TableScope(Table, null), "field list")).Code);

        BoundExpr bound = new BoundColumn(1);
        for (var i = 0; i < 1_000_000; i++)
            bound = new BoundUnary(UnaryOp.Neg, bound);
        Assert.AreEqual(1436, Assert.ThrowsException<ExprException>(() => ColumnRemapper.Remap(bound, new Dictionary<int, int> { [1] = 0 })).Code);
        Assert.AreEqual(1436, Assert.ThrowsException<ExprException>(() => ExprTyping.Infer(new BoundUnary(UnaryOp.Neg, bound), _ => ResultType.BigInt)).Code);
    }
}
