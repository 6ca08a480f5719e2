using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// Every RPC connection opens with the cluster-secret handshake (RpcHandshake): a peer without the
// secret gets no answer to a well-formed frame, over TCP and over the local Unix socket, and a peer
// with another secret cannot connect; peers holding the secret call as before. Connections from one
// address are bounded.
[TestClass]
public sealed class RpcAuthenticationTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("0123456789abcdef-test-secret");

    [TestMethod]
    public async Task AWellFormedFrameFromAPeerWithoutTheSecretGetsNoAnswerOverTcp()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, new RpcOptions { ClusterSecret = Secret });
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await stranger.ConnectAsync(IPAddress.Loopback, server.Port);

        Assert.AreEqual(0, await SendFrameAndReadAsync(stranger), "closed without a byte of answer");
        await WaitUntilAsync(() => server.Logs.Warnings.Any(l => l.Contains("refused", StringComparison.Ordinal)));
        Assert.AreEqual(1, server.Logs.Warnings.Count(l => l.Contains("refused", StringComparison.Ordinal)), "one log line");
        Assert.AreEqual(0, handlers.EchoCalls);
    }

    [TestMethod]
    public async Task AWellFormedFrameFromAPeerWithoutTheSecretGetsNoAnswerOverTheUnixSocket()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, new RpcOptions { ClusterSecret = Secret }, localSocket: true);
        Assert.IsTrue(RpcLocalSocket.TryGetEndPoint("127.0.0.1", server.Port, out var endPoint));
        using var stranger = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await stranger.ConnectAsync(endPoint);

        Assert.AreEqual(0, await SendFrameAndReadAsync(stranger));
        Assert.AreEqual(0, handlers.EchoCalls);
    }

    [TestMethod]
    public async Task AClientWithAnotherSecretCannotConnectAndOneWithItCallsAsBefore()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, new RpcOptions { ClusterSecret = Secret }, localSocket: true);

        foreach (var local in new[] { false, true })
        {
            var wrong = await Assert.ThrowsExceptionAsync<RpcException>(() =>
                RpcConnection.ConnectAsync(server.Address, new RpcOptions { ClusterSecret = Encoding.UTF8.GetBytes("another-secret-0123456789"), LocalSockets = local }));
            Assert.AreEqual(RpcErrorCodes.ConnectionFailed, wrong.Code);
            StringAssert.Contains(wrong.Message, "cluster authentication failed");
            var none = await Assert.ThrowsExceptionAsync<RpcException>(() => RpcConnection.ConnectAsync(server.Address, new RpcOptions { LocalSockets = local }));
            Assert.AreEqual(RpcErrorCodes.ConnectionFailed, none.Code);

            await using var good = await RpcConnection.ConnectAsync(server.Address, new RpcOptions { ClusterSecret = Secret, LocalSockets = local });
            Assert.AreEqual(local, good.IsLocalSocket);
            var reply = await good.CallAsync(TestHandlers.Echo, TestHandlers.Request("hi"), EchoResponse.Parser, Long, default);
            Assert.AreEqual("hi", reply.Payload.ToStringUtf8());
        }
        Assert.AreEqual(2, handlers.EchoCalls);
    }

    // A client proof made with another secret is refused even though the hello was right.
    [TestMethod]
    public async Task AProofMadeWithTheWrongSecretIsRefusedWithoutReadingFurther()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, new RpcOptions { ClusterSecret = Secret });
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(IPAddress.Loopback, server.Port);

        var failed = await Assert.ThrowsExceptionAsync<InvalidOperationException>(() => RawRpcPeer.HandshakeAsClientAsync(peer, Encoding.UTF8.GetBytes("wrong")));
        StringAssert.Contains(failed.Message, "did not prove");
        await WaitUntilAsync(() => server.Logs.Warnings.Any(l => l.Contains("refused", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task ConnectionsFromOneAddressBeyondTheLimitAreClosedAtOnce()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, new RpcOptions { MaxConnectionsPerPeer = 2 });
        await using var first = await RpcConnection.ConnectAsync(server.Address, server.Options);
        await using var second = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var third = await Assert.ThrowsExceptionAsync<RpcException>(() => RpcConnection.ConnectAsync(server.Address, server.Options));
        Assert.AreEqual(RpcErrorCodes.ConnectionFailed, third.Code);

        var reply = await first.CallAsync(TestHandlers.Echo, TestHandlers.Request("still"), EchoResponse.Parser, Long, default);
        Assert.AreEqual("still", reply.Payload.ToStringUtf8());
        await second.DisposeAsync();
        using var timeout = new CancellationTokenSource(Long);
        while (true)
        {
            try
            {
                await using var again = await RpcConnection.ConnectAsync(server.Address, server.Options);
                break;
            }
            catch (RpcException)
            {
                await Task.Delay(10, timeout.Token);
            }
        }
    }

    // Sends a valid Echo frame; returns how many bytes came back before the server closed.
    private static async Task<int> SendFrameAndReadAsync(Socket socket)
    {
        var writer = new ArrayBufferWriter<byte>();
        RpcFrameWriter.Write(writer, RpcFrameFlags.None, TestHandlers.Echo, 1, TestHandlers.Request("stranger"), 4096);
        await socket.SendAsync(writer.WrittenMemory);
        var buffer = new byte[1024];
        var total = 0;
        using var timeout = new CancellationTokenSource(Long);
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                total += read;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        return total;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Long);
        while (!condition())
            await Task.Delay(10, timeout.Token);
    }
}
