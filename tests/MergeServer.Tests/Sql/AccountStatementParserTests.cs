using OceanClassic.MergeServer.Sql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Sql.Parsing;

namespace OceanClassic.MergeServer.Tests.Sql;

// The account statements' syntax as MariaDB 10.11 takes it.
[TestClass]
public sealed class AccountStatementParserTests
{
    [TestMethod]
    public void GrantReadsPrivilegeNamesOfSeveralWordsTheObjectTheAccountsAndTheOptions()
    {
        var grant = (GrantStatement)SqlParser.Parse(
            "GRANT SELECT, CREATE TEMPORARY TABLES, LOCK TABLES ON shop.* TO 'a'@'localhost' IDENTIFIED BY 'pw', b@'10.%' REQUIRE SSL WITH GRANT OPTION");
        Assert.IsFalse(grant.Revoke);
        Assert.AreEqual(Privilege.Select | Privilege.CreateTemporaryTables | Privilege.LockTables, grant.Privileges);
        Assert.AreEqual(GrantLevel.Database, grant.On!.Level);
        Assert.AreEqual("shop", grant.On.Database);
        CollectionAssert.AreEqual(new[] { new AccountName("a", "localhost"), new AccountName("b", "10.%") }, grant.Users.Select(u => u.Account).ToArray());
        Assert.AreEqual("pw", grant.Users[0].Auth!.Password);
        Assert.IsTrue(grant.WithGrantOption);
        Assert.IsTrue(grant.RequireSsl);
    }

    [TestMethod]
    public void TheObjectOfAGrantIsGlobalDatabaseOrTableAndABareNameMeansTheCurrentDatabase()
    {
        Assert.AreEqual(GrantLevel.Global, ((GrantStatement)SqlParser.Parse("GRANT ALL ON *.* TO u")).On!.Level);
        var current = ((GrantStatement)SqlParser.Parse("GRANT ALL PRIVILEGES ON * TO u")).On!;
        Assert.AreEqual(GrantLevel.Database, current.Level);
        Assert.IsTrue(current.CurrentDatabase);
        var table = ((GrantStatement)SqlParser.Parse("REVOKE INSERT ON TABLE t FROM u")).On!;
        Assert.AreEqual(GrantLevel.Table, table.Level);
        Assert.AreEqual("t", table.Table);
        Assert.IsTrue(((GrantStatement)SqlParser.Parse("REVOKE ALL PRIVILEGES, GRANT OPTION FROM u")).AllFrom);
    }

    [TestMethod]
    public void UserStatementsReadIfExistsTheHashFormAndCurrentUser()
    {
        var create = (CreateUserStatement)SqlParser.Parse("CREATE USER IF NOT EXISTS u IDENTIFIED BY PASSWORD '*7B9EBEED26AA52ED10C0F549FA863F13C39E0209'");
        Assert.IsTrue(create.IfNotExists);
        Assert.AreEqual(new AccountName("u", "%"), create.Users[0].Account);
        Assert.AreEqual("*7B9EBEED26AA52ED10C0F549FA863F13C39E0209", create.Users[0].Auth!.Hash);
        Assert.IsTrue(((DropUserStatement)SqlParser.Parse("DROP USER IF EXISTS a, 'b'@'h'")).IfExists);
        var alter = (AlterUserStatement)SqlParser.Parse("ALTER USER CURRENT_USER() IDENTIFIED VIA mysql_native_password USING PASSWORD('x')");
        Assert.AreEqual(new AccountName("", ""), alter.Users[0].Account);
        Assert.AreEqual("x", alter.Users[0].Auth!.Password);
        var set = (SetPasswordStatement)SqlParser.Parse("SET PASSWORD FOR 'u'@'%' = PASSWORD('new')");
        Assert.AreEqual("new", set.Auth.Password);
        Assert.IsInstanceOfType<SetStatement>(SqlParser.Parse("SET @password = 1"));
    }

    [TestMethod]
    public void AnUnknownPrivilegeOrAColumnListIsASyntaxError()
    {
        Assert.ThrowsExactly<SqlSyntaxException>(() => SqlParser.Parse("GRANT FLY ON *.* TO u"));
        Assert.ThrowsExactly<SqlSyntaxException>(() => SqlParser.Parse("GRANT SELECT (a) ON t TO u"));
    }
}
