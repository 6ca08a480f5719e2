using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Engine.Planning;

// SubqueryFolder.ContainsSubquery decides for every SELECT whether its subqueries are folded first; it must
// find a subquery wherever an expression can hold one (inside CASE, IN lists, function arguments, BETWEEN
// bounds, row constructors, casts, ON conditions of nested joins, HAVING, GROUP BY, ORDER BY) and answer
// false for a statement that has none, however many operands it has.
[TestClass]
public sealed class SubqueryCheckTests
{
    [TestMethod]
    [DataRow("SELECT CASE WHEN a = 1 THEN 'x' ELSE (SELECT b FROM u LIMIT 1) END FROM t")]
    [DataRow("SELECT a FROM t WHERE a IN (1, 2, (SELECT MAX(b) FROM u))")]
    [DataRow("SELECT COALESCE(a, (SELECT b FROM u LIMIT 1)) FROM t")]
    [DataRow("SELECT a FROM t WHERE a BETWEEN 1 AND (SELECT MAX(b) FROM u)")]
    [DataRow("SELECT a FROM t WHERE (a, 1) = (1, (SELECT MAX(b) FROM u))")]
    [DataRow("SELECT CAST((SELECT b FROM u LIMIT 1) AS CHAR) FROM t")]
    [DataRow("SELECT t.a FROM t JOIN (u JOIN v ON v.c = (SELECT 1)) ON t.a = u.b")]
    [DataRow("SELECT a FROM t GROUP BY a HAVING COUNT(*) > (SELECT COUNT(*) FROM u)")]
    [DataRow("SELECT a FROM t GROUP BY a + (SELECT 1)")]
    [DataRow("SELECT a FROM t ORDER BY (SELECT 1)")]
    [DataRow("SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u)")]
    [DataRow("SELECT a FROM t WHERE a > ANY (SELECT b FROM u)")]
    [DataRow("SELECT a FROM t WHERE a LIKE 'x%' ESCAPE (SELECT '!')")]
    public void ASubqueryAnywhereInTheStatementIsFound(string sql) =>
        Assert.IsTrue(SubqueryFolder.ContainsSubquery((SelectStatement)SqlParser.Parse(sql)), sql);

    [TestMethod]
    [DataRow("SELECT c FROM sbtest1 WHERE id = 5")]
    [DataRow("SELECT CASE a WHEN 1 THEN 'x' ELSE 'y' END, COALESCE(a, 1), CAST(a AS CHAR) FROM t WHERE a IN (1, 2) AND a BETWEEN 0 AND 9 ORDER BY a")]
    [DataRow("SELECT t.a FROM t JOIN (u JOIN v ON v.c = u.b) ON t.a = u.b GROUP BY t.a HAVING COUNT(*) > 1")]
    public void AStatementWithoutSubqueriesHasNone(string sql) =>
        Assert.IsFalse(SubqueryFolder.ContainsSubquery((SelectStatement)SqlParser.Parse(sql)), sql);

    [TestMethod]
    public void ALongSumWithoutSubqueriesIsWalkedWithoutRecursion()
    {
        var sum = string.Join(" + ", Enumerable.Range(1, 50_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.IsFalse(SubqueryFolder.ContainsSubquery((SelectStatement)SqlParser.Parse($"SELECT {sum} FROM t")));
        Assert.IsTrue(SubqueryFolder.ContainsSubquery((SelectStatement)SqlParser.Parse($"SELECT {sum} + (SELECT 1) FROM t")));
    }
}
