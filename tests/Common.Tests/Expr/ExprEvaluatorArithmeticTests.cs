using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

[TestClass]
public sealed class ExprEvaluatorArithmeticTests
{
    [TestMethod]
    public void IntegerArithmeticStaysBigint()
    {
        var r = Eval(B(BinaryOp.Mul, L(6), L(7)));
        Assert.AreEqual(ObType.Int, r.Type);
        Assert.AreEqual(42L, r.Int);
        Assert.AreEqual("-1", Text(B(BinaryOp.Sub, L(2), L(3))));
    }

    [TestMethod]
    public void BigintOverflowIsError1690()
    {
        var ex = Assert.ThrowsException<ExprException>(() => Eval(B(BinaryOp.Add, L(long.MaxValue), L(1))));
        Assert.AreEqual(1690, ex.Code);
        StringAssert.Contains(ex.Message, "BIGINT value is out of range");
        Assert.AreEqual(1690, Assert.ThrowsException<ExprException>(() => Eval(new BoundUnary(UnaryOp.Neg, L(long.MinValue)))).Code);
        Assert.AreEqual(1690, Assert.ThrowsException<ExprException>(() => Eval(B(BinaryOp.Sub, L(1), U(2)))).Code);
    }

    [TestMethod]
    public void UnsignedArithmeticUsesTheFullUnsignedRange()
    {
        var r = Eval(B(BinaryOp.Add, U(long.MaxValue), L(1)));
        Assert.AreEqual(ObType.UInt, r.Type);
        Assert.AreEqual("9223372036854775808", r.ToText());
    }

    [TestMethod]
    [DataRow(1L, 3L, "0.3333")]
    [DataRow(2L, 4L, "0.5000")]
    [DataRow(-7L, 2L, "-3.5000")]
    public void DivisionOfIntegersGivesDecimalWithFourMoreDigits(long a, long b, string expected) =>
        Assert.AreEqual(expected, Text(B(BinaryOp.Div, L(a), L(b))));

    [TestMethod]
    public void DivisionOfADecimalAddsFourDigitsToItsScale() =>
        Assert.AreEqual("0.33333", Text(B(BinaryOp.Div, L(1.0m), L(3))));

    [TestMethod]
    public void DivisionAndModuloByZeroGiveNull()
    {
        Assert.IsTrue(Eval(B(BinaryOp.Div, L(1), L(0))).IsNull);
        Assert.IsTrue(Eval(B(BinaryOp.IntDiv, L(1), L(0))).IsNull);
        Assert.IsTrue(Eval(B(BinaryOp.Mod, L(1), L(0))).IsNull);
        Assert.IsTrue(Eval(B(BinaryOp.Div, L(1.5), L(0.0))).IsNull);
    }

    [TestMethod]
    public void DivTruncatesAndModKeepsTheDividendSign()
    {
        Assert.AreEqual("-3", Text(B(BinaryOp.IntDiv, L(-7), L(2))));
        Assert.AreEqual("-1", Text(B(BinaryOp.Mod, L(-7), L(2))));
        Assert.AreEqual("2", Text(B(BinaryOp.IntDiv, L(5.9m), L(2))));
        Assert.AreEqual("1.5", Text(B(BinaryOp.Mod, L(5.5m), L(2))));
        Assert.AreEqual("0", Text(B(BinaryOp.Mod, L(long.MinValue), L(-1))));
    }

    [TestMethod]
    public void StringsInArithmeticAreDoublesByTheirNumericPrefix()
    {
        var r = Eval(B(BinaryOp.Add, L("1.5abc"), L(1)));
        Assert.AreEqual(ObType.Double, r.Type);
        Assert.AreEqual(2.5, r.Double);
    }

    [TestMethod]
    public void NullPropagatesThroughArithmetic() =>
        Assert.IsTrue(Eval(B(BinaryOp.Add, Col(0), L(1)), ObObj.Null).IsNull);

    [TestMethod]
    public void BitNotGivesAnUnsignedBigint() =>
        Assert.AreEqual("18446744073709551615", Text(new BoundUnary(UnaryOp.BitNot, L(0))));

    [TestMethod]
    public void CastFollowsMysqlConversions()
    {
        Assert.AreEqual("12", Text(new BoundCast(L("12.7abc"), ObType.Int)));
        Assert.AreEqual("13", Text(new BoundCast(L(12.5m), ObType.Int)));
        Assert.AreEqual("18446744073709551615", Text(new BoundCast(L(-1), ObType.UInt)));
        Assert.AreEqual("3.14", Text(new BoundCast(L("3.14159"), ObType.Decimal, 2)));
        Assert.AreEqual("2024-01-31 10:20:30", Text(new BoundCast(L("2024-01-31 10:20:30"), ObType.DateTime)));
        Assert.AreEqual("2024-01-31", Text(new BoundCast(L("2024-01-31 10:20:30"), ObType.Date)));
        Assert.IsTrue(Eval(new BoundCast(L("not a date"), ObType.DateTime)).IsNull);
        Assert.AreEqual("42", Text(new BoundCast(L(42), ObType.String)));
    }
}
