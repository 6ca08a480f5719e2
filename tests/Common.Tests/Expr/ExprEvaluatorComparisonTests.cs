using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using static OceanClassic.Common.Tests.Expr.ExprBuilders;

namespace OceanClassic.Common.Tests.Expr;

[TestClass]
public sealed class ExprEvaluatorComparisonTests
{
    [TestMethod]
    public void ComparisonWithNullIsNullButNullSafeEqualityIsNot()
    {
        Assert.IsTrue(Eval(B(BinaryOp.Eq, Null, Null)).IsNull);
        Assert.IsTrue(Eval(B(BinaryOp.Lt, L(1), Null)).IsNull);
        Assert.AreEqual("1", Text(B(BinaryOp.NullSafeEq, Null, Null)));
        Assert.AreEqual("0", Text(B(BinaryOp.NullSafeEq, L(1), Null)));
        Assert.AreEqual("1", Text(B(BinaryOp.NullSafeEq, L(1), L(1.0m))));
    }

    [TestMethod]
    [DataRow("10", 9L, BinaryOp.Gt, "1")]
    [DataRow("1e1", 10L, BinaryOp.Eq, "1")]
    [DataRow("abc", 0L, BinaryOp.Eq, "1")]
    [DataRow(" 5", 5L, BinaryOp.Eq, "1")]
    public void ANumberAndAStringCompareAsDoubles(string s, long n, BinaryOp op, string expected) =>
        Assert.AreEqual(expected, Text(B(op, L(s), L(n))));

    [TestMethod]
    public void TwoStringsCompareUnderTheDefaultCaseInsensitiveCollation()
    {
        Assert.AreEqual("1", Text(B(BinaryOp.Lt, L("10"), L("9"))));
        Assert.AreEqual("1", Text(B(BinaryOp.Eq, L("a"), L("A"))));
        Assert.AreEqual("0", Text(B(BinaryOp.Ne, L("a"), L("A "))));
        Assert.AreEqual("1", Text(B(BinaryOp.Lt, L("a\t"), L("a"))));
    }

    [TestMethod]
    public void AnExplicitBinaryCollationMakesCaseMatter()
    {
        var bin = new BoundCollate(L("a"), CollationId.Utf8mb4Bin, CollationDerivation.Explicit);
        Assert.AreEqual("0", Text(B(BinaryOp.Eq, bin, L("A"))));
        Assert.AreEqual("1", Text(B(BinaryOp.Eq, bin, L("a  "))));
        Assert.AreEqual("1", Text(B(BinaryOp.Gt, bin, L("A"))));
    }

    [TestMethod]
    public void ExactNumbersOfDifferentKindsCompareExactly()
    {
        Assert.AreEqual("1", Text(B(BinaryOp.Eq, L(1), L(1.000m))));
        Assert.AreEqual("1", Text(B(BinaryOp.Gt, U(ulong.MaxValue), L(-1))));
        Assert.AreEqual("1", Text(B(BinaryOp.Lt, L(9007199254740992), L(9007199254740993))));
        Assert.AreEqual("1", Text(B(BinaryOp.Ge, L(2.5), L(2.5m))));
    }

    [TestMethod]
    public void ADatetimeComparesWithADateStringByValue()
    {
        var dt = new BoundLiteral(ObObj.FromDateTime(new DateTime(2024, 1, 31, 10, 0, 0)));
        Assert.AreEqual("1", Text(B(BinaryOp.Gt, dt, L("2024-01-31"))));
        Assert.AreEqual("1", Text(B(BinaryOp.Eq, dt, L("2024-01-31 10:00:00"))));
        Assert.AreEqual("1", Text(B(BinaryOp.Lt, L("2023-12-31"), dt)));
    }

    [TestMethod]
    [DataRow("abc", "a%", "1")]
    [DataRow("ABC", "a_c", "1")]
    [DataRow("abc", "a_", "0")]
    [DataRow("abc", "%", "1")]
    [DataRow("", "%", "1")]
    [DataRow("", "_", "0")]
    [DataRow("a%c", "a\\%c", "1")]
    [DataRow("abc", "a\\%c", "0")]
    [DataRow("xaxbxc", "%a%b%c", "1")]
    [DataRow("aaaaaaaaab", "%a%a%a%b", "1")]
    [DataRow("aaaaaaaaaa", "%a%a%a%b", "0")]
    [DataRow("😀x", "_x", "1")]
    [DataRow("straße", "STRA%", "1")]
    public void LikeMatchesWildcardsCaseInsensitively(string text, string pattern, string expected) =>
        Assert.AreEqual(expected, Text(new BoundLike(L(text), L(pattern), null, Negated: false)));

    [TestMethod]
    public void LikeHonoursACustomEscapeAndNull()
    {
        Assert.AreEqual("1", Text(new BoundLike(L("10%"), L("10!%"), L("!"), Negated: false)));
        Assert.AreEqual("0", Text(new BoundLike(L("100"), L("10!%"), L("!"), Negated: false)));
        Assert.AreEqual("1", Text(new BoundLike(L("100"), L("10!%"), L("!"), Negated: true)));
        Assert.IsTrue(Eval(new BoundLike(Null, L("%"), null, Negated: false)).IsNull);
        Assert.AreEqual("1", Text(new BoundLike(L(123), L("12%"), null, Negated: false)));
        Assert.AreEqual(1210, Assert.ThrowsException<ExprException>(() => Eval(new BoundLike(L("a"), L("a"), L("xy"), Negated: false))).Code);
    }

    [TestMethod]
    public void LikeMatchesByCollationWeightsSoAccentsFoldUnlessTheCollationIsBinary()
    {
        Assert.AreEqual("1", Text(new BoundLike(L("Café"), L("cafe"), null, Negated: false)));
        Assert.AreEqual("1", Text(new BoundLike(L("ß"), L("s"), null, Negated: false)));
        Assert.AreEqual("0", Text(new BoundLike(L("a "), L("a"), null, Negated: false)));
        var bin = new BoundCollate(L("Ab"), CollationId.Utf8mb4Bin, CollationDerivation.Explicit);
        Assert.AreEqual("0", Text(new BoundLike(bin, L("a_"), null, Negated: false)));
        Assert.AreEqual("1", Text(new BoundLike(bin, L("A_"), null, Negated: false)));
    }
}
