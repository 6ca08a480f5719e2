using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

// Statements MariaDB 10.11's parser refuses with a specific code or with 1064 where the grammar alone
// would accept them: SELECT nesting (1473) and clauses on a set operation's inner members.
[TestClass]
public sealed class ParserLimitTests
{
    private static string ScalarNest(int selects)
    {
        var sql = "SELECT 1";
        for (var i = 1; i < selects; i++)
            sql = $"SELECT ({sql})";
        return sql;
    }

    private static string DerivedNest(int selects)
    {
        var sql = "SELECT 1 x";
        for (var i = 1; i < selects; i++)
            sql = $"SELECT * FROM ({sql}) d{i}";
        return sql;
    }

    private static string InNest(int selects)
    {
        var sql = "SELECT x FROM a";
        for (var i = 1; i < selects; i++)
            sql = $"SELECT x FROM a WHERE x IN ({sql})";
        return sql;
    }

    [TestMethod]
    public void SixtyFourNestedSelectsParseAndASixtyFifthIsTooHighLevelOfNesting()
    {
        foreach (var nest in new Func<int, string>[] { ScalarNest, DerivedNest, InNest })
        {
            Assert.IsInstanceOfType<SelectStatement>(SqlParser.Parse(nest(Parser.MaxSelectNesting)));
            var e = Assert.ThrowsExactly<SqlSyntaxException>(() => SqlParser.Parse(nest(Parser.MaxSelectNesting + 1)));
            Assert.AreEqual(SyntaxErrorCodes.TooHighLevelOfNestingForSelect, e.ErrorCode);
            Assert.AreEqual("HY000", e.SqlState);
            Assert.AreEqual("Too high level of nesting for select", e.Message);
        }
    }

    [TestMethod]
    public void ParenthesesAndSetOperationMembersDoNotCountAsSelectNesting()
    {
        Assert.IsInstanceOfType<SelectStatement>(SqlParser.Parse(new string('(', 500) + "SELECT 1" + new string(')', 500)));
        var members = string.Join(" UNION ", Enumerable.Range(0, 100).Select(_ => "(" + ScalarNest(Parser.MaxSelectNesting - 1) + ")"));
        Assert.IsInstanceOfType<SelectStatement>(SqlParser.Parse("SELECT * FROM (" + members + ") u"));
    }

    [TestMethod]
    [DataRow("SELECT x FROM a UNION SELECT x FROM a ORDER BY x UNION SELECT 1", "UNION SELECT 1")]
    [DataRow("SELECT 1 UNION SELECT 2 LIMIT 1 EXCEPT SELECT 3", "EXCEPT SELECT 3")]
    [DataRow("SELECT 1 INTERSECT SELECT 2 ORDER BY 1 INTERSECT SELECT 3", "INTERSECT SELECT 3")]
    [DataRow("SELECT x FROM a FOR UPDATE UNION SELECT 1", "UNION SELECT 1")]
    [DataRow("SELECT x FROM a LOCK IN SHARE MODE INTERSECT SELECT 1", "INTERSECT SELECT 1")]
    public void AnInnerMemberWithOrderLimitOrLockingNeedsParentheses(string sql, string near)
    {
        var e = Assert.ThrowsExactly<SqlSyntaxException>(() => SqlParser.Parse(sql));
        Assert.AreEqual(SyntaxErrorCodes.ParseError, e.ErrorCode);
        Assert.AreEqual(near, e.Near);
    }

    [TestMethod]
    public void ParenthesisedMembersKeepTheirClausesAndRoundTrip()
    {
        foreach (var sql in new[]
        {
            "(SELECT x FROM a FOR UPDATE) UNION SELECT 1",
            "(SELECT x FROM a ORDER BY x LIMIT 1) UNION SELECT 1",
            "SELECT x FROM a UNION SELECT x FROM a FOR UPDATE",
        })
        {
            var statement = SqlParser.Parse(sql);
            Assert.AreEqual(statement, SqlParser.Parse(statement.ToSql()), sql);
        }
    }

    [TestMethod]
    public void TheLastMembersOrderByUnderAnIntersectOrdersTheWhole()
    {
        var statement = (SetOperationStatement)SqlParser.Parse("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 ORDER BY 1 DESC LIMIT 2");

        Assert.AreEqual(1, statement.OrderBy.Count);
        Assert.IsNotNull(statement.Limit);
        var intersect = (SetOperationStatement)statement.Right;
        Assert.AreEqual(0, ((SelectStatement)intersect.Right).OrderBy.Count);
        Assert.IsNull(((SelectStatement)intersect.Right).Limit);
    }

    [TestMethod]
    public void AParenthesisedTableReferenceMayHoldADerivedTable()
    {
        var select = (SelectStatement)SqlParser.Parse("SELECT * FROM ((SELECT 1 a) t JOIN (SELECT 1 b) u ON t.a = u.b)");
        var join = (JoinedTable)select.From[0];
        Assert.AreEqual("t", ((DerivedTable)join.Left).Alias);
        Assert.AreEqual("u", ((DerivedTable)join.Right).Alias);

        Assert.AreEqual("t", ((DerivedTable)((SelectStatement)SqlParser.Parse("SELECT * FROM ((SELECT 1 a)) t")).From[0]).Alias);
        var e = Assert.ThrowsExactly<SqlSyntaxException>(() => SqlParser.Parse("SELECT * FROM ((SELECT 1 a))"));
        Assert.AreEqual(SyntaxErrorCodes.ParseError, e.ErrorCode);
    }
}
