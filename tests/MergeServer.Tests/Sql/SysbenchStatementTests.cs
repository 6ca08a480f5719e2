using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

[TestClass]
public sealed class SysbenchStatementTests
{
    private static readonly TableName Sbtest1 = new(null, "sbtest1");

    private static ColumnRef Col(string name) => new(null, name);

    private static Int64Literal Int(long value) => new(value);

    private static SelectStatement Select(
        SqlList<SelectItem> items,
        Expr? where,
        bool distinct = false,
        SqlList<OrderByItem>? orderBy = null) =>
        new(distinct, items, [new TableSource(Sbtest1)], where, [], null, orderBy ?? [], null);

    [TestMethod]
    public void CreateTableWithExecutableCommentEngineParsesColumnsKeyAndOption()
    {
        var statement = SqlParser.Parse(
            "CREATE TABLE sbtest1(id INTEGER NOT NULL AUTO_INCREMENT, k INTEGER DEFAULT '0' NOT NULL, " +
            "c CHAR(120) DEFAULT '' NOT NULL, pad CHAR(60) DEFAULT '' NOT NULL, PRIMARY KEY (id)) /*! ENGINE = innodb */");

        var expected = new CreateTableStatement(
            Sbtest1,
            IfNotExists: false,
            [
                new ColumnDefinition("id", new SqlDataType(SqlTypeKind.Int), Nullable: false, AutoIncrement: true),
                new ColumnDefinition("k", new SqlDataType(SqlTypeKind.Int), Nullable: false, Default: new StringLiteral("0")),
                new ColumnDefinition("c", new SqlDataType(SqlTypeKind.Char, Length: 120), Nullable: false, Default: new StringLiteral(string.Empty)),
                new ColumnDefinition("pad", new SqlDataType(SqlTypeKind.Char, Length: 60), Nullable: false, Default: new StringLiteral(string.Empty)),
            ],
            [new TableConstraint(TableConstraintKind.PrimaryKey, null, [new IndexColumn("id")])],
            [new TableOption("ENGINE", "innodb")]);
        Assert.AreEqual(expected, statement);
    }

    [TestMethod]
    public void MultiRowInsertWithColumnListParsesEveryRow()
    {
        var statement = SqlParser.Parse("INSERT INTO sbtest1(k, c, pad) VALUES(5,'a-b','x'),(6,'c','y')");

        var expected = new InsertStatement(
            Sbtest1,
            ["k", "c", "pad"],
            [
                [Int(5), new StringLiteral("a-b"), new StringLiteral("x")],
                [Int(6), new StringLiteral("c"), new StringLiteral("y")],
            ],
            null,
            []);
        Assert.AreEqual(expected, statement);
    }

    [TestMethod]
    public void CreateIndexParsesNameTableAndColumn()
    {
        Assert.AreEqual(
            new CreateIndexStatement("k_1", Sbtest1, [new IndexColumn("k")], Unique: false),
            SqlParser.Parse("CREATE INDEX k_1 ON sbtest1(k)"));
    }

    [TestMethod]
    public void PointSelectParsesToEqualityFilterOnId()
    {
        Assert.AreEqual(
            Select([new SelectItem(Col("c"))], new BinaryExpr(BinaryOperator.Equal, Col("id"), Int(42))),
            SqlParser.Parse("SELECT c FROM sbtest1 WHERE id=42"));
    }

    [TestMethod]
    public void SimpleRangeParsesToBetween()
    {
        Assert.AreEqual(
            Select([new SelectItem(Col("c"))], new BetweenExpr(Col("id"), Int(10), Int(109), Negated: false)),
            SqlParser.Parse("SELECT c FROM sbtest1 WHERE id BETWEEN 10 AND 109"));
    }

    [TestMethod]
    public void SumRangeParsesToSumCallOverBetween()
    {
        var sum = new FunctionCall("SUM", [Col("k")]);
        Assert.AreEqual(
            Select([new SelectItem(sum)], new BetweenExpr(Col("id"), Int(10), Int(109), Negated: false)),
            SqlParser.Parse("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 10 AND 109"));
    }

    [TestMethod]
    public void OrderRangeParsesOrderBy()
    {
        Assert.AreEqual(
            Select([new SelectItem(Col("c"))], new BetweenExpr(Col("id"), Int(1), Int(2), Negated: false), orderBy: [new OrderByItem(Col("c"))]),
            SqlParser.Parse("SELECT c FROM sbtest1 WHERE id BETWEEN 1 AND 2 ORDER BY c"));
    }

    [TestMethod]
    public void DistinctRangeParsesDistinctFlag()
    {
        Assert.AreEqual(
            Select([new SelectItem(Col("c"))], new BetweenExpr(Col("id"), Int(1), Int(2), Negated: false), distinct: true, orderBy: [new OrderByItem(Col("c"))]),
            SqlParser.Parse("SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 1 AND 2 ORDER BY c"));
    }

    [TestMethod]
    public void IndexUpdateParsesIncrementAssignment()
    {
        Assert.AreEqual(
            new UpdateStatement(
                Sbtest1,
                null,
                [new Assignment(Col("k"), new BinaryExpr(BinaryOperator.Add, Col("k"), Int(1)))],
                new BinaryExpr(BinaryOperator.Equal, Col("id"), Int(7)),
                [],
                null),
            SqlParser.Parse("UPDATE sbtest1 SET k=k+1 WHERE id=7"));
    }

    [TestMethod]
    public void NonIndexUpdateParsesStringAssignment()
    {
        Assert.AreEqual(
            new UpdateStatement(
                Sbtest1,
                null,
                [new Assignment(Col("c"), new StringLiteral("9-8"))],
                new BinaryExpr(BinaryOperator.Equal, Col("id"), Int(7)),
                [],
                null),
            SqlParser.Parse("UPDATE sbtest1 SET c='9-8' WHERE id=7"));
    }

    [TestMethod]
    public void DeleteByIdParsesWhere()
    {
        Assert.AreEqual(
            new DeleteStatement(Sbtest1, new BinaryExpr(BinaryOperator.Equal, Col("id"), Int(7)), [], null),
            SqlParser.Parse("DELETE FROM sbtest1 WHERE id=7"));
    }

    [TestMethod]
    public void SingleRowInsertWithExplicitIdParsesFourValues()
    {
        var statement = (InsertStatement)SqlParser.Parse("INSERT INTO sbtest1 (id, k, c, pad) VALUES (7, 8, 'c', 'p')");
        CollectionAssert.AreEqual(new[] { "id", "k", "c", "pad" }, statement.Columns.ToArray());
        Assert.AreEqual(new SqlList<Expr>([Int(7), Int(8), new StringLiteral("c"), new StringLiteral("p")]), statement.Rows.Single());
    }

    [TestMethod]
    public void BeginCommitAndDropIfExistsParse()
    {
        Assert.AreEqual(new BeginStatement(), SqlParser.Parse("BEGIN"));
        Assert.AreEqual(new CommitStatement(), SqlParser.Parse("COMMIT"));
        Assert.AreEqual(new DropTableStatement([Sbtest1], IfExists: true), SqlParser.Parse("DROP TABLE IF EXISTS sbtest1"));
    }

    [TestMethod]
    public void ConnectorHandshakeStatementsParse()
    {
        Assert.AreEqual(
            new SelectStatement(false, [new SelectItem(new SystemVariable(VariableScope.Default, "version_comment"))], [], null, [], null, [], new LimitClause(Int(1))),
            SqlParser.Parse("SELECT @@version_comment LIMIT 1"));
        Assert.AreEqual(new SetNamesStatement("utf8mb4", null), SqlParser.Parse("SET NAMES utf8mb4"));
        Assert.AreEqual(
            new SetStatement([new VariableAssignment(new SystemVariable(VariableScope.Default, "autocommit"), Int(1))]),
            SqlParser.Parse("SET autocommit=1"));
        Assert.AreEqual(
            new SelectStatement(false, [new SelectItem(new FunctionCall("DATABASE", []))], [], null, [], null, [], null),
            SqlParser.Parse("SELECT DATABASE()"));
        Assert.AreEqual(new ShowStatement(ShowKind.Databases), SqlParser.Parse("SHOW DATABASES"));
        Assert.AreEqual(new ShowStatement(ShowKind.Tables), SqlParser.Parse("SHOW TABLES"));
        Assert.AreEqual(
            new SetStatement([new VariableAssignment(new SystemVariable(VariableScope.Session, "sql_mode"), new StringLiteral("STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"))]),
            SqlParser.Parse("SET SESSION sql_mode='STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'"));
    }
}
