using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

[TestClass]
public sealed class RpcCallTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [TestMethod]
    public async Task ARequestRoundTripsToTheHandlerAndBack()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var response = await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("ping"), EchoResponse.Parser, Long, default);

        Assert.AreEqual("ping", response.Payload.ToStringUtf8());
    }

    [TestMethod]
    public async Task AThousandConcurrentRequestsOnOneConnectionEachGetTheirOwnAnswer()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var calls = Enumerable.Range(0, 1000).Select(i =>
            connection.CallAsync(TestHandlers.Echo, TestHandlers.Request($"request {i}", delayMs: (i * 7) % 23), EchoResponse.Parser, Long, default));
        var responses = await Task.WhenAll(calls);

        for (int i = 0; i < responses.Length; i++)
        {
            Assert.AreEqual($"request {i}", responses[i].Payload.ToStringUtf8());
        }
        Assert.AreEqual(0, connection.PendingCalls);
    }

    [TestMethod]
    public async Task ASlowHandlerDoesNotHoldUpOtherRequestsOnTheSameConnection()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var slow = connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("slow", delayMs: 20_000), EchoResponse.Parser, Long, default);
        var fast = await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("fast"), EchoResponse.Parser, Long, default);

        Assert.AreEqual("fast", fast.Payload.ToStringUtf8());
        Assert.IsFalse(slow.IsCompleted);
    }

    [TestMethod]
    public async Task ACallPastItsTimeoutFailsWithTimeoutAndTheLateReplyIsDropped()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        // The reply comes after 600 ms, so a Timeout error proves the 100 ms deadline fired first.
        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("late", delayMs: 600), EchoResponse.Parser, TimeSpan.FromMilliseconds(100), default));
        Assert.AreEqual(RpcErrorCodes.Timeout, ex.Code);

        // The late reply arrives on a connection that must keep working.
        var next = await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("after", delayMs: 800), EchoResponse.Parser, Long, default);
        Assert.AreEqual("after", next.Payload.ToStringUtf8());
        Assert.IsFalse(connection.IsClosed);
        Assert.AreEqual(0, connection.PendingCalls);
    }

    [TestMethod]
    public async Task ACallOnAConnectionThatWentIdleStillTimesOut()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("first"), EchoResponse.Parser, Long, default);

        // Idle long enough for the timeout sweep to stop; the next call must start it again.
        await Task.Delay(100);
        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.Hang, TestHandlers.Request("x"), EchoResponse.Parser, TimeSpan.FromMilliseconds(100), default));

        Assert.AreEqual(RpcErrorCodes.Timeout, ex.Code);
        Assert.AreEqual(0, connection.PendingCalls);
    }

    [TestMethod]
    public async Task ACallStuckBehindAPeerThatStoppedReadingStillTimesOut()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var connecting = RpcConnection.ConnectAsync($"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", new RpcOptions());
            using var peer = await listener.AcceptSocketAsync();
            await RawRpcPeer.HandshakeAsServerAsync(peer);
            await using var connection = await connecting;

            // Far more than the socket buffers hold: the send cannot finish while the peer does not read.
            var big = TestHandlers.Request(new string('x', 32 * 1024 * 1024));
            var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
                connection.CallAsync(TestHandlers.Echo, big, EchoResponse.Parser, TimeSpan.FromMilliseconds(200), default));

            Assert.AreEqual(RpcErrorCodes.Timeout, ex.Code);
        }
        finally
        {
            listener.Stop();
        }
    }

    [TestMethod]
    public async Task CallsFromManyThreadsAtOnceAreAllSentAndAnswered()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        // Callers send their own frames; concurrent callers must neither lose nor interleave frames,
        // including bodies too big for one socket send.
        var calls = Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            connection.CallAsync(TestHandlers.Echo, TestHandlers.Request(new string((char)('a' + i % 26), i % 8 == 0 ? 300_000 : 100 + i)),
                EchoResponse.Parser, Long, default)));
        var responses = await Task.WhenAll(calls);

        for (int i = 0; i < responses.Length; i++)
        {
            Assert.AreEqual(new string((char)('a' + i % 26), i % 8 == 0 ? 300_000 : 100 + i), responses[i].Payload.ToStringUtf8());
        }
        Assert.AreEqual(0, connection.PendingCalls);
    }

    [TestMethod]
    public async Task CancellingACallThrowsOperationCanceledAndTheConnectionStaysUsable()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        using var cancel = new CancellationTokenSource();

        var call = connection.CallAsync(TestHandlers.Hang, TestHandlers.Request("x"), EchoResponse.Parser, Long, cancel.Token);
        await handlers.HangStarted.WaitAsync(Long);
        await cancel.CancelAsync();

        await Assert.ThrowsExceptionAsync<TaskCanceledException>(() => call);
        var next = await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("still here"), EchoResponse.Parser, Long, default);
        Assert.AreEqual("still here", next.Payload.ToStringUtf8());
    }

    [TestMethod]
    public async Task AHandlerRpcExceptionReachesTheClientWithItsCodeAndMessage()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        var request = new EchoRequest { ErrorCode = 1062, ErrorMessage = "Duplicate entry '1' for key 'PRIMARY'" };

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.Echo, request, EchoResponse.Parser, Long, default));

        Assert.AreEqual(1062, ex.Code);
        Assert.AreEqual("Duplicate entry '1' for key 'PRIMARY'", ex.Message);
    }

    [TestMethod]
    public async Task AnyOtherHandlerExceptionBecomesAnInternalErrorWithItsMessage()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.Crash, TestHandlers.Request("x"), EchoResponse.Parser, Long, default));

        Assert.AreEqual(RpcErrorCodes.Internal, ex.Code);
        Assert.AreEqual("boom", ex.Message);
    }

    [TestMethod]
    public async Task AFileSystemFailureInAHandlerIsAnsweredWithoutItsMessageNamingAServerPath()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.MissingFile, TestHandlers.Request("x"), EchoResponse.Parser, Long, default));

        Assert.AreEqual(RpcErrorCodes.Internal, ex.Code);
        Assert.AreEqual("FileNotFoundException on the server; the details are in its log", ex.Message);
    }

    [TestMethod]
    public async Task ADamagedFileInAHandlerIsAnsweredWithoutItsMessageNamingAServerPath()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.DamagedFile, TestHandlers.Request("x"), EchoResponse.Parser, Long, default));

        Assert.AreEqual(RpcErrorCodes.Internal, ex.Code);
        Assert.AreEqual("InvalidDataException on the server; the details are in its log", ex.Message);
    }

    [TestMethod]
    public async Task AnUnknownPacketCodeIsAnsweredWithUnknownPacket()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.NotRegistered, TestHandlers.Request("x"), EchoResponse.Parser, Long, default));

        Assert.AreEqual(RpcErrorCodes.UnknownPacket, ex.Code);
        Assert.IsFalse(connection.IsClosed);
    }

    [TestMethod]
    public async Task ABodyLargerThanTheTransportBufferRoundTripsIntact()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        var payload = new byte[5 * 1024 * 1024];
        Random.Shared.NextBytes(payload);

        var response = await connection.CallAsync(TestHandlers.Echo, new EchoRequest { Payload = ByteString.CopyFrom(payload) }, EchoResponse.Parser, Long, default);

        CollectionAssert.AreEqual(payload, response.Payload.ToByteArray());
    }

    [TestMethod]
    public async Task StoppingTheServerFailsPendingCallsWithConnectionFailedAndCancelsTheirHandlers()
    {
        var handlers = new TestHandlers();
        var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        var pending = connection.CallAsync(TestHandlers.Hang, TestHandlers.Request("x"), EchoResponse.Parser, Long, default);
        await handlers.HangStarted.WaitAsync(Long);

        await server.StopAsync();

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => pending.WaitAsync(Long));
        Assert.AreEqual(RpcErrorCodes.ConnectionFailed, ex.Code);
        await handlers.HangCanceled.WaitAsync(Long);
        Assert.IsTrue(connection.IsClosed);
    }

    [TestMethod]
    public async Task AClientClosingItsConnectionCancelsTheTokenOfItsInFlightHandlers()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        var pending = connection.CallAsync(TestHandlers.Hang, TestHandlers.Request("x"), EchoResponse.Parser, Long, default);
        await handlers.HangStarted.WaitAsync(Long);

        await connection.DisposeAsync();

        await handlers.HangCanceled.WaitAsync(Long);
        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => pending);
        Assert.AreEqual(RpcErrorCodes.ConnectionFailed, ex.Code);
    }

    [TestMethod]
    public async Task DialingAPortNobodyListensOnFailsWithConnectionFailed()
    {
        var handlers = new TestHandlers();
        var server = await RpcTestServer.StartAsync(handlers.Registry);
        string address = server.Address;
        await server.StopAsync();

        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => RpcConnection.ConnectAsync(address, new RpcOptions()));

        Assert.AreEqual(RpcErrorCodes.ConnectionFailed, ex.Code);
        StringAssert.StartsWith(ex.Message, $"connect to {address} failed: ");
    }
}
