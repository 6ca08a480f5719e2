using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class StatementShapeTests
{
    private static T Parse<T>(string sql)
        where T : Statement => (T)SqlParser.Parse(sql);

    [TestMethod]
    public void CreateDatabaseKeepsCharsetAndCollation()
    {
        Assert.AreEqual(
            new CreateDatabaseStatement("shop", IfNotExists: true, "utf8mb4", "utf8mb4_bin"),
            SqlParser.Parse("CREATE SCHEMA IF NOT EXISTS shop DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin"));
    }

    [TestMethod]
    public void ColumnAttributesAreAcceptedInAnyOrder()
    {
        var first = Parse<CreateTableStatement>("CREATE TABLE t (a INT NOT NULL DEFAULT -1 COMMENT 'x' AUTO_INCREMENT UNIQUE KEY)");
        var second = Parse<CreateTableStatement>("CREATE TABLE t (a INT UNIQUE COMMENT 'x' AUTO_INCREMENT DEFAULT -1 NOT NULL)");

        Assert.AreEqual(first, second);
        Assert.AreEqual(
            new ColumnDefinition("a", new SqlDataType(SqlTypeKind.Int), Nullable: false, Default: new Int64Literal(-1), AutoIncrement: true, Unique: true, Comment: "x"),
            first.Columns[0]);
    }

    [TestMethod]
    [DataRow("TINYINT(4) UNSIGNED", SqlTypeKind.TinyInt, 4, null, null, true)]
    [DataRow("INTEGER", SqlTypeKind.Int, null, null, null, false)]
    [DataRow("BIGINT ZEROFILL", SqlTypeKind.BigInt, null, null, null, true)]
    [DataRow("DECIMAL(12,4)", SqlTypeKind.Decimal, null, 12, 4, false)]
    [DataRow("NUMERIC", SqlTypeKind.Decimal, null, null, null, false)]
    [DataRow("DOUBLE PRECISION", SqlTypeKind.Double, null, null, null, false)]
    [DataRow("REAL(8,2)", SqlTypeKind.Double, null, 8, 2, false)]
    [DataRow("VARCHAR(64)", SqlTypeKind.VarChar, 64, null, null, false)]
    [DataRow("CHAR", SqlTypeKind.Char, null, null, null, false)]
    [DataRow("DATETIME(6)", SqlTypeKind.DateTime, null, 6, null, false)]
    [DataRow("BOOLEAN", SqlTypeKind.Bool, null, null, null, false)]
    [DataRow("VARBINARY(8)", SqlTypeKind.VarBinary, 8, null, null, false)]
    public void ColumnTypesMapToSqlDataType(string type, SqlTypeKind kind, int? length, int? precision, int? scale, bool unsigned)
    {
        var create = Parse<CreateTableStatement>($"CREATE TABLE t (a {type})");

        var actual = create.Columns[0].Type;
        Assert.AreEqual(kind, actual.Kind);
        Assert.AreEqual(length, actual.Length);
        Assert.AreEqual(precision, actual.Precision);
        Assert.AreEqual(scale, actual.Scale);
        Assert.AreEqual(unsigned, actual.Unsigned);
    }

    [TestMethod]
    public void TableOptionsMayBeSeparatedByCommasOrSpaces()
    {
        var create = Parse<CreateTableStatement>("CREATE TABLE db.t (a INT) ENGINE InnoDB, DEFAULT CHARACTER SET = utf8 COMMENT 'hi' AUTO_INCREMENT=5");

        Assert.AreEqual(new TableName("db", "t"), create.Table);
        Assert.AreEqual(
            new SqlList<TableOption>([
                new TableOption("ENGINE", "InnoDB"),
                new TableOption("CHARACTER SET", "utf8"),
                new TableOption("COMMENT", "hi", IsString: true),
                new TableOption("AUTO_INCREMENT", "5"),
            ]),
            create.Options);
    }

    [TestMethod]
    public void SetScopesFollowMysqlRules()
    {
        var set = Parse<SetStatement>("SET GLOBAL a = 1, b = 2, @@session.c = 3, @u = 4, d = OFF");

        CollectionAssert.AreEqual(
            new Expr[]
            {
                new SystemVariable(VariableScope.Global, "a"),
                new SystemVariable(VariableScope.Global, "b"),
                new SystemVariable(VariableScope.Session, "c"),
                new UserVariable("u"),
                new SystemVariable(VariableScope.Global, "d"),
            },
            set.Assignments.Select(a => a.Variable).ToArray());
        Assert.AreEqual(new StringLiteral("OFF"), set.Assignments[4].Value);
    }

    [TestMethod]
    public void SetTransactionParsesIsolationAndAccessMode()
    {
        Assert.AreEqual(
            new SetTransactionStatement(VariableScope.Global, IsolationLevel.RepeatableRead, ReadOnly: false),
            SqlParser.Parse("SET GLOBAL TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE"));
    }

    [TestMethod]
    public void DescribeAndShowColumnsAreTheSameStatement()
    {
        var expected = new ShowStatement(ShowKind.Columns, new TableName(null, "t"));

        Assert.AreEqual(expected, SqlParser.Parse("DESCRIBE t"));
        Assert.AreEqual(expected, SqlParser.Parse("DESC t"));
        Assert.AreEqual(expected, SqlParser.Parse("SHOW COLUMNS FROM t"));
        Assert.AreEqual(expected with { Full = true }, SqlParser.Parse("SHOW FULL FIELDS IN t"));
    }

    [TestMethod]
    public void ShowVariablesKeepsScopeAndPattern()
    {
        Assert.AreEqual(
            new ShowStatement(ShowKind.Variables, Scope: VariableScope.Session, Like: "sql_mode"),
            SqlParser.Parse("SHOW SESSION VARIABLES LIKE 'sql_mode'"));
    }

    [TestMethod]
    public void InsertSetFormIsNormalisedToASingleValuesRow()
    {
        Assert.AreEqual(SqlParser.Parse("INSERT INTO t (a, b) VALUES (1, 'x')"), SqlParser.Parse("INSERT t SET a = 1, b = 'x'"));
    }

    [TestMethod]
    public void LimitFormsAgreeOnCountAndOffset()
    {
        var expected = new LimitClause(new Int64Literal(10), new Int64Literal(20));

        Assert.AreEqual(expected, Parse<SelectStatement>("SELECT a FROM t LIMIT 20, 10").Limit);
        Assert.AreEqual(expected, Parse<SelectStatement>("SELECT a FROM t LIMIT 10 OFFSET 20").Limit);
    }

    [TestMethod]
    public void JoinsNestToTheLeft()
    {
        var select = Parse<SelectStatement>("SELECT * FROM a x LEFT JOIN b ON x.id = b.id JOIN c ON c.id = b.id");

        var outer = (JoinedTable)select.From.Single();
        Assert.AreEqual(JoinKind.Inner, outer.Kind);
        Assert.AreEqual(new TableSource(new TableName(null, "c")), outer.Right);
        var inner = (JoinedTable)outer.Left;
        Assert.AreEqual(JoinKind.Left, inner.Kind);
        Assert.AreEqual(new TableSource(new TableName(null, "a"), "x"), inner.Left);
    }

    [TestMethod]
    public void AggregatesRecordStarAndDistinct()
    {
        var select = Parse<SelectStatement>("SELECT COUNT(*), count(DISTINCT c) FROM t");

        Assert.AreEqual(new FunctionCall("COUNT", [], Star: true), select.Items[0].Expr);
        Assert.AreEqual(new FunctionCall("COUNT", [new ColumnRef(null, "c")], Distinct: true), select.Items[1].Expr);
    }

    [TestMethod]
    public void OceanbaseAdminCommandsParse()
    {
        Assert.AreEqual(new AlterSystemStatement(AlterSystemCommand.MajorFreeze), SqlParser.Parse("alter system major freeze"));
        Assert.AreEqual(
            new AlterSystemStatement(AlterSystemCommand.SwitchUpsMaster, "10.0.0.2:2700"),
            SqlParser.Parse("ALTER SYSTEM SWITCH UPS MASTER TO '10.0.0.2:2700'"));
        Assert.AreEqual(new KillStatement(7, QueryOnly: true), SqlParser.Parse("KILL QUERY 7"));
        Assert.IsInstanceOfType<SelectStatement>(Parse<ExplainStatement>("EXPLAIN SELECT 1").Statement);
    }

    [TestMethod]
    public void PreparedStatementMarkersAreNumberedInTextOrder()
    {
        var update = Parse<UpdateStatement>("UPDATE t SET a = ? WHERE id = ? LIMIT ?");

        Assert.AreEqual(new ParameterMarker(0), update.Assignments[0].Value);
        Assert.AreEqual(new BinaryExpr(BinaryOperator.Equal, new ColumnRef(null, "id"), new ParameterMarker(1)), update.Where);
        Assert.AreEqual(new LimitClause(new ParameterMarker(2)), update.Limit);
    }
}
