namespace OceanClassic.MergeServer.Tests.Engine;

[TestClass]
public sealed class CollationTests
{
    private static async Task<EngineHarness> UsersAsync()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE users (email VARCHAR(40) PRIMARY KEY, name VARCHAR(20), code VARCHAR(10) COLLATE utf8mb4_bin)");
        await h.OkAsync("INSERT INTO users VALUES ('Bob@X.com', 'Bob', 'ab'), ('alice@y.org', 'ALICE', 'AB'), ('carol@z.net', 'carol ', 'Ab')");
        return h;
    }

    private static string[] Column(string?[][] rows) => [.. rows.Select(r => r[0] ?? "NULL")];

    [TestMethod]
    public async Task AKeyThatDiffersOnlyByCaseOrTrailingSpacesIsADuplicateAndTheStoredSpellingIsKept()
    {
        var h = await UsersAsync();
        Assert.AreEqual(1062, await h.ErrorCodeAsync("INSERT INTO users VALUES ('bob@x.com', 'other', 'x')"));
        Assert.AreEqual(1062, await h.ErrorCodeAsync("INSERT INTO users VALUES ('BOB@X.COM  ', 'other', 'x')"));
        CollectionAssert.AreEqual(new[] { "Bob@X.com" }, Column(await h.RowsAsync("SELECT email FROM users WHERE email = 'BOB@x.COM'")));
        CollectionAssert.AreEqual(new[] { "Bob@X.com" }, Column(await h.RowsAsync("SELECT email FROM users WHERE email IN ('bob@x.com ', 'nobody')")));
        CollectionAssert.AreEqual(new[] { "alice@y.org", "Bob@X.com" }, Column(await h.RowsAsync("SELECT email FROM users WHERE email < 'C' ORDER BY email")));
    }

    [TestMethod]
    public async Task ComparisonsGroupingSortingAndDistinctFollowTheColumnsCollation()
    {
        var h = await UsersAsync();
        Assert.AreEqual("1", (await h.RowsAsync("SELECT 'a' = 'A'"))[0][0]);
        Assert.AreEqual("0", (await h.RowsAsync("SELECT 'a' = 'A' COLLATE utf8mb4_bin"))[0][0]);
        Assert.AreEqual("1", (await h.RowsAsync("SELECT 'é' LIKE 'E'"))[0][0]);
        CollectionAssert.AreEqual(new[] { "ALICE", "Bob", "carol " }, Column(await h.RowsAsync("SELECT name FROM users ORDER BY name")));
        CollectionAssert.AreEqual(new[] { "carol " }, Column(await h.RowsAsync("SELECT name FROM users WHERE name = 'CAROL'")));
        CollectionAssert.AreEqual(new[] { "AB" }, Column(await h.RowsAsync("SELECT code FROM users WHERE code = 'AB'")));
        Assert.AreEqual("3", (await h.RowsAsync("SELECT COUNT(DISTINCT code) FROM users"))[0][0]);
        Assert.AreEqual("1", (await h.RowsAsync("SELECT COUNT(DISTINCT code COLLATE utf8mb4_general_ci) FROM users"))[0][0]);
        CollectionAssert.AreEqual(new[] { "AB", "Ab", "ab" }, Column(await h.RowsAsync("SELECT code FROM users ORDER BY code")));
        Assert.AreEqual(1, (await h.RowsAsync("SELECT UPPER(code) FROM users GROUP BY code COLLATE utf8mb4_general_ci")).Length);
        Assert.AreEqual("ab", (await h.RowsAsync("SELECT MAX(code) FROM users"))[0][0]);
        Assert.AreEqual(1, (await h.RowsAsync("SELECT DISTINCT LOWER(name) FROM users WHERE name LIKE 'B%'")).Length);
    }

    [TestMethod]
    public async Task CollateClausesAreRecordedAndShownAndUnknownOnesAreRefused()
    {
        var h = await UsersAsync();
        var create = (await h.RowsAsync("SHOW CREATE TABLE users"))[0][1]!;
        StringAssert.Contains(create, "`code` varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        StringAssert.Contains(create, "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
        await h.OkAsync("CREATE TABLE t2 (k VARCHAR(5) PRIMARY KEY) COLLATE utf8mb4_bin");
        await h.OkAsync("INSERT INTO t2 VALUES ('a'), ('A')");
        Assert.AreEqual(1062, await h.ErrorCodeAsync("INSERT INTO t2 VALUES ('a ')"));
        CollectionAssert.AreEqual(new[] { "A", "a" }, Column(await h.RowsAsync("SELECT k FROM t2 ORDER BY k")));
        CollectionAssert.AreEqual(new[] { "a" }, Column(await h.RowsAsync("SELECT k FROM t2 WHERE k = 'a'")));
        Assert.AreEqual(1273, await h.ErrorCodeAsync("SELECT 'a' COLLATE no_such_collation"));
        Assert.AreEqual(1253, await h.ErrorCodeAsync("SELECT 'a' COLLATE latin1_swedish_ci"));
    }

    [TestMethod]
    public async Task VarcharLengthCountsCharactersNotBytes()
    {
        var h = new EngineHarness();
        await h.OkAsync("CREATE DATABASE d");
        await h.OkAsync("USE d");
        await h.OkAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(3), c CHAR(3))");
        await h.OkAsync("INSERT INTO t VALUES (1, 'ééé', '😀😀😀')");
        await h.OkAsync("INSERT INTO t VALUES (2, 'ab     ', 'a  ')");
        Assert.AreEqual(1406, await h.ErrorCodeAsync("INSERT INTO t VALUES (3, 'éééé', 'a')"));
        Assert.AreEqual(1406, await h.ErrorCodeAsync("INSERT INTO t VALUES (3, 'a', '😀😀😀😀')"));
        var rows = await h.RowsAsync("SELECT v, c, CHAR_LENGTH(v) FROM t ORDER BY id");
        CollectionAssert.AreEqual(new[] { "ééé", "😀😀😀", "3" }, rows[0]);
        CollectionAssert.AreEqual(new[] { "ab ", "a", "3" }, rows[1]);
    }

    [TestMethod]
    public async Task JoinsAndSetOperationsMatchStringsByCollation()
    {
        var h = await UsersAsync();
        await h.OkAsync("CREATE TABLE logins (id INT PRIMARY KEY, who VARCHAR(40), code VARCHAR(10) COLLATE utf8mb4_bin)");
        await h.OkAsync("INSERT INTO logins VALUES (1, 'BOB@x.COM', 'ab'), (2, 'bob@X.com  ', 'AB'), (3, 'Alice@Y.org', 'zz'), (4, 'nobody', 'ab')");
        CollectionAssert.AreEqual(new[] { "1|Bob@X.com", "2|Bob@X.com", "3|alice@y.org" },
            (await h.RowsAsync("SELECT l.id, u.email FROM logins l JOIN users u ON u.email = l.who ORDER BY l.id")).Select(r => $"{r[0]}|{r[1]}").ToArray());
        CollectionAssert.AreEqual(new[] { "1|Bob", "2|Bob", "3|ALICE" },
            (await h.RowsAsync("SELECT l.id, u.name FROM logins l, users u WHERE u.email = l.who ORDER BY l.id")).Select(r => $"{r[0]}|{r[1]}").ToArray());
        CollectionAssert.AreEqual(new[] { "1|ab", "2|AB", "4|ab" },
            (await h.RowsAsync("SELECT l.id, u.code FROM logins l JOIN users u ON u.code = l.code ORDER BY l.id")).Select(r => $"{r[0]}|{r[1]}").ToArray());
        Assert.AreEqual(1, (await h.RowsAsync("SELECT 'abc' UNION SELECT 'ABC '")).Length);
        Assert.AreEqual(2, (await h.RowsAsync("SELECT code FROM users WHERE code = 'ab' UNION SELECT code FROM logins WHERE id = 2")).Length);
    }
}
