using System.Net;
using System.Net.Sockets;
using OceanClassic.ObClient.Configuration;
using OceanClassic.ObClient.Errors;
using OceanClassic.ObClient.Tests.Support;

namespace OceanClassic.ObClient.Tests;

[TestClass]
public sealed class ConnectionTests
{
    private static MySqlTestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => s_server = await MySqlTestServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    [TestMethod]
    public async Task WrongPasswordGets1045()
    {
        await using var connection = new ObConnection(s_server.ConnectionString(password: "wrong"));

        var error = await Assert.ThrowsExceptionAsync<ObException>(() => connection.OpenAsync());

        Assert.AreEqual(1045, error.ErrorCode);
        Assert.AreEqual("28000", error.SqlState);
        Assert.AreEqual("Access denied for user 'root'@'localhost' (using password: YES)", error.Message);
    }

    [TestMethod]
    public async Task UnknownDatabaseAtOpenGets1049()
    {
        await using var connection = new ObConnection(s_server.ConnectionString(database: "nosuchdb"));

        var error = await Assert.ThrowsExceptionAsync<ObException>(() => connection.OpenAsync());

        Assert.AreEqual(1049, error.ErrorCode);
    }

    [TestMethod]
    public async Task KnownDatabaseAtOpenIsReported()
    {
        await using var connection = new ObConnection(s_server.ConnectionString(database: "test"));
        await connection.OpenAsync();

        Assert.AreEqual("test", connection.Database);
        await connection.PingAsync();
    }

    [TestMethod]
    public async Task ServerListIsTriedInOrder()
    {
        var deadPort = MySqlTestServer.UnusedPort();
        await using var connection = new ObConnection(
            $"Server=127.0.0.1:{deadPort},127.0.0.1:{s_server.Port};User=root;Password={MySqlTestServer.Password};ConnectTimeout=5");

        await connection.OpenAsync();

        Assert.AreEqual($"127.0.0.1:{s_server.Port}", connection.DataSource);
        await connection.PingAsync();
    }

    [TestMethod]
    public async Task NoReachableServerGives2003NamingEachServer()
    {
        var deadPort = MySqlTestServer.UnusedPort();
        await using var connection = new ObConnection($"Server=127.0.0.1:{deadPort};ConnectTimeout=5");

        var error = await Assert.ThrowsExceptionAsync<ObException>(() => connection.OpenAsync());

        Assert.AreEqual(ObException.CannotConnect, error.ErrorCode);
        StringAssert.Contains(error.Message, $"127.0.0.1:{deadPort}");
    }

    [TestMethod]
    public async Task ServerThatHangsUpGivesAClearObException()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            socket.Close();
        });
        await using var connection = new ObConnection($"Server=127.0.0.1:{port};ConnectTimeout=5");

        var error = await Assert.ThrowsExceptionAsync<ObException>(() => connection.OpenAsync());
        await accept;

        StringAssert.Contains(error.Message, "closed the connection");
    }

    [TestMethod]
    public async Task MalformedPacketClosesOnlyThatConnection()
    {
        await using var healthy = new ObConnection(s_server.ConnectionString());
        await healthy.OpenAsync();
        using var raw = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(IPAddress.Loopback, s_server.Port);
        var buffer = new byte[4096];
        Assert.IsTrue(await raw.ReceiveAsync(buffer) > 0, "expected the server greeting");

        await raw.SendAsync(new byte[] { 0x05, 0x00, 0x00, 0x09, 0xde, 0xad, 0xbe, 0xef, 0x00 });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.AreEqual(0, await raw.ReceiveAsync(buffer, timeout.Token), "the server should close the malformed connection");
        await healthy.PingAsync();
        Assert.AreEqual(1L, await new ObCommand("select 1", healthy).ExecuteScalarAsync());
        await using var fresh = new ObConnection(s_server.ConnectionString());
        await fresh.OpenAsync();
        await fresh.PingAsync();
    }

    [TestMethod]
    public void ConnectionStringParsesEveryOption()
    {
        var settings = ObConnectionSettings.Parse(
            "Server=h1:1,h2;Port=2890;User=alice;Password=pw;Database=db;ConnectTimeout=3;CommandTimeout=7");

        CollectionAssert.AreEqual(new[] { new ObServerAddress("h1", 1), new ObServerAddress("h2", 2890) }, settings.Servers.ToArray());
        Assert.AreEqual("alice", settings.User);
        Assert.AreEqual("pw", settings.Password);
        Assert.AreEqual("db", settings.Database);
        Assert.AreEqual(TimeSpan.FromSeconds(3), settings.ConnectTimeout);
        Assert.AreEqual(TimeSpan.FromSeconds(7), settings.CommandTimeout);
    }

    [TestMethod]
    public void UnknownConnectionStringOptionIsRejected()
    {
        var error = Assert.ThrowsException<ArgumentException>(() => ObConnectionSettings.Parse("Server=h;Colour=blue"));

        StringAssert.Contains(error.Message, "colour", StringComparison.OrdinalIgnoreCase);
    }
}
