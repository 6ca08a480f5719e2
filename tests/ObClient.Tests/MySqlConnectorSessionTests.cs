using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.ObClient.Connector;
using OceanClassic.ObClient.Errors;
using OceanClassic.ObClient.Tests.Support;

namespace OceanClassic.ObClient.Tests;

// MySqlConnector sessions opened through ObClient's layers: on a listed MergeServer, or on one the
// RootServer names (a scripted RootServer answering RsGetServers).
[TestClass]
public sealed class MySqlConnectorSessionTests
{
    private static MySqlTestServer s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => s_server = await MySqlTestServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    [TestMethod]
    public async Task AMySqlConnectorSessionOnTheListedMergeServerRunsQueriesWithTypedValues()
    {
        await using var session = await MySqlConnectorSessions.OpenAsync(s_server.ConnectionString());
        await using var command = new MySqlCommand("select types", session);
        await using var reader = await command.ExecuteReaderAsync();

        Assert.AreEqual("5.7.25-OceanClassic-0.4", session.ServerVersion);
        Assert.IsTrue(await reader.ReadAsync());
        Assert.AreEqual(42, reader.GetInt32(0));
        Assert.AreEqual(-9_000_000_000L, reader.GetInt64(1));
        Assert.AreEqual(12.34m, reader.GetDecimal(3));
        Assert.AreEqual("héllo", reader.GetString(5));
        Assert.IsTrue(reader.IsDBNull(6));
        Assert.IsFalse(await reader.ReadAsync());
    }

    [TestMethod]
    public async Task TheSessionLayerSkipsAMergeServerThatDoesNotAnswer()
    {
        var deadPort = MySqlTestServer.UnusedPort();
        var connectionString = $"Server=127.0.0.1:{deadPort},127.0.0.1:{s_server.Port};User=root;Password={MySqlTestServer.Password};ConnectTimeout=5";

        await using var session = await MySqlConnectorSessions.OpenAsync(connectionString);

        Assert.AreEqual(1L, await new MySqlCommand("select 1", session).ExecuteScalarAsync());
    }

    [TestMethod]
    public async Task AWrongPasswordEndsTheSearchWithTheServersOwnError()
    {
        var error = await Assert.ThrowsExceptionAsync<MySqlException>(() =>
            MySqlConnectorSessions.OpenAsync(s_server.ConnectionString(password: "wrong")));

        Assert.AreEqual(1045, error.Number);
        Assert.AreEqual("28000", error.SqlState);
    }

    [TestMethod]
    public async Task NoMergeServerAnsweringGives2003NamingEachServer()
    {
        var deadPort = MySqlTestServer.UnusedPort();

        var error = await Assert.ThrowsExceptionAsync<ObException>(() =>
            MySqlConnectorSessions.OpenAsync($"Server=127.0.0.1:{deadPort};ConnectTimeout=5"));

        Assert.AreEqual(ObException.CannotConnect, error.ErrorCode);
        StringAssert.Contains(error.Message, $"127.0.0.1:{deadPort}");
    }

    [TestMethod]
    public async Task ASessionOpensOnTheMergeServerTheRootServerNames()
    {
        var registry = new RpcHandlerRegistry();
        registry.Register(PacketCodes.RsGetServers, Empty.Parser, (_, _) =>
        {
            var list = new ServerListResponse();
            list.Servers.Add(new ServerInfo { Role = ServerRole.MergeServer, Address = "127.0.0.1:1", SqlAddress = "127.0.0.1:" + s_server.Port, Alive = true });
            list.Servers.Add(new ServerInfo { Role = ServerRole.MergeServer, Address = "127.0.0.1:2", SqlAddress = "127.0.0.1:3", Alive = false });
            return ValueTask.FromResult(list);
        });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(new RpcOptions());
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseConnectionHandler<RpcConnectionHandler>()));
        await using var rootServer = builder.Build();
        await rootServer.StartAsync();
        var rsPort = new Uri(rootServer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

        await using var session = await MySqlConnectorSessions.OpenAsync(
            $"RootServer=127.0.0.1:{rsPort};User=root;Password={MySqlTestServer.Password};ConnectTimeout=5");

        Assert.AreEqual(1L, await new MySqlCommand("select 1", session).ExecuteScalarAsync());
        await rootServer.StopAsync();
    }
}
