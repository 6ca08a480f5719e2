using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

[TestClass]
public sealed class ExprEvaluatorLogicTests
{
    [TestMethod]
    [DataRow(BinaryOp.And, 1L, 1L, "1")]
    [DataRow(BinaryOp.And, 1L, 0L, "0")]
    [DataRow(BinaryOp.And, 1L, null, null)]
    [DataRow(BinaryOp.And, 0L, null, "0")]
    [DataRow(BinaryOp.And, null, 0L, "0")]
    [DataRow(BinaryOp.And, null, null, null)]
    [DataRow(BinaryOp.Or, 0L, 0L, "0")]
    [DataRow(BinaryOp.Or, 0L, null, null)]
    [DataRow(BinaryOp.Or, 1L, null, "1")]
    [DataRow(BinaryOp.Or, null, 1L, "1")]
    [DataRow(BinaryOp.Xor, 1L, 0L, "1")]
    [DataRow(BinaryOp.Xor, 1L, 1L, "0")]
    [DataRow(BinaryOp.Xor, 1L, null, null)]
    public void LogicOperatorsFollowThreeValuedLogic(BinaryOp op, object? a, object? b, string? expected)
    {
        var left = a is long x ? L(x) : Null;
        var right = b is long y ? L(y) : Null;
        Assert.AreEqual(expected, Text(B(op, left, right)));
    }

    [TestMethod]
    public void NotOfNullIsNullAndNotOfANumericStringUsesItsValue()
    {
        Assert.IsTrue(Eval(new BoundUnary(UnaryOp.Not, Null)).IsNull);
        Assert.AreEqual("0", Text(new BoundUnary(UnaryOp.Not, L("2abc"))));
        Assert.AreEqual("1", Text(new BoundUnary(UnaryOp.Not, L("abc"))));
    }

    [TestMethod]
    public void IsTrueTreatsNullAndZeroAsFalseAndNumericStringsByValue()
    {
        Assert.IsFalse(ExprValues.IsTrue(ObObj.Null));
        Assert.IsFalse(ExprValues.IsTrue(ObObj.FromInt(0)));
        Assert.IsFalse(ExprValues.IsTrue(ObObj.FromString("0.0")));
        Assert.IsTrue(ExprValues.IsTrue(ObObj.FromString("0.5")));
        Assert.IsTrue(ExprValues.IsTrue(ObObj.FromDecimal(-1.5m)));
        Assert.IsFalse(ExprValues.IsTrue(ObObj.FromString("x")));
    }

    [TestMethod]
    public void IsNullAndIsTrueNeverReturnNull()
    {
        Assert.AreEqual("1", Text(new BoundIsNull(Null, Negated: false)));
        Assert.AreEqual("0", Text(new BoundIsNull(Null, Negated: true)));
        Assert.AreEqual("0", Text(new BoundIsBool(Null, Value: true, Negated: false)));
        Assert.AreEqual("1", Text(new BoundIsBool(Null, Value: false, Negated: true)));
        Assert.AreEqual("1", Text(new BoundIsBool(L(0), Value: false, Negated: false)));
        Assert.AreEqual("1", Text(new BoundIsBool(L(7), Value: true, Negated: false)));
    }

    [TestMethod]
    public void InListReturnsNullWhenNoMatchAndANullItemExists()
    {
        Assert.AreEqual("1", Text(new BoundInList(L(2), [L(1), Null, L(2)], Negated: false)));
        Assert.IsTrue(Eval(new BoundInList(L(3), [L(1), Null], Negated: false)).IsNull);
        Assert.IsTrue(Eval(new BoundInList(L(3), [L(1), Null], Negated: true)).IsNull);
        Assert.AreEqual("1", Text(new BoundInList(L(3), [L(1), L(2)], Negated: true)));
        Assert.IsTrue(Eval(new BoundInList(Null, [L(1)], Negated: false)).IsNull);
        Assert.AreEqual("1", Text(new BoundInList(L("2"), [L(1), L(2)], Negated: false)));
    }

    [TestMethod]
    public void BetweenIsInclusiveAndNullAware()
    {
        Assert.AreEqual("1", Text(new BoundBetween(L(5), L(5), L(6), Negated: false)));
        Assert.AreEqual("0", Text(new BoundBetween(L(7), L(5), L(6), Negated: false)));
        Assert.AreEqual("1", Text(new BoundBetween(L(7), L(5), L(6), Negated: true)));
        Assert.IsTrue(Eval(new BoundBetween(L(5), Null, L(6), Negated: false)).IsNull);
        // 7 > 6 decides the answer even though the lower bound is NULL.
        Assert.AreEqual("0", Text(new BoundBetween(L(7), Null, L(6), Negated: false)));
    }

    [TestMethod]
    public void CasePicksTheFirstTrueBranchOrElseOrNull()
    {
        var searched = new BoundCase(null, [new CaseWhen(B(BinaryOp.Gt, Col(0), L(10)), L("big")), new CaseWhen(B(BinaryOp.Gt, Col(0), L(0)), L("small"))], L("none"));
        Assert.AreEqual("big", Text(searched, ObObj.FromInt(11)));
        Assert.AreEqual("small", Text(searched, ObObj.FromInt(3)));
        Assert.AreEqual("none", Text(searched, ObObj.FromInt(-1)));
        Assert.AreEqual("none", Text(searched, ObObj.Null));

        var simple = new BoundCase(Col(0), [new CaseWhen(L(1), L("one")), new CaseWhen(Null, L("null"))], null);
        Assert.AreEqual("one", Text(simple, ObObj.FromInt(1)));
        Assert.IsTrue(Eval(simple, ObObj.Null).IsNull, "CASE NULL WHEN NULL does not match");
    }

    [TestMethod]
    public void AColumnOutsideTheRowIsAnErrorNotACrash()
    {
        var ex = Assert.ThrowsException<ExprException>(() => Eval(Col(3), ObObj.FromInt(1)));
        Assert.AreEqual(ExprErrorCodes.IncorrectArguments, ex.Code);
    }
}
