using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

// The DDL grammar of ALTER TABLE column and table actions, RENAME TABLE, CREATE TABLE LIKE / AS SELECT,
// CHECK and FOREIGN KEY: each statement parses, prints canonically and parses back to the same tree.
[TestClass]
public sealed class DdlStatementParserTests
{
    [TestMethod]
    [DataRow("ALTER TABLE t ADD COLUMN a INT DEFAULT 1 FIRST, ADD b VARCHAR(3) NOT NULL AFTER a, DROP COLUMN IF EXISTS c")]
    [DataRow("ALTER TABLE t MODIFY COLUMN a BIGINT UNSIGNED NOT NULL AFTER b, CHANGE COLUMN b bb VARCHAR(5) DEFAULT 'x'")]
    [DataRow("ALTER TABLE t RENAME COLUMN a TO b, ALTER COLUMN b SET DEFAULT 5, ALTER COLUMN c DROP DEFAULT, RENAME TO d.u")]
    [DataRow("ALTER TABLE t ENGINE = InnoDB COMMENT = 'x', ADD CONSTRAINT c1 CHECK (a > 0), DROP CONSTRAINT c2, DROP FOREIGN KEY f")]
    [DataRow("ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a, b) REFERENCES p (x, y) ON DELETE CASCADE ON UPDATE SET NULL")]
    [DataRow("CREATE TABLE t (a INT CHECK (a > 0), b INT, CHECK (b < a), CONSTRAINT fk FOREIGN KEY (b) REFERENCES p (id))")]
    [DataRow("CREATE TABLE t (ts TIMESTAMP(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP) AUTO_INCREMENT = 10 COMMENT = 'c'")]
    [DataRow("CREATE TABLE IF NOT EXISTS t LIKE d.s")]
    [DataRow("CREATE TABLE t AS SELECT a, b FROM s WHERE a > 1")]
    [DataRow("CREATE TABLE t (id INT PRIMARY KEY) ENGINE = InnoDB AS SELECT id FROM s")]
    [DataRow("RENAME TABLE a TO tmp, b TO a, tmp TO d.b")]
    [DataRow("TRUNCATE TABLE d.t")]
    public void DdlStatementsPrintAndParseBackToTheSameTree(string sql)
    {
        var first = SqlParser.Parse(sql);
        var printed = first.ToSql();
        Assert.AreEqual(first, SqlParser.Parse(printed), $"printed as: {printed}");
    }

    [TestMethod]
    public void TheParsedFormsCarryWhatTheExecutorsNeed()
    {
        var alter = (AlterTableStatement)SqlParser.Parse("ALTER TABLE t ADD x INT AFTER a, CHANGE b c INT FIRST, COMMENT 'z', DROP PRIMARY KEY");
        Assert.AreEqual("a", ((AddColumnAction)alter.Actions[0]).Position!.After);
        var change = (ModifyColumnAction)alter.Actions[1];
        Assert.AreEqual("b", change.OldName);
        Assert.AreEqual("c", change.Column.Name);
        Assert.IsNull(change.Position!.After, "FIRST");
        Assert.AreEqual("COMMENT", ((TableOptionsAction)alter.Actions[2]).Options[0].Name);
        Assert.AreEqual(DropConstraintKind.PrimaryKey, ((DropConstraintAction)alter.Actions[3]).Kind);
        var create = (CreateTableStatement)SqlParser.Parse("CREATE TABLE c (id INT) SELECT 1 AS id");
        Assert.IsNotNull(create.AsSelect);
        Assert.AreEqual(1, create.Columns.Count);
        var fk = ((CreateTableStatement)SqlParser.Parse("CREATE TABLE c (a INT, FOREIGN KEY (a) REFERENCES p (id) ON DELETE NO ACTION)")).Constraints[0];
        Assert.AreEqual(TableConstraintKind.ForeignKey, fk.Kind);
        Assert.AreEqual("NO ACTION", fk.References!.OnDelete);
    }

    [TestMethod]
    [DataRow("ALTER TABLE t DROP CHECK c")]
    [DataRow("ALTER TABLE t ADD CONSTRAINT CHECK")]
    [DataRow("RENAME TABLE a b")]
    [DataRow("CREATE TABLE t LIKE")]
    public void MalformedDdlIsASyntaxError(string sql) =>
        Assert.ThrowsException<SqlSyntaxException>(() => SqlParser.Parse(sql));
}
