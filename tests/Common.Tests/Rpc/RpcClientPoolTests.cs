using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

[TestClass]
public sealed class RpcClientPoolTests
{
    [TestMethod]
    public async Task CallsAreSpreadRoundRobinOverConnectionsPerPeerConnections()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var pool = new RpcClientPool(new RpcOptions { ConnectionsPerPeer = 3 });

        var callers = new HashSet<string>();
        for (int i = 0; i < 9; i++)
        {
            var response = await pool.CallAsync(server.Address, TestHandlers.WhoAmI, TestHandlers.Request(""), EchoResponse.Parser);
            callers.Add(response.Payload.ToStringUtf8());
        }

        Assert.AreEqual(3, callers.Count);
    }

    [TestMethod]
    public async Task AfterTheServerRestartsOnTheSamePortThePoolReconnectsAndTheNextCallSucceeds()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var pool = new RpcClientPool(new RpcOptions { ConnectionsPerPeer = 1 });
        var first = await pool.CallAsync(server.Address, TestHandlers.Echo, TestHandlers.Request("before"), EchoResponse.Parser);
        Assert.AreEqual("before", first.Payload.ToStringUtf8());

        await server.StopAsync();
        var down = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            pool.CallAsync(server.Address, TestHandlers.Echo, TestHandlers.Request("while down"), EchoResponse.Parser));
        Assert.AreEqual(RpcErrorCodes.ConnectionFailed, down.Code);

        await server.RestartAsync();
        var after = await pool.CallAsync(server.Address, TestHandlers.Echo, TestHandlers.Request("after"), EchoResponse.Parser);

        Assert.AreEqual("after", after.Payload.ToStringUtf8());
    }

    [TestMethod]
    public async Task TheDefaultTimeoutComesFromRpcOptions()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var pool = new RpcClientPool(new RpcOptions { DefaultTimeout = TimeSpan.FromMilliseconds(150) });

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            pool.CallAsync(server.Address, TestHandlers.Hang, TestHandlers.Request("x"), EchoResponse.Parser));

        Assert.AreEqual(RpcErrorCodes.Timeout, ex.Code);
    }
}
