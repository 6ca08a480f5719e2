using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class SyntaxErrorTests
{
    private const string Prefix =
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version " +
        "for the right syntax to use near ";

    private static SqlSyntaxException Fail(string sql) => Assert.ThrowsExactly<SqlSyntaxException>(() => SqlParser.Parse(sql));

    [TestMethod]
    [DataRow("SELEC 1", "'SELEC 1' at line 1")]
    [DataRow("SELECT * FROM", "'' at line 1")]
    [DataRow("INSERT INTO t VALUES (1,", "'' at line 1")]
    [DataRow("SELECT 'abc", "''abc' at line 1")]
    [DataRow("SELECT * FROM t WHERE id = = 1", "'= 1' at line 1")]
    [DataRow("SELECT *\nFROM t\nWHERE", "'' at line 3")]
    [DataRow("SELECT 1,\n  2 3", "'3' at line 2")]
    [DataRow("CREATE TABLE t (a INT) garbage (", "'(' at line 1")]
    [DataRow("SELECT `abc", "'`abc' at line 1")]
    [DataRow("SELECT 1 /* never closed", "'/* never closed' at line 1")]
    public void BadStatementsReportMysql1064WithTheTextNearTheError(string sql, string near)
    {
        var error = Fail(sql);

        Assert.AreEqual(Prefix + near, error.Message);
        Assert.AreEqual(1064, error.ErrorCode);
        Assert.AreEqual("42000", error.SqlState);
    }

    [TestMethod]
    public void TheNearTextIsCutAtEightyCharacters()
    {
        string tail = new('x', 200);

        var error = Fail("SELECT 1 2 " + tail);

        Assert.AreEqual("2 " + tail[..78], error.Near);
        Assert.AreEqual(9, error.Position);
    }

    [TestMethod]
    public void ABadStatementInAScriptFailsTheScriptAtItsOwnLine()
    {
        var error = Assert.ThrowsExactly<SqlSyntaxException>(() => SqlParser.ParseScript("SELECT 1;\nSELECT 2;\nSELEC 3;"));

        Assert.AreEqual(3, error.Line);
        Assert.AreEqual("SELEC 3;", error.Near);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("SELECT 1 SELECT 2")]
    [DataRow("SELECT 1e999")]
    [DataRow("SELECT CAST(a AS INT) FROM t")]
    [DataRow("UPDATE t SET 1 = 2")]
    [DataRow("SELECT a FROM t LEFT JOIN u")]
    [DataRow("SHOW FULL DATABASES")]
    [DataRow("SELECT @@")]
    [DataRow("SELECT [1]")]
    public void StatementsOutsideTheGrammarAreSyntaxErrors(string sql)
    {
        Fail(sql);
    }

    [TestMethod]
    public void AbsurdlyDeepNestingIsASyntaxErrorNotAStackOverflow()
    {
        string sql = "SELECT " + string.Concat(Enumerable.Repeat("ABS(", 10_000)) + "1" + new string(')', 10_000);

        StringAssert.StartsWith(Fail(sql).Message, "memory exhausted near 'ABS(ABS(");
    }
}
