using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Expr.Diagnostics;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

// Bit operators, CAST's clamping and the warnings conversions raise (ExprBitwise, ExprCast, NumericText);
// the corpus files bitwise.sql and warnings.sql compare the same with MariaDB.
[TestClass]
public sealed class BitwiseAndCastTests
{
    [TestMethod]
    public void BitOperatorsWorkOnSixtyFourUnsignedBits()
    {
        Assert.AreEqual("1", Text(B(BinaryOp.BitAnd, L(5), L(3))));
        Assert.AreEqual("7", Text(B(BinaryOp.BitOr, L(5), L(3))));
        Assert.AreEqual("6", Text(B(BinaryOp.BitXor, L(5), L(3))));
        Assert.AreEqual("255", Text(B(BinaryOp.BitAnd, L(-1), L(255))));
        Assert.AreEqual("9223372036854775808", Text(B(BinaryOp.ShiftLeft, L(1), L(63))));
        Assert.AreEqual("0", Text(B(BinaryOp.ShiftLeft, L(1), L(64))));
        Assert.AreEqual("9223372036854775807", Text(B(BinaryOp.ShiftRight, L(-1), L(1))));
        Assert.AreEqual("18446744073709551615", Text(new BoundUnary(UnaryOp.BitNot, L(0))));
        Assert.AreEqual("6", Text(B(BinaryOp.BitAnd, L(5.7m), L(7))));
        Assert.AreEqual("18446744073709551615", Text(B(BinaryOp.BitOr, L(1e30), L(0))));
        Assert.IsTrue(Eval(B(BinaryOp.BitOr, Null, L(1))).IsNull);
        Assert.AreEqual("64", Text(Fn("BIT_COUNT", L(-1))));
    }

    [TestMethod]
    public void CastClampsOutOfRangeNumbersAndSaysSo()
    {
        var (value, conditions) = Run(new BoundCast(L(1e30), ObType.Int));
        Assert.AreEqual("9223372036854775807", value);
        AssertConditions(conditions, (ConditionLevel.Note, 1916, "Got overflow when converting '1e30' to SIGNED BIGINT. Value truncated"));

        (value, conditions) = Run(new BoundCast(L(-1), ObType.UInt));
        Assert.AreEqual("18446744073709551615", value);
        AssertConditions(conditions, (ConditionLevel.Note, 1105, "Cast to unsigned converted negative integer to it's positive complement"));

        (value, conditions) = Run(new BoundCast(L(-1.5m), ObType.UInt));
        Assert.AreEqual("0", value);
        AssertConditions(conditions, (ConditionLevel.Warning, 1916, "Got overflow when converting '-1.5' to UNSIGNED INT. Value truncated"));

        (value, conditions) = Run(new BoundCast(L(12.5m), ObType.Decimal, 2, 3));
        Assert.AreEqual("9.99", value);
        Assert.AreEqual(1264, conditions.Items.Single().Code);

        (value, conditions) = Run(new BoundCast(L("99999999999999999999"), ObType.Int));
        Assert.AreEqual("-1", value);
        AssertConditions(conditions, (ConditionLevel.Warning, 1292, "Truncated incorrect INTEGER value: '99999999999999999999'"));
    }

    [TestMethod]
    public void CastWarnsAboutTextItDoesNotRead()
    {
        var (value, conditions) = Run(new BoundCast(L("12abc"), ObType.Int));
        Assert.AreEqual("12", value);
        AssertConditions(conditions, (ConditionLevel.Warning, 1292, "Truncated incorrect INTEGER value: '12abc'"));

        (value, conditions) = Run(new BoundCast(L("12 "), ObType.Int));
        Assert.AreEqual("12", value);
        AssertConditions(conditions, (ConditionLevel.Note, 1292, "Truncated incorrect INTEGER value: '12 '"));

        (value, conditions) = Run(new BoundCast(L("1.5"), ObType.Int));
        Assert.AreEqual("1", value);
        Assert.AreEqual(1, conditions.Count);

        (value, conditions) = Run(new BoundCast(L("abcdef"), ObType.String, -1, 3));
        Assert.AreEqual("abc", value);
        AssertConditions(conditions, (ConditionLevel.Warning, 1292, "Truncated incorrect CHAR(3) value: 'abcdef'"));

        (value, conditions) = Run(new BoundCast(L("x"), ObType.DateTime));
        Assert.IsNull(value);
        AssertConditions(conditions, (ConditionLevel.Warning, 1292, "Incorrect datetime value: 'x'"));

        (value, conditions) = Run(new BoundCast(L(" 42"), ObType.Int));
        Assert.AreEqual("42", value);
        Assert.AreEqual(0, conditions.Count);
    }

    [TestMethod]
    public void AStringInArithmeticWarnsUnlessItIsAllNumber()
    {
        var (_, conditions) = Run(B(BinaryOp.Add, L("12abc"), L(0)));
        AssertConditions(conditions, (ConditionLevel.Warning, 1292, "Truncated incorrect DOUBLE value: '12abc'"));
        (_, conditions) = Run(B(BinaryOp.Add, L("1.5e3"), L(0)));
        Assert.AreEqual(0, conditions.Count);
        (_, conditions) = Run(B(BinaryOp.Eq, L("abc"), L(0)));
        AssertConditions(conditions, (ConditionLevel.Warning, 1292, "Truncated incorrect DECIMAL value: 'abc'"));
    }

    [TestMethod]
    public void DivisionByZeroWarnsOnlyUnderErrorForDivisionByZero()
    {
        var warns = new StatementWarnings();
        Assert.IsTrue(ExprEvaluator.Evaluate(B(BinaryOp.Div, L(1), L(0)), [], Ctx with { DivisionByZeroWarns = true, Warnings = warns }).IsNull);
        AssertConditions(warns, (ConditionLevel.Warning, 1365, "Division by 0"));
        var quiet = new StatementWarnings();
        Assert.IsTrue(ExprEvaluator.Evaluate(Fn("LN", L(0)), [], Ctx with { Warnings = quiet }).IsNull);
        Assert.AreEqual(0, quiet.Count);
        var logWarns = new StatementWarnings();
        ExprEvaluator.Evaluate(Fn("LN", L(0)), [], Ctx with { DivisionByZeroWarns = true, Warnings = logWarns });
        Assert.AreEqual(1365, logWarns.Items.Single().Code);
    }

    [TestMethod]
    public void OnlyTheFirstSixtyFourConditionsAreKeptButAllAreCounted()
    {
        var conditions = new StatementWarnings();
        for (var i = 0; i < 70; i++)
            conditions.Warn(1292, "w");
        conditions.Add(new SqlCondition(ConditionLevel.Error, 1064, "e"));
        Assert.AreEqual(71, conditions.Count);
        Assert.AreEqual(1, conditions.ErrorCount);
        Assert.AreEqual(64, conditions.Items.Count);
        var quiet = new StatementWarnings { IgnoresNotes = true };
        quiet.Note(1051, "n");
        Assert.AreEqual(0, quiet.Count);
    }

    [TestMethod]
    [DataRow("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [DataRow("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    [DataRow("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")]
    public void Sha2With224BitsMatchesTheStandardVectors(string input, string digest) =>
        Assert.AreEqual(digest, Text(Fn("SHA2", L(input), L(224))));

    private static (string? Value, StatementWarnings Conditions) Run(BoundExpr e)
    {
        var conditions = new StatementWarnings();
        var value = ExprEvaluator.Evaluate(e, [], Ctx with { Warnings = conditions }).ToText();
        return (value, conditions);
    }

    private static void AssertConditions(StatementWarnings conditions, params (ConditionLevel Level, int Code, string Message)[] expected) =>
        CollectionAssert.AreEqual(expected.Select(e => new SqlCondition(e.Level, e.Code, e.Message)).ToArray(), conditions.Items.ToArray());
}
