using System.Net;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// RpcException.MayHaveReachedPeer: false only when the request certainly was not sent (a failed dial,
// a connection already closed), true once it may have been written to the peer.
[TestClass]
public sealed class RpcDeliveryTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [TestMethod]
    public async Task ADialThatFailsSaysTheRequestNeverReachedThePeer()
    {
        var handlers = new TestHandlers();
        var server = await RpcTestServer.StartAsync(handlers.Registry);
        var address = server.Address;
        await server.StopAsync();

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => RpcConnection.ConnectAsync(address, new RpcOptions()));

        Assert.AreEqual(RpcErrorCodes.ConnectionFailed, ex.Code);
        Assert.IsFalse(ex.MayHaveReachedPeer);
    }

    [TestMethod]
    public async Task ACallOnAConnectionThatIsAlreadyClosedSaysTheRequestNeverReachedThePeer()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        await connection.DisposeAsync();

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("x"), EchoResponse.Parser, Long, default));

        Assert.AreEqual(RpcErrorCodes.ConnectionFailed, ex.Code);
        Assert.IsFalse(ex.MayHaveReachedPeer);
    }

    [TestMethod]
    public async Task ACallWhoseConnectionIsLostAfterThePeerReadTheRequestMayHaveReachedIt()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var connecting = RpcConnection.ConnectAsync($"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", new RpcOptions());
            var peer = await listener.AcceptSocketAsync();
            await RawRpcPeer.HandshakeAsServerAsync(peer);
            await using var connection = await connecting;
            var call = connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("x"), EchoResponse.Parser, Long, default);

            // The peer reads the request, then drops the connection without answering.
            var buffer = new byte[64];
            Assert.IsTrue(await peer.ReceiveAsync(buffer) > 0, "the request reached the peer");
            peer.Dispose();

            var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => call);
            Assert.AreEqual(RpcErrorCodes.ConnectionFailed, ex.Code);
            Assert.IsTrue(ex.MayHaveReachedPeer);
        }
        finally
        {
            listener.Stop();
        }
    }

    [TestMethod]
    public async Task AnErrorTheHandlerRaisedReachedThePeer()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.NotRegistered, TestHandlers.Request("x"), EchoResponse.Parser, Long, default));

        Assert.AreEqual(RpcErrorCodes.UnknownPacket, ex.Code);
        Assert.IsTrue(ex.MayHaveReachedPeer);
    }
}
