using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

// Long flat chains, runs of parentheses and prefix operators parse in loops; logical chains become
// balanced trees; real nesting beyond Parser.MaxDepth fails as MariaDB's "memory exhausted".
[TestClass]
public sealed class DeepExpressionParserTests
{
    private static string Chain(string separator, int count, Func<int, string> term) =>
        string.Join(separator, Enumerable.Range(0, count).Select(term));

    // Longest path through the binary nodes, walked with an explicit stack.
    private static int Depth(Expr root)
    {
        int deepest = 0;
        var pending = new Stack<(Expr Node, int Depth)>();
        pending.Push((root, 1));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            deepest = Math.Max(deepest, depth);
            if (node is BinaryExpr b)
            {
                pending.Push((b.Left, depth + 1));
                pending.Push((b.Right, depth + 1));
            }
        }

        return deepest;
    }

    [TestMethod]
    [DataRow(" OR ")]
    [DataRow(" AND ")]
    [DataRow(" XOR ")]
    [DataRow(" || ")]
    [DataRow(" && ")]
    public void AFiftyThousandTermLogicalChainIsABalancedTree(string separator)
    {
        var expr = SqlParser.ParseExpression(Chain(separator, 50_000, i => $"id = {i}"));

        Assert.IsTrue(Depth(expr) <= 18, $"depth {Depth(expr)}");
        var operands = new List<Expr>();
        LogicalChain.AddOperands(((BinaryExpr)expr).Operator, expr, operands);
        Assert.AreEqual(50_000, operands.Count);
        Assert.AreEqual(SqlParser.ParseExpression("id = 49999"), operands[^1]);
    }

    [TestMethod]
    public void ParenthesesInsideALogicalChainGiveTheSameTreeAndPrintFlat()
    {
        var grouped = SqlParser.ParseExpression("a OR (b OR (c OR d)) OR e");
        var flat = SqlParser.ParseExpression("a OR b OR c OR d OR e");

        Assert.AreEqual(flat, grouped);
        Assert.AreEqual("a OR b OR c OR d OR e", grouped.ToSql());
        Assert.AreEqual("(a OR b) AND c", SqlParser.ParseExpression("(a OR b) AND c").ToSql());
    }

    [TestMethod]
    public void AFiftyThousandTermSumParsesAsOneLeftDeepChain()
    {
        var expr = SqlParser.ParseExpression(Chain("+", 50_000, _ => "1"));

        Assert.AreEqual(50_000, Depth(expr));
        Assert.AreEqual(SqlParser.ParseExpression(Chain("+", 50_000, _ => "1")), expr);
    }

    [TestMethod]
    public void AHundredThousandNestedParenthesesParse()
    {
        var expr = SqlParser.ParseExpression(new string('(', 100_000) + "1" + new string(')', 100_000));

        Assert.AreEqual(new Int64Literal(1), expr);
    }

    [TestMethod]
    public void ARunOfParenthesesKeepsTheOperatorsOfEachLevel()
    {
        Assert.AreEqual(SqlParser.ParseExpression("(a + 1) * 2 - 3"), SqlParser.ParseExpression("((((a) + 1) * 2) - 3)"));
        Assert.AreEqual(SqlParser.ParseExpression("((a + 1) * 2 - 3) = 4"), SqlParser.ParseExpression("((((a) + 1) * 2) - 3) = 4"));
        Assert.AreEqual(SqlParser.ParseExpression("a OR b AND c"), SqlParser.ParseExpression("((a) OR ((b) AND c))"));
    }

    [TestMethod]
    public void TwentyThousandNotsReduceToTheSameValue()
    {
        Assert.AreEqual(SqlParser.ParseExpression("NOT NOT a"), SqlParser.ParseExpression(string.Concat(Enumerable.Repeat("NOT ", 20_000)) + "a"));
        Assert.AreEqual(SqlParser.ParseExpression("NOT a = 1"), SqlParser.ParseExpression(string.Concat(Enumerable.Repeat("NOT ", 20_001)) + "a = 1"));
        Assert.AreEqual(SqlParser.ParseExpression("!!a"), SqlParser.ParseExpression(new string('!', 20_000) + "a"));
        Assert.AreEqual(SqlParser.ParseExpression("~a"), SqlParser.ParseExpression(new string('~', 20_001) + "a"));
    }

    [TestMethod]
    public void TwentyThousandMinusSignsFoldIntoTheLiteral()
    {
        Assert.AreEqual(new Int64Literal(1), SqlParser.ParseExpression(string.Concat(Enumerable.Repeat("- ", 20_000)) + "1"));
        Assert.AreEqual(new Int64Literal(-7), SqlParser.ParseExpression(string.Concat(Enumerable.Repeat("- ", 20_001)) + "7"));
    }

    [TestMethod]
    [DataRow("CASE WHEN 1 THEN ", " END")]
    [DataRow("ABS(", ")")]
    [DataRow("CONCAT('a', ", ")")]
    [DataRow("- a + (", ")")]
    [DataRow("1 IN (", ")")]
    public void NestingBeyondTheLimitFailsAsMemoryExhausted(string open, string close)
    {
        int levels = Parser.MaxDepth + 10;
        string sql = "SELECT " + string.Concat(Enumerable.Repeat(open, levels)) + "1" + string.Concat(Enumerable.Repeat(close, levels));

        var e = Assert.ThrowsExactly<SqlSyntaxException>(() => SqlParser.Parse(sql));

        StringAssert.StartsWith(e.Message, "memory exhausted near '");
        Assert.AreEqual(1064, e.ErrorCode);
    }

    [TestMethod]
    public void APostfixPredicateChainCountsAsNesting()
    {
        Assert.IsInstanceOfType<IsNullExpr>(SqlParser.ParseExpression("a" + string.Concat(Enumerable.Repeat(" IS NULL", 100))));

        var e = Assert.ThrowsExactly<SqlSyntaxException>(() =>
            SqlParser.ParseExpression("a" + string.Concat(Enumerable.Repeat(" IS NULL", Parser.MaxDepth + 10))));
        StringAssert.StartsWith(e.Message, "memory exhausted near ");
    }

    [TestMethod]
    public void NestingJustWithinTheLimitParses()
    {
        int levels = Parser.MaxDepth - 10;
        string sql = "SELECT " + string.Concat(Enumerable.Repeat("ABS(", levels)) + "1" + new string(')', levels);

        Assert.IsInstanceOfType<SelectStatement>(SqlParser.Parse(sql));
    }
}
