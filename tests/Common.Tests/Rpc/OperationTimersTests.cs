using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// The process-wide RPC timers profiles read through the Status RPC (other tests call Echo at the same
// time, so the checks are on lower bounds of the differences). The handler's 50 ms delay is a timer of
// millisecond granularity that may fire a fraction of a millisecond early by the Stopwatch, so the bound
// is 40 ms: far above an "at once" request, which is what a timer stopped too early would record.
[TestClass]
public sealed class OperationTimersTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [TestMethod]
    public async Task EveryCallAndServedRequestIsCountedWithItsWallTimeUnderItsPacketCode()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        var calls = OperationTimers.RpcCall(TestHandlers.Echo);
        var served = OperationTimers.RpcServe(TestHandlers.Echo);
        var (calls0, calls0Us, served0, served0Us) = (calls.Count, calls.TotalMicroseconds, served.Count, served.TotalMicroseconds);

        await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("at once"), EchoResponse.Parser, Long, default);
        await connection.CallAsync(TestHandlers.Echo, TestHandlers.Request("later", delayMs: 50), EchoResponse.Parser, Long, default);

        Assert.IsTrue(calls.Count - calls0 >= 2, "calls counted");
        Assert.IsTrue(served.Count - served0 >= 2, "served requests counted, the asynchronous one too");
        Assert.IsTrue(calls.TotalMicroseconds - calls0Us >= 40_000, "a call's time runs until its answer");
        Assert.IsTrue(served.TotalMicroseconds - served0Us >= 40_000, "a request's time runs until the handler's response");
        var values = new Dictionary<string, string>();
        OperationTimers.CopyTo(values);
        Assert.AreEqual(2, values[$"time.rpc_call.{TestHandlers.Echo}"].Split(' ').Length, "reported as count and µs");
    }
}
