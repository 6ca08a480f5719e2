using System.Globalization;
using System.Text.RegularExpressions;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// The stock clients users connect with: the mysql command-line client and sysbench 1.0.
[TestClass]
public sealed partial class StockClientTests
{
    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => _cluster = await TestCluster.StartAsync(new ClusterOptions());

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync() => await _cluster.DisposeAsync();

    private static string[] MySqlArgs(params string[] extra) =>
        ["-h127.0.0.1", $"-P{_cluster.MergeServer.SqlPort}", "-uroot", "--protocol=tcp", .. extra];

    [TestMethod]
    [Timeout(120_000)]
    public async Task TheMysqlClientCreatesInsertsAndSelectsByKeyRangeAndAggregate()
    {
        const string script = """
            CREATE DATABASE shop;
            USE shop;
            CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), qty INT DEFAULT 0);
            INSERT INTO t VALUES (1,'apple',3),(2,'pear',5),(3,'fig',7);
            INSERT INTO t (id, name) VALUES (4, 'kiwi');
            SELECT name FROM t WHERE id = 2;
            SELECT id, name FROM t WHERE id BETWEEN 2 AND 3;
            SELECT COUNT(*), SUM(qty), MAX(name) FROM t;
            UPDATE t SET qty = qty + 1 WHERE id = 4;
            SELECT qty FROM t WHERE id = 4;
            """;
        var (code, output) = await ExternalTool.RunAsync("mysql", MySqlArgs("--batch", "--skip-column-names"), TimeSpan.FromSeconds(60), script);
        Assert.AreEqual(0, code, output);
        CollectionAssert.AreEqual(new[] { "pear", "2\tpear", "3\tfig", "4\t15\tpear", "1" },
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries), output);
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task SysbenchWorkloadsCompleteWithoutErrors()
    {
        var (code, output) = await ExternalTool.RunAsync("mysql", MySqlArgs("-e", "CREATE DATABASE sbtest"), TimeSpan.FromSeconds(30));
        Assert.AreEqual(0, code, output);
        string[] common =
        [
            "--db-driver=mysql", "--mysql-host=127.0.0.1", $"--mysql-port={_cluster.MergeServer.SqlPort}", "--mysql-user=root",
            "--mysql-password=", "--mysql-db=sbtest", "--db-ps-mode=disable", "--tables=2", "--table-size=2000",
        ];
        (code, output) = await ExternalTool.RunAsync("sysbench", ["oltp_read_write", .. common, "--threads=2", "prepare"], TimeSpan.FromSeconds(120));
        Assert.AreEqual(0, code, output);
        foreach (var workload in new[] { "oltp_point_select", "oltp_insert", "oltp_update_non_index", "oltp_read_write" })
        {
            (code, output) = await ExternalTool.RunAsync("sysbench", [workload, .. common, "--threads=8", "--time=4", "run"], TimeSpan.FromSeconds(60));
            Assert.AreEqual(0, code, $"{workload} aborted:\n{output}");
            var transactions = long.Parse(TransactionsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.IsTrue(transactions > 0, $"{workload} ran no transaction:\n{output}");
            var ignored = long.Parse(IgnoredErrorsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            // sysbench retries 1213/1205; anything else aborts it (exit code above). Retries stay rare.
            Assert.IsTrue(ignored * 100 <= transactions, $"{workload}: {ignored} retried errors in {transactions} transactions");
        }
    }

    [GeneratedRegex(@"transactions:\s+(\d+)")]
    private static partial Regex TransactionsLine();

    [GeneratedRegex(@"ignored errors:\s+(\d+)")]
    private static partial Regex IgnoredErrorsLine();
}
