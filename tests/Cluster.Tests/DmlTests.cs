using System.Globalization;
using System.Text;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// Upserts racing on one key (primary or UNIQUE), and LOAD DATA LOCAL INFILE through the stock mysql client, on a real cluster.
[TestClass]
public sealed class DmlTests
{
    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _cluster = await TestCluster.StartAsync(new ClusterOptions());

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    private static string[] MySqlArgs(params string[] extra) =>
        ["-h127.0.0.1", $"-P{_cluster.MergeServer.SqlPort}", "-uroot", "--protocol=tcp", .. extra];

    [TestMethod]
    [Timeout(600_000)]
    public async Task TwoSessionsUpsertingOneKeyAThousandTimesEachCountEveryUpsertWithoutADuplicateKeyError()
    {
        await using (var setup = await Sql.OpenAsync(_cluster))
        {
            await setup.ExecAsync("CREATE DATABASE ups");
            await setup.ExecAsync("CREATE TABLE ups.counter (id INT PRIMARY KEY, n INT NOT NULL)");
        }
        const int each = 1000;
        async Task<long> UpsertsAsync()
        {
            await using var connection = await Sql.OpenAsync(_cluster, "ups");
            long affected = 0;
            for (var i = 0; i < each; i++)
                affected += await connection.ExecAsync("INSERT INTO counter (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE n = n + 1");
            return affected;
        }
        var sessions = await Task.WhenAll(Task.Run(UpsertsAsync), Task.Run(UpsertsAsync));
        await using var check = await Sql.OpenAsync(_cluster, "ups");
        Assert.AreEqual((2 * each).ToString(CultureInfo.InvariantCulture), (await check.RowsAsync("SELECT n FROM counter WHERE id = 1")).Single());
        // One insert (1) and 1,999 updates that changed the row (2 each), as MySQL counts them.
        Assert.AreEqual(1 + (2L * ((2 * each) - 1)), sessions.Sum());
    }

    [TestMethod]
    [Timeout(600_000)]
    public async Task SessionsUpsertingAndReplacingByAUniqueSecondaryKeyConcurrentlyLeaveOneRowPerValueAndLoseNoUpdate()
    {
        await using (var setup = await Sql.OpenAsync(_cluster))
        {
            await setup.ExecAsync("CREATE DATABASE upsu");
            await setup.ExecAsync("CREATE TABLE upsu.accounts (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(40) NOT NULL, n INT NOT NULL, UNIQUE KEY uk_email (email))");
            await setup.ExecAsync("CREATE TABLE upsu.codes (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL, session INT NOT NULL, UNIQUE KEY uk_code (code))");
        }
        const int sessions = 4, each = 150, emails = 5, codes = 3;
        async Task UpsertsAsync(int session)
        {
            await using var connection = await Sql.OpenAsync(_cluster, "upsu");
            for (var i = 0; i < each; i++)
            {
                // Alternate the letter case: the UNIQUE key compares by utf8mb4_general_ci.
                var email = (i % 2 == 0 ? "user" : "USER") + ((i + session) % emails).ToString(CultureInfo.InvariantCulture) + "@x.com";
                await connection.ExecAsync($"INSERT INTO accounts (email, n) VALUES ('{email}', 1) ON DUPLICATE KEY UPDATE n = n + 1");
                var id = (session * each) + i + 1;
                var code = "c" + ((i + session) % codes).ToString(CultureInfo.InvariantCulture);
                await connection.ExecAsync($"REPLACE INTO codes VALUES ({id}, '{code}', {session})");
            }
        }
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(s => Task.Run(() => UpsertsAsync(s))));
        await using var check = await Sql.OpenAsync(_cluster, "upsu");
        // One row per e-mail, and every upsert counted exactly once.
        Assert.AreEqual($"{emails}|{sessions * each}", (await check.RowsAsync("SELECT COUNT(*), SUM(n) FROM accounts")).Single());
        Assert.AreEqual(emails.ToString(CultureInfo.InvariantCulture), (await check.RowsAsync("SELECT COUNT(DISTINCT LOWER(email)) FROM accounts")).Single());
        // One row per code, whose index row agrees with the base row (read through the index and without it).
        Assert.AreEqual(codes.ToString(CultureInfo.InvariantCulture), (await check.RowsAsync("SELECT COUNT(*) FROM codes")).Single());
        for (var c = 0; c < codes; c++)
        {
            var viaIndex = await check.RowsAsync($"SELECT id FROM codes WHERE code = 'c{c}'");
            var viaScan = await check.RowsAsync($"SELECT id FROM codes WHERE CONCAT(code, '') = 'c{c}'");
            Assert.AreEqual(1, viaIndex.Count);
            CollectionAssert.AreEqual(viaScan, viaIndex);
        }
    }

    [TestMethod]
    [Timeout(600_000)]
    public async Task LoadDataLocalOfAHundredThousandLinesThroughTheMysqlClientLoadsEveryRowAsWritten()
    {
        const int lines = 100_000;
        var file = Path.Combine(Path.GetTempPath(), $"oc-load-{Guid.NewGuid():N}.csv");
        var text = new StringBuilder("id,name,qty,note\n");
        for (var i = 1; i <= lines; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i},\"name {i}, \"\"q\"\"\",{i % 1000},{(i % 10 == 0 ? "\\N" : "n" + i)}\n");
        await File.WriteAllTextAsync(file, text.ToString());
        try
        {
            var script = $"""
                CREATE DATABASE ld;
                USE ld;
                CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, qty INT NOT NULL, note VARCHAR(20));
                LOAD DATA LOCAL INFILE '{file}' INTO TABLE t FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\n' IGNORE 1 LINES;
                SELECT ROW_COUNT();
                SELECT COUNT(*), SUM(qty), SUM(note IS NULL), MIN(id), MAX(id) FROM t;
                SELECT name, qty, note FROM t WHERE id IN (1, 70, 99999) ORDER BY id;
                """;
            var (code, output) = await ExternalTool.RunAsync("mysql", MySqlArgs("--local-infile=1", "--batch", "--skip-column-names", "--raw"),
                TimeSpan.FromSeconds(500), script);
            Assert.AreEqual(0, code, output);
            var expectedSum = Enumerable.Range(1, lines).Sum(i => (long)(i % 1000));
            CollectionAssert.AreEqual(new[]
            {
                "100000",
                $"100000\t{expectedSum}\t10000\t1\t100000",
                "name 1, \"q\"\t1\tn1",
                "name 70, \"q\"\t70\tNULL",
                "name 99999, \"q\"\t999\tn99999",
            }, output.Split('\n', StringSplitOptions.RemoveEmptyEntries), output);

            var (refused, message) = await ExternalTool.RunAsync("mysql", MySqlArgs("--local-infile=0", "ld"), TimeSpan.FromSeconds(60),
                $"LOAD DATA LOCAL INFILE '{file}' INTO TABLE t;");
            Assert.AreNotEqual(0, refused);
            StringAssert.Contains(message, "ERROR 4166", message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
