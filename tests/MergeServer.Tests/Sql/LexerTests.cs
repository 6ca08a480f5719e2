using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class LexerTests
{
    private static Expr Value(string sql) => SqlParser.ParseExpression(sql);

    [TestMethod]
    public void IntegersWidenFromLongToUlongToDecimal()
    {
        Assert.AreEqual(new Int64Literal(9223372036854775807), Value("9223372036854775807"));
        Assert.AreEqual(new UInt64Literal(9223372036854775808UL), Value("9223372036854775808"));
        Assert.AreEqual(new UInt64Literal(ulong.MaxValue), Value("18446744073709551615"));
        Assert.AreEqual(new DecimalLiteral(18446744073709551616m), Value("18446744073709551616"));
    }

    [TestMethod]
    public void FractionsAreDecimalAndExponentsAreDouble()
    {
        Assert.AreEqual(new DecimalLiteral(1.5m), Value("1.5"));
        Assert.AreEqual(new DecimalLiteral(0.5m), Value(".5"));
        Assert.AreEqual(new DoubleLiteral(1000d), Value("1e3"));
        Assert.AreEqual(new DoubleLiteral(0.015d), Value("1.5E-2"));
    }

    [TestMethod]
    [DataRow(@"'a\0b'", "a\0b")]
    [DataRow(@"'\'\""'", "'\"")]
    [DataRow(@"'\b\n\r\t\Z'", "\b\n\r\t\x1A")]
    [DataRow(@"'\\'", @"\")]
    [DataRow(@"'\%\_'", @"\%\_")]
    [DataRow(@"'\q'", "q")]
    [DataRow("'it''s'", "it's")]
    [DataRow("\"say \"\"hi\"\"\"", "say \"hi\"")]
    [DataRow("'con' \"cat\" 'enated'", "concatenated")]
    [DataRow("N'national'", "national")]
    [DataRow("_utf8mb4'introduced'", "introduced")]
    [DataRow("_utf8mb4 'introduced'", "introduced")]
    [DataRow("_latin1\n 'introduced'", "introduced")]
    public void StringsDecodeMysqlEscapesAndConcatenate(string sql, string expected)
    {
        Assert.AreEqual(new StringLiteral(expected), Value(sql));
    }

    // MySQL allows spaces between a charset introducer and its literal; before a hex literal it vanishes.
    [TestMethod]
    public void IntroducersBeforeSpacesAndHexLiteralsLeaveTheLiteral()
    {
        Assert.AreEqual(new HexLiteral("8080"), Value("_binary X'8080'"));
        Assert.AreEqual(new HexLiteral("41"), Value("_utf8mb4 0x41"));
        Assert.AreEqual(new HexLiteral("6162"), Value("_binary 'ab'"));
    }

    [TestMethod]
    public void HexLiteralsInBothSpellingsAreTheSameBytes()
    {
        Assert.AreEqual(new HexLiteral("0A"), Value("X'0a'"));
        Assert.AreEqual(new HexLiteral("0A", IsNumber: true), Value("0x0A"));
        Assert.AreEqual(new HexLiteral("0A", IsNumber: true), Value("0xA"));
        Assert.AreEqual(new HexLiteral("05", IsNumber: true), Value("b'101'"));
        CollectionAssert.AreEqual(new byte[] { 0xCA, 0xFE }, ((HexLiteral)Value("x'CAFE'")).Bytes);
    }

    [TestMethod]
    public void VariablesCarryTheirScope()
    {
        Assert.AreEqual(new SystemVariable(VariableScope.Default, "version"), Value("@@VERSION"));
        Assert.AreEqual(new SystemVariable(VariableScope.Session, "sql_mode"), Value("@@session.sql_mode"));
        Assert.AreEqual(new SystemVariable(VariableScope.Session, "sql_mode"), Value("@@local.sql_mode"));
        Assert.AreEqual(new SystemVariable(VariableScope.Global, "max_connections"), Value("@@GLOBAL.max_connections"));
        Assert.AreEqual(new UserVariable("x"), Value("@x"));
        Assert.AreEqual(new UserVariable("a b"), Value("@'a b'"));
    }

    [TestMethod]
    public void BacktickIdentifiersUnescapeDoubledBackticksAndAreNeverKeywords()
    {
        Assert.AreEqual(new ColumnRef("t", "we`ird"), Value("`t`.`we``ird`"));
        Assert.AreEqual(new ColumnRef(null, "select"), Value("`select`"));
        Assert.AreEqual("`select`", Value("`select`").ToSql());
    }

    [TestMethod]
    public void KeywordsAreCaseInsensitive()
    {
        Assert.AreEqual(SqlParser.Parse("SELECT a FROM t WHERE b IS NOT NULL"), SqlParser.Parse("select a from t where b is not null"));
    }

    [TestMethod]
    public void CommentsOfEveryKindAreSkipped()
    {
        var statement = SqlParser.Parse("SELECT /* block\n comment */ 1 -- dash comment\n + # hash comment\n 2");

        Assert.AreEqual(
            new BinaryExpr(BinaryOperator.Add, new Int64Literal(1), new Int64Literal(2)),
            ((SelectStatement)statement).Items[0].Expr);
    }

    [TestMethod]
    public void DoubleDashWithoutASpaceIsTwoMinusSigns()
    {
        Assert.AreEqual(new BinaryExpr(BinaryOperator.Subtract, new Int64Literal(5), new Int64Literal(-2)), Value("5--2"));
    }

    [TestMethod]
    public void ExecutableCommentsAreLexedAsSqlWithOrWithoutAVersion()
    {
        var create = (CreateTableStatement)SqlParser.Parse("CREATE TABLE t (a INT) /*!50100 ENGINE=InnoDB */ /*! DEFAULT CHARSET=utf8 */");

        Assert.AreEqual(new SqlList<TableOption>([new TableOption("ENGINE", "InnoDB"), new TableOption("CHARACTER SET", "utf8")]), create.Options);
        Assert.AreEqual(new SetNamesStatement("utf8", null), SqlParser.Parse("/*!40101 SET NAMES utf8 */"));
    }

    [TestMethod]
    public void OperatorsAreLexedLongestFirst()
    {
        var a = new ColumnRef(null, "a");
        var b = new ColumnRef(null, "b");
        Assert.AreEqual(new BinaryExpr(BinaryOperator.NullSafeEqual, a, b), Value("a<=>b"));
        Assert.AreEqual(new BinaryExpr(BinaryOperator.LessOrEqual, a, b), Value("a<=b"));
        Assert.AreEqual(new BinaryExpr(BinaryOperator.NotEqual, a, b), Value("a!=b"));
        Assert.AreEqual(new BinaryExpr(BinaryOperator.NotEqual, a, b), Value("a<>b"));
        Assert.AreEqual(new BinaryExpr(BinaryOperator.ShiftLeft, a, b), Value("a<<b"));
        Assert.AreEqual(new BinaryExpr(BinaryOperator.GreaterOrEqual, a, b), Value("a>=b"));
    }
}
