using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

// The function families of Common/Expr/Functions and the evaluator rules around them; the differential
// corpus (tests/Differential.Tests/Corpus/functions_*.sql, strict.sql) compares them with MariaDB.
[TestClass]
public sealed class FunctionLibraryTests
{
    [TestMethod]
    [DataRow(1e308, "1e308")]
    [DataRow(1e15, "1e15")]
    [DataRow(1e14, "100000000000000")]
    [DataRow(123456789012345678.0, "1.2345678901234568e17")]
    [DataRow(1.5e-5, "0.000015")]
    [DataRow(1e-15, "0.000000000000001")]
    [DataRow(1e-16, "1e-16")]
    [DataRow(-2.5e-10, "-0.00000000025")]
    [DataRow(0.30000000000000004, "0.30000000000000004")]
    [DataRow(-0.0, "0")]
    public void ADoubleIsWrittenAsMySqlWritesIt(double value, string expected) =>
        Assert.AreEqual(expected, DoubleText.Format(value));

    [TestMethod]
    public void DivisionByZeroIsNullInAReadAndError1365InAStrictWrite()
    {
        var strict = Ctx with { DivisionByZeroIsError = true };
        Assert.IsTrue(Eval(B(BinaryOp.Div, L(1), L(0))).IsNull);
        Assert.AreEqual(1365, Assert.ThrowsException<ExprException>(() => ExprEvaluator.Evaluate(B(BinaryOp.Div, L(1), L(0)), [], strict)).Code);
        Assert.AreEqual(1365, Assert.ThrowsException<ExprException>(() => ExprEvaluator.Evaluate(B(BinaryOp.Mod, L(1), L(0)), [], strict)).Code);
        Assert.AreEqual(1365, Assert.ThrowsException<ExprException>(() => ExprEvaluator.Evaluate(Fn("MOD", L(1), L(0)), [], strict)).Code);
        Assert.IsTrue(ExprEvaluator.Evaluate(B(BinaryOp.Div, Null, L(0)), [], strict).IsNull);
    }

    [TestMethod]
    public void DateArithmeticKeepsDatesAndClampsTheDayOfMonth()
    {
        Assert.AreEqual("2024-02-29", Text(Fn("DATE_ADD", L("2024-01-31"), L(1), L("MONTH"))));
        Assert.AreEqual("2024-01-02 03:04:05", Text(Fn("DATE_ADD", L("2024-01-01"), L("1 03:04:05"), L("DAY_SECOND"))));
        Assert.IsTrue(Eval(Fn("DATE_ADD", L("9999-12-31"), L(1), L("DAY"))).IsNull);
        Assert.AreEqual("23", Text(Fn("TIMESTAMPDIFF", L("YEAR"), L("2000-02-29"), L("2024-02-28"))));
        Assert.AreEqual("52", Text(Fn("WEEK", L("2024-12-31"), L(0))));
        Assert.AreEqual("202501", Text(Fn("YEARWEEK", L("2024-12-31"), L(3))));
        Assert.AreEqual("2024-03-05 14:07:09", Text(Fn("STR_TO_DATE", L("05/03/2024 14:07:09"), L("%d/%m/%Y %H:%i:%s"))));
    }

    [TestMethod]
    public void SeededRandMatchesMySqlsGeneratorAndAdvancesPerRow()
    {
        var rand = Fn("RAND", L(1));
        var ctx = Ctx with { };
        var first = ExprEvaluator.Evaluate(rand, [], ctx).Double;
        var second = ExprEvaluator.Evaluate(rand, [], ctx).Double;
        Assert.AreEqual(0.40540353712197724, first, 1e-15);
        Assert.AreNotEqual(first, second);
        Assert.AreEqual(first, ExprEvaluator.Evaluate(rand, [], Ctx with { }).Double);
    }

    [TestMethod]
    public void StringSearchesIgnoreCaseAndDigestsAreLowerCaseHex()
    {
        Assert.AreEqual("2", Text(Fn("LOCATE", L("B"), L("abc"))));
        Assert.AreEqual("www.mysql", Text(Fn("SUBSTRING_INDEX", L("www.mysql.com"), L("."), L(2))));
        Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", Text(Fn("MD5", L("abc"))));
        Assert.AreEqual("891568578", Text(Fn("CRC32", L("abc"))));
        Assert.AreEqual("1,234,567.89", Text(Fn("FORMAT", L(1234567.891m), L(2))));
        Assert.AreEqual("-H", Text(Fn("CONV", L(-17), L(10), L(-18))));
    }
}
