using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

[TestClass]
public sealed class ScalarFunctionTests
{
    [TestMethod]
    public void StringFunctionsMatchMysql()
    {
        Assert.AreEqual("ab1", Text(Fn("concat", L("a"), L("b"), L(1))));
        Assert.IsTrue(Eval(Fn("CONCAT", L("a"), Null)).IsNull);
        Assert.AreEqual("a,c", Text(Fn("CONCAT_WS", L(","), L("a"), Null, L("c"))));
        Assert.AreEqual("6", Text(Fn("LENGTH", L("héllo"))));
        Assert.AreEqual("2", Text(Fn("CHAR_LENGTH", L("😀a"))));
        Assert.AreEqual("ABC", Text(Fn("UCASE", L("abc"))));
        Assert.AreEqual("abc", Text(Fn("LOWER", L("ABC"))));
        Assert.AreEqual("ratically", Text(Fn("SUBSTRING", L("Quadratically"), L(5))));
        Assert.AreEqual("aki", Text(Fn("SUBSTR", L("Sakila"), L(-5), L(3))));
        Assert.AreEqual("", Text(Fn("SUBSTRING", L("Sakila"), L(0))));
        Assert.AreEqual("bar", Text(Fn("TRIM", L("  bar  "))));
        Assert.AreEqual("barxx", Text(Fn("TRIM", L("xxbarxx"), L("x"), L("LEADING"))));
        Assert.AreEqual("bar  ", Text(Fn("LTRIM", L("  bar  "))));
        Assert.AreEqual("  bar", Text(Fn("RTRIM", L("  bar  "))));
        Assert.AreEqual("WwWwWw.mysql.com", Text(Fn("REPLACE", L("www.mysql.com"), L("w"), L("Ww"))));
        Assert.AreEqual("fo", Text(Fn("LEFT", L("foobar"), L(2))));
        Assert.AreEqual("bar", Text(Fn("RIGHT", L("foobar"), L(3))));
    }

    [TestMethod]
    public void ControlFunctionsEvaluateLazily()
    {
        var boom = B(BinaryOp.Add, L(long.MaxValue), L(1));
        Assert.AreEqual("1", Text(Fn("IFNULL", L(1), boom)));
        Assert.AreEqual("2", Text(Fn("COALESCE", Null, L(2), boom)));
        Assert.IsTrue(Eval(Fn("COALESCE", Null, Null)).IsNull);
        Assert.AreEqual("yes", Text(Fn("IF", L(1), L("yes"), boom)));
        Assert.AreEqual("no", Text(Fn("IF", Null, boom, L("no"))));
        Assert.IsTrue(Eval(Fn("NULLIF", L(1), L(1))).IsNull);
        Assert.AreEqual("1", Text(Fn("NULLIF", L(1), L(2))));
    }

    [TestMethod]
    public void NumericFunctionsMatchMysql()
    {
        Assert.AreEqual("5", Text(Fn("ABS", L(-5))));
        Assert.AreEqual(1690, Assert.ThrowsException<ExprException>(() => Eval(Fn("ABS", L(long.MinValue)))).Code);
        Assert.AreEqual("-2", Text(Fn("ROUND", L(-1.5m))));
        Assert.AreEqual("1.30", Text(Fn("ROUND", L(1.298m), L(2))));
        Assert.AreEqual("120", Text(Fn("ROUND", L(123), L(-1))));
        Assert.AreEqual("2", Text(Fn("ROUND", L(2.5))));
        Assert.AreEqual("1.2", Text(Fn("TRUNCATE", L(1.29m), L(1))));
        Assert.AreEqual("-2", Text(Fn("FLOOR", L(-1.5m))));
        Assert.AreEqual("2", Text(Fn("CEILING", L(1.2))));
        Assert.AreEqual("1", Text(Fn("MOD", L(10), L(3))));
        Assert.AreEqual("9", Text(Fn("GREATEST", L(2), L(9), L(4))));
        Assert.AreEqual("a", Text(Fn("LEAST", L("b"), L("a"))));
        Assert.IsTrue(Eval(Fn("GREATEST", L(1), Null)).IsNull);
    }

    [TestMethod]
    public void NowReadsTheStatementClockAndDateFormatRendersIt()
    {
        Assert.AreEqual("2024-03-05 14:07:09", Text(Fn("NOW")));
        Assert.AreEqual("2024-03-05", Text(Fn("CURDATE")));
        Assert.AreEqual("2024/03/05 02:07 PM", Text(Fn("DATE_FORMAT", Fn("NOW"), L("%Y/%m/%d %h:%i %p"))));
    }

    [TestMethod]
    public void UnknownFunctionsAndWrongArgumentCountsAreMysqlErrors()
    {
        Assert.AreEqual(1305, Assert.ThrowsException<ExprException>(() => Eval(Fn("NO_SUCH_FN", L(1)))).Code);
        Assert.AreEqual(1582, Assert.ThrowsException<ExprException>(() => Eval(Fn("LEFT", L("a")))).Code);
        Assert.AreEqual(1582, Assert.ThrowsException<ExprException>(() => FunctionCatalog.Check("IF", 2)).Code);
    }

    [TestMethod]
    public void FunctionNamesAreCaseInsensitiveAndEqualByValue()
    {
        Assert.AreEqual(Fn("upper", L("x")), Fn("UPPER", L("x")));
        Assert.AreEqual(ObType.String, Eval(Fn("Upper", L("x"))).Type);
    }
}
