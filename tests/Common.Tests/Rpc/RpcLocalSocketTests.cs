using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

[TestClass]
public sealed class RpcLocalSocketTests
{
    [TestMethod]
    public async Task ALoopbackCallGoesThroughTheServersLocalUnixSocketWhenItHasOne()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, localSocket: true);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, new RpcOptions());

        var echo = await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("hello"), EchoResponse.Parser, TimeSpan.FromSeconds(5), default);
        var caller = await connection.CallAsync(TestHandlers.WhoAmI, TestHandlers.Request(""), EchoResponse.Parser, TimeSpan.FromSeconds(5), default);

        Assert.IsTrue(connection.IsLocalSocket);
        Assert.AreEqual("hello", echo.Payload.ToStringUtf8());
        StringAssert.StartsWith(caller.Payload.ToStringUtf8(), "local:");
    }

    [TestMethod]
    public async Task AServerWithoutALocalSocketIsReachedOverTcp()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, new RpcOptions());

        var caller = await connection.CallAsync(TestHandlers.WhoAmI, TestHandlers.Request(""), EchoResponse.Parser, TimeSpan.FromSeconds(5), default);

        Assert.IsFalse(connection.IsLocalSocket);
        StringAssert.StartsWith(caller.Payload.ToStringUtf8(), "127.0.0.1:");
    }

    [TestMethod]
    public async Task LocalSocketsOffDialsTcpEvenWhenTheServerHasALocalSocket()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, localSocket: true);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, new RpcOptions { LocalSockets = false });

        var echo = await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("tcp"), EchoResponse.Parser, TimeSpan.FromSeconds(5), default);

        Assert.IsFalse(connection.IsLocalSocket);
        Assert.AreEqual("tcp", echo.Payload.ToStringUtf8());
    }

    [TestMethod]
    public async Task AStoppedServerFreesItsLocalSocketAndThePoolReconnectsThroughItAfterARestart()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, localSocket: true);
        await using var pool = new RpcClientPool(new RpcOptions { ConnectionsPerPeer = 1 });
        Assert.AreEqual("before", (await pool.CallAsync(server.Address, TestHandlers.Echo, TestHandlers.Request("before"), EchoResponse.Parser)).Payload.ToStringUtf8());

        await server.StopAsync();
        var down = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            pool.CallAsync(server.Address, TestHandlers.Echo, TestHandlers.Request("while down"), EchoResponse.Parser));
        await server.RestartAsync();
        var caller = await pool.CallAsync(server.Address, TestHandlers.WhoAmI, TestHandlers.Request(""), EchoResponse.Parser);

        Assert.AreEqual(RpcErrorCodes.ConnectionFailed, down.Code);
        StringAssert.StartsWith(caller.Payload.ToStringUtf8(), "local:");
    }

    [TestMethod]
    public void OnlyLiteralLoopbackAddressesHaveALocalSocket()
    {
        Assert.IsTrue(RpcLocalSocket.TryGetEndPoint("127.0.0.1", 2700, out _));
        Assert.IsTrue(RpcLocalSocket.TryGetEndPoint("::1", 2700, out _));
        Assert.IsFalse(RpcLocalSocket.TryGetEndPoint("10.0.0.5", 2700, out _));
        Assert.IsFalse(RpcLocalSocket.TryGetEndPoint("localhost", 2700, out _));
    }
}
