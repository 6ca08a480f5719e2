using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// RpcSendRound: requests a socket thread sends during one round of socket events wait for the round's
// flush. Whatever the timing, every deferred frame must leave: a call made on such a thread is answered.
[TestClass]
public sealed class RpcSendRoundTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [TestMethod]
    public async Task CallsMadeOnASocketThreadDuringOneRoundAreAllSentAndAnswered()
    {
        Assert.IsTrue(RpcSendRound.Enable());
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);

        var calls = new List<Task<EchoResponse>>();
        RpcSendRound.SetSocketThreadForTests(true);
        try
        {
            for (int i = 0; i < 50; i++)
            {
                calls.Add(connection.CallAsync(TestHandlers.Echo, TestHandlers.Request($"request {i}"), EchoResponse.Parser, Bound, default));
            }
        }
        finally
        {
            RpcSendRound.SetSocketThreadForTests(false);
        }
        var responses = await Task.WhenAll(calls).WaitAsync(Bound);

        for (int i = 0; i < responses.Length; i++)
        {
            Assert.AreEqual($"request {i}", responses[i].Payload.ToStringUtf8());
        }
        Assert.AreEqual(0, connection.PendingCalls);
    }

    [TestMethod]
    public async Task ManyThreadsDeferringToManyConnectionsAtOnceLoseNoFrame()
    {
        Assert.IsTrue(RpcSendRound.Enable());
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        var connections = new List<RpcConnection>();
        for (int c = 0; c < 4; c++)
        {
            connections.Add(await RpcConnection.ConnectAsync(server.Address, server.Options));
        }
        try
        {
            var threads = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
            {
                for (int round = 0; round < 20; round++)
                {
                    var calls = new List<Task<EchoResponse>>();
                    RpcSendRound.SetSocketThreadForTests(true);
                    try
                    {
                        foreach (var connection in connections)
                        {
                            calls.Add(connection.CallAsync(TestHandlers.Echo, TestHandlers.Request($"{t}.{round}"), EchoResponse.Parser, Bound, default));
                        }
                    }
                    finally
                    {
                        RpcSendRound.SetSocketThreadForTests(false);
                    }
                    foreach (var response in await Task.WhenAll(calls))
                    {
                        Assert.AreEqual($"{t}.{round}", response.Payload.ToStringUtf8());
                    }
                }
            })).ToList();
            await Task.WhenAll(threads).WaitAsync(Bound);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
