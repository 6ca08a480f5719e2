using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class PrecedenceTests
{
    private static ColumnRef A => new(null, "a");

    private static ColumnRef B => new(null, "b");

    private static ColumnRef C => new(null, "c");

    private static BinaryExpr Bin(BinaryOperator op, Expr left, Expr right) => new(op, left, right);

    private static Int64Literal Int(long value) => new(value);

    [TestMethod]
    [DataRow("1 + 2 * 3", "1 + (2 * 3)")]
    [DataRow("1 * 2 + 3", "(1 * 2) + 3")]
    [DataRow("1 - 2 - 3", "(1 - 2) - 3")]
    [DataRow("a OR b AND c", "a OR (b AND c)")]
    [DataRow("a || b && c", "a OR (b AND c)")]
    [DataRow("a XOR b OR c", "(a XOR b) OR c")]
    [DataRow("a AND b XOR c", "(a AND b) XOR c")]
    [DataRow("NOT a AND b", "(NOT a) AND b")]
    [DataRow("NOT a = b", "NOT (a = b)")]
    [DataRow("!a = b", "(!a) = b")]
    [DataRow("a = 1 AND b = 2", "(a = 1) AND (b = 2)")]
    [DataRow("a | b & c", "a | (b & c)")]
    [DataRow("a & b << c", "a & (b << c)")]
    [DataRow("a << b + c", "a << (b + c)")]
    [DataRow("a + b ^ c", "a + (b ^ c)")]
    [DataRow("a * b ^ c", "a * (b ^ c)")]
    [DataRow("-a ^ b", "(-a) ^ b")]
    [DataRow("a DIV b MOD c", "(a DIV b) % c")]
    [DataRow("a + 1 BETWEEN 2 AND 3 AND c", "((a + 1) BETWEEN 2 AND 3) AND c")]
    [DataRow("a IS NULL OR b LIKE 'x' AND c IN (1)", "(a IS NULL) OR ((b LIKE 'x') AND (c IN (1)))")]
    [DataRow("a = b = c", "(a = b) = c")]
    [DataRow("a < b + 1", "a < (b + 1)")]
    public void OperatorsGroupByMysqlPrecedence(string sql, string explicitlyGrouped)
    {
        Assert.AreEqual(SqlParser.ParseExpression(explicitlyGrouped), SqlParser.ParseExpression(sql));
    }

    [TestMethod]
    public void MultiplicationBindsTighterThanAddition()
    {
        Assert.AreEqual(
            Bin(BinaryOperator.Add, Int(1), Bin(BinaryOperator.Multiply, Int(2), Int(3))),
            SqlParser.ParseExpression("1 + 2 * 3"));
    }

    [TestMethod]
    public void AndBindsTighterThanOr()
    {
        Assert.AreEqual(
            Bin(BinaryOperator.Or, A, Bin(BinaryOperator.And, B, C)),
            SqlParser.ParseExpression("a OR b AND c"));
    }

    [TestMethod]
    public void NotTakesTheWholeComparisonButBangOnlyItsOperand()
    {
        Assert.AreEqual(
            new UnaryExpr(UnaryOperator.Not, Bin(BinaryOperator.Equal, A, B)),
            SqlParser.ParseExpression("NOT a = b"));
        Assert.AreEqual(
            Bin(BinaryOperator.Equal, new UnaryExpr(UnaryOperator.Not, A), B),
            SqlParser.ParseExpression("!a = b"));
    }

    [TestMethod]
    public void BetweenBoundsStopAtTheAndThatEndsThem()
    {
        Assert.AreEqual(
            Bin(BinaryOperator.And, new BetweenExpr(A, Int(1), Int(2), Negated: false), Bin(BinaryOperator.Equal, B, Int(3))),
            SqlParser.ParseExpression("a BETWEEN 1 AND 2 AND b = 3"));
    }

    [TestMethod]
    public void UnaryMinusFoldsIntoNumericLiterals()
    {
        Assert.AreEqual(Int(-5), SqlParser.ParseExpression("-5"));
        Assert.AreEqual(new Int64Literal(long.MinValue), SqlParser.ParseExpression("-9223372036854775808"));
        Assert.AreEqual(new DecimalLiteral(-1.5m), SqlParser.ParseExpression("-1.5"));
        Assert.AreEqual(Bin(BinaryOperator.Subtract, Int(2), Int(-3)), SqlParser.ParseExpression("2 - -3"));
        Assert.AreEqual(new UnaryExpr(UnaryOperator.Minus, A), SqlParser.ParseExpression("-a"));
    }

    [TestMethod]
    [DataRow("(a OR b) AND c")]
    [DataRow("a - (b - c)")]
    [DataRow("(NOT a) = b")]
    [DataRow("-(a + b)")]
    [DataRow("a = (b IS NULL)")]
    [DataRow("a BETWEEN (b AND c) AND d")]
    [DataRow("- -a")]
    [DataRow("~ -1")]
    [DataRow("a LIKE (b OR c)")]
    public void PrintingKeepsTheParenthesesThatMatter(string sql)
    {
        var expr = SqlParser.ParseExpression(sql);

        Assert.AreEqual(sql, expr.ToSql());
        Assert.AreEqual(expr, SqlParser.ParseExpression(expr.ToSql()));
    }
}
