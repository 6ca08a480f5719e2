using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// A peer that breaks the framing loses its connection; everyone else keeps being served.
[TestClass]
public sealed class RpcProtocolViolationTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [TestMethod]
    public Task AFrameWithBadMagicClosesThatConnectionOnly() =>
        AssertViolationClosesOnlyTheOffender(frame => frame[0] = (byte)'X', "bad magic");

    [TestMethod]
    public Task AFrameWithACorruptedCrcClosesThatConnectionOnly() =>
        AssertViolationClosesOnlyTheOffender(frame => frame[^1] ^= 0xFF, "CRC mismatch");

    [TestMethod]
    public Task AHeaderAnnouncingABodyOverMaxFrameBytesClosesThatConnectionOnly() =>
        AssertViolationClosesOnlyTheOffender(frame => BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(20), 4096 + 1), "exceeds");

    [TestMethod]
    public async Task APeerThatDisconnectsInTheMiddleOfAFrameIsLoggedAsAProtocolError()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        using var bad = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await bad.ConnectAsync(IPAddress.Loopback, server.Port);
        await RawRpcPeer.HandshakeAsClientAsync(bad);

        await bad.SendAsync(ValidRequestFrame()[..20]);
        bad.Shutdown(SocketShutdown.Send);

        Assert.IsTrue(await ReadUntilClosedAsync(bad));
        await WaitUntilAsync(() => server.Logs.Warnings.Any(line => line.Contains("middle of a frame", StringComparison.Ordinal)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Long);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task AssertViolationClosesOnlyTheOffender(Action<byte[]> corrupt, string reason)
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry, new RpcOptions { MaxFrameBytes = 4096 });
        await using var good = await RpcConnection.ConnectAsync(server.Address, server.Options);
        using var bad = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await bad.ConnectAsync(IPAddress.Loopback, server.Port);
        await RawRpcPeer.HandshakeAsClientAsync(bad);

        // Keep the good client busy across the violation.
        using var stop = new CancellationTokenSource();
        var goodTraffic = Task.Run(async () =>
        {
            int answered = 0;
            while (!stop.IsCancellationRequested || answered == 0)
            {
                var reply = await good.CallAsync(TestHandlers.Echo, TestHandlers.Request($"good {answered}"), EchoResponse.Parser, Long, default);
                Assert.AreEqual($"good {answered}", reply.Payload.ToStringUtf8());
                answered++;
            }
            return answered;
        });

        var frame = ValidRequestFrame();
        corrupt(frame);
        await bad.SendAsync(frame);

        Assert.IsTrue(await ReadUntilClosedAsync(bad), "the server closed the offending connection");
        await stop.CancelAsync();
        Assert.IsTrue(await goodTraffic.WaitAsync(Long) > 0);
        var after = await good.CallAsync(TestHandlers.Echo, TestHandlers.Request("after"), EchoResponse.Parser, Long, default);
        Assert.AreEqual("after", after.Payload.ToStringUtf8());

        var warning = server.Logs.Warnings.Single(line => line.Contains("protocol error", StringComparison.Ordinal));
        StringAssert.Contains(warning, reason);
        StringAssert.Contains(warning, bad.LocalEndPoint!.ToString()!);
    }

    private static byte[] ValidRequestFrame()
    {
        var writer = new ArrayBufferWriter<byte>();
        RpcFrameWriter.Write(writer, RpcFrameFlags.None, TestHandlers.Echo, 1, TestHandlers.Request("bad"), 4096);
        return writer.WrittenSpan.ToArray();
    }

    // True when the server closed the connection (read returns 0 or the socket is reset) without replying.
    private static async Task<bool> ReadUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(Long);
        try
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return read == 0;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }
}
