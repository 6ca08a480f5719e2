using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class RoundTripTests
{
    public static IEnumerable<object[]> Corpus => QueryCorpus.Queries.Select(q => new object[] { q });

    [TestMethod]
    public void TheCorpusHoldsAtLeastSixtyRealQueries()
    {
        Assert.IsTrue(QueryCorpus.Queries.Length >= 60, $"only {QueryCorpus.Queries.Length} queries");
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void PrintingAParsedQueryAndParsingItAgainGivesTheSameAst(string sql)
    {
        var first = SqlParser.Parse(sql);
        string printed = first.ToSql();
        var second = SqlParser.Parse(printed);

        Assert.AreEqual(first, second, $"printed as: {printed}");
        Assert.AreEqual(printed, second.ToSql(), "printing is not canonical");
    }

    [TestMethod]
    public void TheWholeCorpusParsesAsOneScript()
    {
        string script = string.Join(";\n", QueryCorpus.Queries) + ";;";

        var statements = SqlParser.ParseScript(script);

        Assert.AreEqual(QueryCorpus.Queries.Length, statements.Count);
        Assert.AreEqual(SqlParser.Parse(QueryCorpus.Queries[^1]), statements[^1]);
    }

    [TestMethod]
    public void ScriptSplittingIgnoresSemicolonsInsideStringsAndComments()
    {
        var statements = SqlParser.ParseScript("SELECT ';' /* ; */; -- ;\nSELECT 2 # ;\n;");

        Assert.AreEqual(2, statements.Count);
        Assert.AreEqual(new StringLiteral(";"), ((SelectStatement)statements[0]).Items[0].Expr);
    }

    [TestMethod]
    public void AnEmptyScriptHasNoStatements()
    {
        Assert.AreEqual(0, SqlParser.ParseScript("  ; ;\n-- nothing\n").Count);
    }
}
