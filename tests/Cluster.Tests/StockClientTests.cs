using System.Globalization;
using System.Text.RegularExpressions;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// The stock clients users connect with: the mysql command-line client, sysbench 1.0 (text and
// server-side prepared statements) and Perl DBI with DBD::MariaDB (MariaDB Connector/C's binary protocol).
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
    public Task SysbenchWorkloadsCompleteWithoutErrors() => RunSysbenchAsync("sbtest", "disable");

    // --db-ps-mode=auto (sysbench's default): every statement is a COM_STMT_PREPARE'd statement
    // executed with binary parameters, and SELECTs return binary rows.
    [TestMethod]
    [Timeout(300_000)]
    public Task SysbenchWorkloadsCompleteWithServerSidePreparedStatements() => RunSysbenchAsync("sbps", "auto");

    [TestMethod]
    [Timeout(120_000)]
    public async Task ADbdMariaDbClientWithServerSidePreparedStatementsWritesAndReadsTypedValues()
    {
        const string script = """
            use strict; use warnings; use DBI;
            binmode(STDOUT, ":utf8");
            my $dbh = DBI->connect("DBI:MariaDB:host=127.0.0.1;port=$ARGV[0];mariadb_server_prepare=1", "root", "", {RaiseError => 1, PrintError => 0});
            $dbh->do("CREATE DATABASE ps"); $dbh->do("USE ps");
            $dbh->do("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2), ratio DOUBLE, at DATETIME, d DATE, n INT)");
            my $ins = $dbh->prepare("INSERT INTO t (id, name, price, ratio, at, d, n) VALUES (?, ?, ?, ?, ?, ?, ?)");
            $ins->execute(1, "it's \"quoted\"", "12.34", 2.5, "2024-01-02 03:04:05", "2024-02-29", undef);
            $ins->bind_param(1, -7, DBI::SQL_INTEGER()); $ins->bind_param(2, "h\x{e9}llo"); $ins->bind_param(3, "-0.50");
            $ins->bind_param(4, 1e300, DBI::SQL_DOUBLE()); $ins->bind_param(5, "1999-12-31 23:59:59"); $ins->bind_param(6, "2000-01-01");
            $ins->bind_param(7, 42, DBI::SQL_INTEGER());
            $ins->execute();
            my $sel = $dbh->prepare("SELECT id, name, price, ratio, at, d, n FROM t WHERE id >= ? ORDER BY id LIMIT ?");
            for my $args ([-100, 10], [0, 1]) {
              $sel->bind_param(1, $args->[0], DBI::SQL_INTEGER()); $sel->bind_param(2, $args->[1], DBI::SQL_INTEGER());
              $sel->execute();
              while (my @r = $sel->fetchrow_array) { print join("|", map { defined $_ ? $_ : "NULL" } @r), "\n"; }
            }
            my $agg = $dbh->prepare("SELECT COUNT(*), SUM(price) FROM t"); $agg->execute(); print join("|", $agg->fetchrow_array), "\n";
            print "updated ", $dbh->prepare("UPDATE t SET n = n + ? WHERE id = ?")->execute(5, -7), "\n";
            print "n=", $dbh->selectrow_arrayref("SELECT n FROM t WHERE id = ?", undef, -7)->[0], "\n";
            eval { $dbh->prepare("SELECT * FROM nosuch WHERE id = ?") }; print "error ", $DBI::err, "\n";
            eval { $dbh->prepare("SELEC 1") }; print "error ", $DBI::err, "\n";
            """;
        var (code, output) = await ExternalTool.RunAsync("perl", ["-", $"{_cluster.MergeServer.SqlPort}"], TimeSpan.FromSeconds(60), script);
        Assert.AreEqual(0, code, output);
        CollectionAssert.AreEqual(new[]
        {
            "-7|h\u00e9llo|-0.50|1e+300|1999-12-31 23:59:59|2000-01-01|42",
            "1|it's \"quoted\"|12.34|2.5|2024-01-02 03:04:05|2024-02-29|NULL",
            "1|it's \"quoted\"|12.34|2.5|2024-01-02 03:04:05|2024-02-29|NULL",
            "2|11.84",
            "updated 1",
            "n=47",
            "error 1146",
            "error 1064",
        }, output.Split('\n', StringSplitOptions.RemoveEmptyEntries), output);
    }

    private static async Task RunSysbenchAsync(string database, string psMode)
    {
        var (code, output) = await ExternalTool.RunAsync("mysql", MySqlArgs("-e", $"CREATE DATABASE {database}"), TimeSpan.FromSeconds(30));
        Assert.AreEqual(0, code, output);
        string[] common =
        [
            "--db-driver=mysql", "--mysql-host=127.0.0.1", $"--mysql-port={_cluster.MergeServer.SqlPort}", "--mysql-user=root",
            "--mysql-password=", $"--mysql-db={database}", $"--db-ps-mode={psMode}", "--tables=2", "--table-size=2000",
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
