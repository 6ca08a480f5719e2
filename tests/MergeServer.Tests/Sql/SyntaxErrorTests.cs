using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql;

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
    public void Bad_statements_report_mysql_1064_with_the_text_near_the_error(string sql, string near)
    {
        var error = Fail(sql);

        Assert.AreEqual(Prefix + near, error.Message);
        Assert.AreEqual(1064, error.ErrorCode);
        Assert.AreEqual("42000", error.SqlState);
    }

    [TestMethod]
    public void The_near_text_is_cut_at_eighty_characters()
    {
        string tail = new('x', 200);

        var error = Fail("SELECT 1 2 " + tail);

        Assert.AreEqual("2 " + tail[..78], error.Near);
        Assert.AreEqual(9, error.Position);
    }

    [TestMethod]
    public void A_bad_statement_in_a_script_fails_the_script_at_its_own_line()
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
    public void Statements_outside_the_grammar_are_syntax_errors(string sql)
    {
        Fail(sql);
    }

    [TestMethod]
    public void Absurdly_deep_nesting_is_a_syntax_error_not_a_stack_overflow()
    {
        string sql = "SELECT " + string.Concat(Enumerable.Repeat("ABS(", 10_000)) + "1" + new string(')', 10_000);

        StringAssert.StartsWith(Fail(sql).Message, "memory exhausted near 'ABS(ABS(");
    }
}
