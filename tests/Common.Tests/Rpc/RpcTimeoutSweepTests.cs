using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// The client's timeout sweep is one timer armed for the earliest pending deadline (RpcConnection):
// a call with an earlier deadline than the armed one must arm it earlier, and every pending call must
// still time out at its own deadline. Also: a call's failures come through its task, never thrown.
[TestClass]
public sealed class RpcTimeoutSweepTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [TestMethod]
    public async Task AShortCallIssuedBehindALongPendingOneStillTimesOutAtItsOwnDeadline()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        // Arms the sweep a minute ahead; the short call below must not wait for that.
        var longCall = connection.CallAsync(TestHandlers.Hang, TestHandlers.Request("long"), EchoResponse.Parser, TimeSpan.FromMinutes(1), default);
        var ex = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            connection.CallAsync(TestHandlers.Hang, TestHandlers.Request("short"), EchoResponse.Parser, TimeSpan.FromMilliseconds(100), default).WaitAsync(Bound));

        Assert.AreEqual(RpcErrorCodes.Timeout, ex.Code);
        Assert.IsFalse(longCall.IsCompleted);
        Assert.AreEqual(1, connection.PendingCalls);
    }

    [TestMethod]
    public async Task CallsWithStaggeredDeadlinesEachTimeOutAndLeaveNothingPending()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        // Latest deadline first, so each call arms the sweep earlier than the one before it; after each
        // firing the sweep must arm itself again for the calls still pending.
        var calls = new[] { 600, 400, 200, 100 }.Select(ms =>
            connection.CallAsync(TestHandlers.Hang, TestHandlers.Request($"{ms}"), EchoResponse.Parser, TimeSpan.FromMilliseconds(ms), default)).ToList();
        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsExceptionAsync<RpcException>(() => call.WaitAsync(Bound));
            Assert.AreEqual(RpcErrorCodes.Timeout, ex.Code);
        }

        Assert.AreEqual(0, connection.PendingCalls);
        Assert.IsFalse(connection.IsClosed);
    }

    [TestMethod]
    public async Task ACallWithAnAlreadyCanceledTokenReturnsACanceledTaskInsteadOfThrowing()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var call = connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("x"), EchoResponse.Parser, Bound, new CancellationToken(canceled: true));

        Assert.IsTrue(call.IsCanceled);
        Assert.AreEqual(0, connection.PendingCalls);
    }

    [TestMethod]
    public async Task ACanceledCallLeavesNoPendingEntryAndTheConnectionKeepsAnswering()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        using var cancel = new CancellationTokenSource();

        var hanging = connection.CallAsync(TestHandlers.Hang, TestHandlers.Request("x"), EchoResponse.Parser, TimeSpan.FromMinutes(1), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsExceptionAsync<TaskCanceledException>(() => hanging.WaitAsync(Bound));
        Assert.AreEqual(0, connection.PendingCalls);
        var next = await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("after"), EchoResponse.Parser, Bound, default);
        Assert.AreEqual("after", next.Payload.ToStringUtf8());
    }
}
