using System.Text;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// Dump files through the stock tools: a dump written by a real MariaDB 10.11 `mariadb-dump` (committed
// under Fixtures/, with its expected rows as MariaDB printed them) loads with a plain
// `mysql db < dump.sql`; and a `mariadb-dump` of an OceanClassic database restores into another one
// row for row. Values include 4-byte UTF-8 and BLOB/VARBINARY bytes that are not UTF-8, so files and
// outputs are compared as bytes.
[TestClass]
public sealed class DumpCompatibilityTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    private static readonly string[] ShopQueries =
    [
        "select * from customers order by id",
        "select * from orders order by order_id",
        "select id, raw, vb, flag, length(raw) from blobs order by id",
    ];

    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _cluster = await TestCluster.StartAsync(new ClusterOptions());

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    private static string[] MySqlArgs(params string[] extra) =>
        ["-h127.0.0.1", $"-P{_cluster.MergeServer.SqlPort}", "-uroot", "--protocol=tcp", "--default-character-set=utf8mb4", .. extra];

    private static async Task<byte[]> QueryBytesAsync(string database, IEnumerable<string> queries)
    {
        var output = new MemoryStream();
        foreach (var query in queries)
        {
            var (code, stdout, stderr) = await ExternalTool.RunBytesAsync("mysql", MySqlArgs("--batch", "--skip-column-names", database, "-e", query),
                TimeSpan.FromSeconds(60));
            Assert.AreEqual(0, code, $"{query}: {stderr}");
            output.Write(stdout);
        }
        return output.ToArray();
    }

    private static async Task RunSqlAsync(string sql)
    {
        var (code, output) = await ExternalTool.RunAsync("mysql", MySqlArgs("--batch"), TimeSpan.FromSeconds(60), sql);
        Assert.AreEqual(0, code, output);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ADumpWrittenByMariaDbLoadsThroughThePlainMysqlClientWithEqualData()
    {
        await RunSqlAsync("CREATE DATABASE shop;");
        var (code, _, stderr) = await ExternalTool.RunBytesAsync("mysql", MySqlArgs("shop"), TimeSpan.FromSeconds(120),
            stdinFile: Path.Combine(Fixtures, "mariadb-10.11-shop.sql"));
        Assert.AreEqual(0, code, stderr);

        var expected = await File.ReadAllBytesAsync(Path.Combine(Fixtures, "mariadb-10.11-shop.expected"));
        var actual = await QueryBytesAsync("shop", ShopQueries);
        CollectionAssert.AreEqual(expected, actual, Encoding.UTF8.GetString(actual));
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task AMariaDbDumpOfAnOceanClassicDatabaseRestoresRowForRowIntoAnother()
    {
        await RunSqlAsync("CREATE DATABASE src;");
        var (code, _, stderr) = await ExternalTool.RunBytesAsync("mysql", MySqlArgs("src"), TimeSpan.FromSeconds(120),
            stdinFile: Path.Combine(Fixtures, "mariadb-10.11-shop.sql"));
        Assert.AreEqual(0, code, stderr);

        var dumpFile = Path.Combine(_cluster.Directory, "src-dump.sql");
        (code, _, stderr) = await ExternalTool.RunBytesAsync("mariadb-dump",
            ["-h127.0.0.1", $"-P{_cluster.MergeServer.SqlPort}", "-uroot", "--protocol=tcp", $"--result-file={dumpFile}", "src"],
            TimeSpan.FromSeconds(120));
        Assert.AreEqual(0, code, stderr);

        await RunSqlAsync("CREATE DATABASE copy;");
        (code, _, stderr) = await ExternalTool.RunBytesAsync("mysql", MySqlArgs("copy"), TimeSpan.FromSeconds(120), stdinFile: dumpFile);
        Assert.AreEqual(0, code, stderr);

        var original = await QueryBytesAsync("src", ShopQueries);
        var restored = await QueryBytesAsync("copy", ShopQueries);
        Assert.IsTrue(original.Length > 100, Encoding.UTF8.GetString(original));
        CollectionAssert.AreEqual(original, restored, Encoding.UTF8.GetString(restored));
    }
}
