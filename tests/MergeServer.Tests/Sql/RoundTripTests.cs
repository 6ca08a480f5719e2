using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class RoundTripTests
{
    public static IEnumerable<object[]> Corpus => QueryCorpus.Queries.Select(q => new object[] { q });

    [TestMethod]
    public void The_corpus_holds_at_least_sixty_real_queries()
    {
        Assert.IsTrue(QueryCorpus.Queries.Length >= 60, $"only {QueryCorpus.Queries.Length} queries");
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void Printing_a_parsed_query_and_parsing_it_again_gives_the_same_ast(string sql)
    {
        var first = SqlParser.Parse(sql);
        string printed = first.ToSql();
        var second = SqlParser.Parse(printed);

        Assert.AreEqual(first, second, $"printed as: {printed}");
        Assert.AreEqual(printed, second.ToSql(), "printing is not canonical");
    }

    [TestMethod]
    public void The_whole_corpus_parses_as_one_script()
    {
        string script = string.Join(";\n", QueryCorpus.Queries) + ";;";

        var statements = SqlParser.ParseScript(script);

        Assert.AreEqual(QueryCorpus.Queries.Length, statements.Count);
        Assert.AreEqual(SqlParser.Parse(QueryCorpus.Queries[^1]), statements[^1]);
    }

    [TestMethod]
    public void Script_splitting_ignores_semicolons_inside_strings_and_comments()
    {
        var statements = SqlParser.ParseScript("SELECT ';' /* ; */; -- ;\nSELECT 2 # ;\n;");

        Assert.AreEqual(2, statements.Count);
        Assert.AreEqual(new StringLiteral(";"), ((SelectStatement)statements[0]).Items[0].Expr);
    }

    [TestMethod]
    public void An_empty_script_has_no_statements()
    {
        Assert.AreEqual(0, SqlParser.ParseScript("  ; ;\n-- nothing\n").Count);
    }
}
