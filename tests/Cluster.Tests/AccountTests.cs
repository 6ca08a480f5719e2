using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MySqlConnector;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// MySQL accounts on a real cluster (issue 26 item 2): accounts the RootServer holds, privileges the
// MergeServer enforces on every statement (1142 / 1044 / 1045), a REVOKE reaching an open session, the
// accounts surviving a whole-cluster restart, and TLS on the MySQL port with a self-signed certificate
// (the stock mysql client with --ssl, MySqlConnector with SslMode=Required, an account that REQUIREs SSL).
[TestClass]
public sealed class AccountTests
{
    private static readonly string CertificateDirectory = Path.Combine(Path.GetTempPath(), $"oc-tls-{Environment.ProcessId}");

    private static readonly ClusterOptions Options = new()
    {
        Cs = 1,
        Settings = new Dictionary<string, string>
        {
            ["ssl_cert"] = Path.Combine(CertificateDirectory, "cert.pem"),
            ["ssl_key"] = Path.Combine(CertificateDirectory, "key.pem"),
        },
    };

    private static TestCluster _cluster = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        WriteSelfSignedCertificate();
        _cluster = await TestCluster.StartAsync(Options);
        await using var root = await Sql.OpenAsync(_cluster);
        foreach (var statement in new[]
        {
            "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20))",
            "CREATE TABLE shop.secrets (id INT PRIMARY KEY, code VARCHAR(20))",
            "INSERT INTO shop.items VALUES (1, 'apple'), (2, 'pear')", "INSERT INTO shop.secrets VALUES (1, 'x')",
            "CREATE DATABASE other",
        })
        {
            await root.ExecAsync(statement);
        }
    }

    [ClassCleanup(ClassCleanupBehavior.EndOfClass)]
    public static async Task StopAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(CertificateDirectory, recursive: true);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task AUserGrantedSelectOnOneTableReadsItAndGets1142OnAnotherTableAndOnAnyWrite()
    {
        await using (var root = await Sql.OpenAsync(_cluster))
        {
            await root.ExecAsync("CREATE USER 'reader'@'%' IDENTIFIED BY 'r3ad'");
            await root.ExecAsync("GRANT SELECT ON shop.items TO 'reader'@'%'");
        }

        await using var reader = await OpenAsAsync("reader", "r3ad", "shop");
        CollectionAssert.AreEqual(new[] { "1|apple", "2|pear" }, await reader.RowsAsync("SELECT id, name FROM items ORDER BY id"));
        var denied = await reader.ErrorAsync("SELECT * FROM secrets");
        Assert.AreEqual(1142, denied.ErrorCode);
        Assert.AreEqual("SELECT command denied to user 'reader'@'localhost' for table `shop`.`secrets`", denied.Message);
        foreach (var (write, command) in new[]
        {
            ("INSERT INTO items VALUES (3, 'fig')", "INSERT"), ("UPDATE items SET name = 'kiwi' WHERE id = 1", "UPDATE"),
            ("DELETE FROM items WHERE id = 2", "DELETE"), ("REPLACE INTO items VALUES (1, 'plum')", "INSERT, DELETE"),
            ("TRUNCATE TABLE items", "DROP"), ("ALTER TABLE items ADD COLUMN qty INT", "ALTER"), ("DROP TABLE items", "DROP"),
            ("CREATE TABLE fresh (id INT PRIMARY KEY)", "CREATE"),
        })
        {
            var error = await reader.ErrorAsync(write);
            Assert.AreEqual(1142, error.ErrorCode, write);
            StringAssert.StartsWith(error.Message, $"{command} command denied to user 'reader'@'localhost'", write);
        }

        Assert.AreEqual(1044, (await reader.ErrorAsync("USE other")).ErrorCode);
        CollectionAssert.AreEqual(new[] { "items" }, await reader.RowsAsync("SHOW TABLES"));
        CollectionAssert.AreEqual(new[] { "items" },
            await reader.RowsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop'"));
        CollectionAssert.AreEqual(new[] { "2|pear" }, await reader.RowsAsync("SELECT id, name FROM items WHERE id = 2"), "nothing was written");
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ARevokeReachesAnOpenSessionsNextStatementWithoutReconnecting()
    {
        await using var root = await Sql.OpenAsync(_cluster);
        await root.ExecAsync("CREATE USER 'clerk'@'%' IDENTIFIED BY 'c1erk'");
        await root.ExecAsync("GRANT SELECT, INSERT ON shop.* TO 'clerk'@'%'");
        await using var clerk = await OpenAsAsync("clerk", "c1erk", "shop");
        Assert.AreEqual(1, await clerk.ExecAsync("INSERT INTO secrets VALUES (10, 'y')"));

        await root.ExecAsync("REVOKE INSERT ON shop.* FROM 'clerk'@'%'");
        Assert.AreEqual(1142, (await clerk.ErrorAsync("INSERT INTO secrets VALUES (11, 'z')")).ErrorCode);
        CollectionAssert.AreEqual(new[] { "10|y" }, await clerk.RowsAsync("SELECT id, code FROM secrets WHERE id >= 10"));
        var grants = await root.RowsAsync("SHOW GRANTS FOR 'clerk'@'%'");
        Assert.AreEqual("GRANT SELECT ON `shop`.* TO `clerk`@`%`", grants[^1]);
    }

    [TestMethod]
    [Timeout(300_000)]
    public async Task AccountsAndGrantsSurviveAWholeClusterRestart()
    {
        await using (var root = await Sql.OpenAsync(_cluster))
        {
            await root.ExecAsync("CREATE USER 'keeper'@'%' IDENTIFIED BY 'k33p'");
            await root.ExecAsync("GRANT SELECT ON shop.items TO 'keeper'@'%'");
        }

        await _cluster.RestartAsync(Options);
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                await using var keeper = await OpenAsAsync("keeper", "k33p", "shop");
                return (await keeper.RowsAsync("SELECT name FROM items WHERE id = 1")).SequenceEqual(["apple"]);
            }
            catch (ObException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "keeper reading shop.items after the restart");
        var wrong = await Assert.ThrowsExactlyAsync<ObException>(() => OpenAsAsync("keeper", "wrong", "shop"));
        Assert.AreEqual(1045, wrong.ErrorCode);
        Assert.AreEqual("Access denied for user 'keeper'@'localhost' (using password: YES)", wrong.Message);
        var noRights = await Assert.ThrowsExactlyAsync<ObException>(() => OpenAsAsync("keeper", "k33p", "other"));
        Assert.AreEqual(1044, noRights.ErrorCode);
        Assert.AreEqual("Access denied for user 'keeper'@'%' to database 'other'", noRights.Message);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task TheStockMysqlClientWithSslConnectsOverTlsAndSeesTheCipher()
    {
        var (code, output) = await ExternalTool.RunAsync("mysql",
            ["-h", _cluster.MergeServer.Ip, "-P", _cluster.MergeServer.SqlPort.ToString(CultureInfo.InvariantCulture), "-uroot", "--ssl",
                "--batch", "--skip-column-names", "-e", "SHOW STATUS LIKE 'Ssl_cipher'; \\s"],
            TimeSpan.FromSeconds(60));
        Assert.AreEqual(0, code, output);
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"Ssl_cipher\tTLS_\w+"), output);
        StringAssert.Contains(output, "Cipher in use is TLS_", output);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task MySqlConnectorWithSslModeRequiredGetsTlsAndAnAccountThatRequiresSslIsRefusedWithoutIt()
    {
        await using (var root = await Sql.OpenAsync(_cluster))
        {
            await root.ExecAsync("CREATE USER 'secure'@'%' IDENTIFIED BY 's3cure' REQUIRE SSL");
            await root.ExecAsync("GRANT SELECT ON shop.* TO 'secure'@'%'");
        }

        await using (var tls = new MySqlConnection(ConnectorString("secure", "s3cure", MySqlSslMode.Required)))
        {
            await tls.OpenAsync();
            await using var command = new MySqlCommand("SHOW STATUS LIKE 'Ssl_version'", tls);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.IsTrue(await reader.ReadAsync());
            StringAssert.StartsWith(reader.GetString(1), "TLSv1.");
        }

        await using var plain = new MySqlConnection(ConnectorString("secure", "s3cure", MySqlSslMode.None));
        var refused = await Assert.ThrowsExactlyAsync<MySqlException>(() => plain.OpenAsync());
        Assert.AreEqual(1045, refused.Number);
    }

    private static async Task<ObConnection> OpenAsAsync(string user, string password, string database)
    {
        var connection = new ObConnection(
            $"Server={_cluster.MergeServer.Ip};Port={_cluster.MergeServer.SqlPort};User={user};Password={password};Database={database};ConnectTimeout=10;CommandTimeout=60");
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static string ConnectorString(string user, string password, MySqlSslMode mode) => new MySqlConnectionStringBuilder
    {
        Server = _cluster.MergeServer.Ip, Port = (uint)_cluster.MergeServer.SqlPort, UserID = user, Password = password, Database = "shop",
        SslMode = mode, Pooling = false,
    }.ConnectionString;

    // A self-signed certificate for localhost, written as PEM files (ssl_cert, ssl_key).
    private static void WriteSelfSignedCertificate()
    {
        Directory.CreateDirectory(CertificateDirectory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        File.WriteAllText(Path.Combine(CertificateDirectory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(CertificateDirectory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }
}
