using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

// Every walker over bound expressions (evaluation, serialization both ways, formatting, equality) takes a
// 50,000-term left-deep chain in a loop, and fails a tree nested too deeply for the stack as 1436.
[TestClass]
public sealed class DeepExpressionTests
{
    private const int Terms = 50_000;

    private static BoundExpr LeftChain(BinaryOp op, int terms, Func<int, BoundExpr> term)
    {
        var chain = term(0);
        for (var i = 1; i < terms; i++)
            chain = B(op, chain, term(i));
        return chain;
    }

    private static BoundExpr Nested(int levels)
    {
        BoundExpr e = Col(0);
        for (var i = 0; i < levels; i++)
            e = new BoundUnary(UnaryOp.Neg, e);
        return e;
    }

    [TestMethod]
    public void AFiftyThousandTermSumEvaluatesInALoop()
    {
        Assert.AreEqual("50000", Text(LeftChain(BinaryOp.Add, Terms, _ => L(1))));
        Assert.AreEqual("-49998", Text(LeftChain(BinaryOp.Sub, Terms, _ => Col(0)), ObObj.FromInt(1)));
    }

    [TestMethod]
    public void LeftDeepLogicalChainsKeepTheirShortCircuitAndNulls()
    {
        // 1 OR (1/0 ...): the division is never reached; NULL AND ... AND 0 is 0; NULL OR ... OR 0 is NULL.
        Assert.AreEqual("1", Text(LeftChain(BinaryOp.Or, Terms, i => i == 0 ? L(1) : B(BinaryOp.Div, L(1), L(0)))));
        Assert.AreEqual("0", Text(LeftChain(BinaryOp.And, Terms, i => i == 0 ? Null : i == Terms - 1 ? L(0) : L(1))));
        Assert.IsNull(Text(LeftChain(BinaryOp.Or, Terms, i => i == 0 ? Null : L(0))));
        Assert.AreEqual("0", Text(LeftChain(BinaryOp.Xor, Terms, _ => L(1))));
    }

    [TestMethod]
    public void AFiftyThousandTermChainSerializesReadsBackAndEquals()
    {
        var chain = LeftChain(BinaryOp.Add, Terms, i => i % 2 == 0 ? Col(0) : L(i));

        var read = ExprSerializer.Read(ExprSerializer.Serialize(chain));

        Assert.AreEqual(chain, read);
        Assert.AreEqual(chain.GetHashCode(), read.GetHashCode());
        Assert.AreNotEqual(chain, LeftChain(BinaryOp.Add, Terms, i => i % 2 == 0 ? Col(0) : L(i == 1 ? 2 : i)));
        Assert.AreEqual(Text(chain, ObObj.FromInt(3)), Text(read, ObObj.FromInt(3)));
    }

    [TestMethod]
    public void AFiftyThousandTermChainFormats()
    {
        var text = ExprFormatter.ToSql(LeftChain(BinaryOp.Mul, Terms, _ => L(1)));

        Assert.AreEqual(Terms - 1, text.Count(c => c == '('));
        StringAssert.EndsWith(text, "* 1)");
    }

    [TestMethod]
    public void NestingTooDeepForTheStackFailsAsStackOverrunEverywhere()
    {
        var deep = Nested(1_000_000);

        Assert.AreEqual(ExprErrorCodes.ThreadStackOverrun, Assert.ThrowsException<ExprException>(() => Eval(deep, ObObj.FromInt(1))).Code);
        Assert.AreEqual(ExprErrorCodes.ThreadStackOverrun, Assert.ThrowsException<ExprException>(() => ExprFormatter.ToSql(deep)).Code);
        Assert.AreEqual(ExprErrorCodes.ThreadStackOverrun, Assert.ThrowsException<ExprException>(() => ExprSerializer.Serialize(deep)).Code);
    }

    [TestMethod]
    public void NestingWithinTheSerializerLimitRoundTrips()
    {
        var deep = Nested(ExprSerializer.MaxDepth - 1);

        Assert.AreEqual(Text(deep, ObObj.FromInt(4)), Text(ExprSerializer.Read(ExprSerializer.Serialize(deep)), ObObj.FromInt(4)));
    }
}
