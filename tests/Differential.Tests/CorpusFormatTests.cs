using OceanClassic.Differential.Tests.Support;

namespace OceanClassic.Differential.Tests;

// The harness itself: how a corpus file splits into statements and how two outcomes compare.
[TestClass]
public sealed class CorpusFormatTests
{
    [TestMethod]
    public void StatementsEndAtASemicolonOnTheEndOfALineAndKeepTheirFirstLine()
    {
        var statements = CorpusFile.Parse([
            "-- a comment",
            "",
            "SELECT 'a;b'",
            "  FROM t;",
            "-- skip-compare: the time differs",
            "SELECT NOW();",
            "SELECT 1; ",
        ]);

        Assert.AreEqual(3, statements.Count);
        Assert.AreEqual(3, statements[0].Line);
        Assert.AreEqual("SELECT 'a;b'\n  FROM t", statements[0].Text);
        Assert.IsNull(statements[0].SkipReason);
        Assert.AreEqual("the time differs", statements[1].SkipReason);
        Assert.AreEqual(6, statements[1].Line);
        Assert.IsNull(statements[2].SkipReason);
        Assert.AreEqual("SELECT 1", statements[2].Text);
    }

    [TestMethod]
    public void AStatementWithoutItsSemicolonAtTheEndIsAFormatError()
    {
        Assert.ThrowsException<FormatException>(() => CorpusFile.Parse(["SELECT 1; SELECT 2"]));
        Assert.ThrowsException<FormatException>(() => CorpusFile.Parse(["-- skip-compare:", "SELECT 1;"]));
    }

    [TestMethod]
    public void OnlyATopLevelOrderByMakesRowOrderCount()
    {
        Assert.IsTrue(SqlText.HasTopLevelOrderBy("SELECT a FROM t ORDER BY a"));
        Assert.IsTrue(SqlText.HasTopLevelOrderBy("(SELECT a FROM t) UNION (SELECT b FROM u) order\n by 1"));
        Assert.IsFalse(SqlText.HasTopLevelOrderBy("SELECT a FROM (SELECT a FROM t ORDER BY a) x"));
        Assert.IsFalse(SqlText.HasTopLevelOrderBy("SELECT 'ORDER BY', `order by`, ROW_NUMBER() OVER (ORDER BY a) FROM t"));
        Assert.IsFalse(SqlText.HasTopLevelOrderBy("SELECT a FROM t -- ORDER BY a"));
    }

    [TestMethod]
    public void RowsCompareAsAMultisetUnlessOrderedAndNullDiffersFromItsName()
    {
        var ab = Rows(["a"], ["b"]);
        var ba = Rows(["b"], ["a"]);
        Assert.IsTrue(ab.SameAs(ba, ordered: false));
        Assert.IsFalse(ab.SameAs(ba, ordered: true));
        Assert.IsFalse(Rows(new string?[] { null }).SameAs(Rows(["NULL"]), ordered: false));
        Assert.IsFalse(Rows(["a", "b"]).SameAs(Rows(["a", "b"], ["a", "b"]), ordered: false));
        Assert.IsFalse(Rows(["a|b", "c"]).SameAs(Rows(["a", "b|c"]), ordered: false));
    }

    [TestMethod]
    public void ErrorsCompareByCodeAndOksByAffectedRows()
    {
        Assert.IsTrue(new StatementOutcome { ErrorCode = 1146, ErrorMessage = "x" }.SameAs(new StatementOutcome { ErrorCode = 1146, ErrorMessage = "y" }, false));
        Assert.IsFalse(new StatementOutcome { ErrorCode = 1146 }.SameAs(new StatementOutcome { ErrorCode = 1054 }, false));
        Assert.IsFalse(new StatementOutcome { ErrorCode = 1146 }.SameAs(new StatementOutcome(), false));
        Assert.IsTrue(new StatementOutcome { AffectedRows = 2 }.SameAs(new StatementOutcome { AffectedRows = 2 }, false));
        Assert.IsFalse(new StatementOutcome { AffectedRows = 2 }.SameAs(new StatementOutcome { AffectedRows = 3 }, false));
        Assert.IsFalse(new StatementOutcome().SameAs(Rows(), false));
    }

    [TestMethod]
    public void ColumnLabelsMustMatch()
    {
        var a = new StatementOutcome { ResultSets = [new StatementOutcome.ResultSet(["x"], [])] };
        var b = new StatementOutcome { ResultSets = [new StatementOutcome.ResultSet(["X"], [])] };
        Assert.IsFalse(a.SameAs(b, false));
    }

    [TestMethod]
    public void EveryCorpusFileParsesAndHasADistinctDatabase()
    {
        var names = CorpusFile.Names().ToList();
        Assert.IsTrue(names.Count > 0);
        foreach (var name in names)
            Assert.IsTrue(CorpusFile.Read(name).Count > 0, name);
        Assert.AreEqual(names.Count, names.Select(CorpusRunner.DatabaseFor).Distinct().Count());
    }

    private static StatementOutcome Rows(params string?[][] rows) =>
        new() { ResultSets = [new StatementOutcome.ResultSet([.. Enumerable.Range(0, rows.Length == 0 ? 1 : rows[0].Length).Select(i => $"c{i}")], rows)] };
}
