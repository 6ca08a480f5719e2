using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

[TestClass]
public sealed class RpcReplyBatchTests
{
    private const uint Deferred = 10;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    // A handler whose reply waits for the test; it records whether it ran as an RPC handler.
    private sealed class DeferredHandlers
    {
        private readonly List<TaskCompletionSource<EchoResponse>> _pending = [];

        public DeferredHandlers() =>
            Registry.Register(Deferred, EchoRequest.Parser, (request, _) =>
            {
                SawInHandler = RpcReplyBatch.InHandler;
                // No RunContinuationsAsynchronously: completing it runs the reply path inline.
                var reply = new TaskCompletionSource<EchoResponse>();
                lock (_pending)
                    _pending.Add(reply);
                return new ValueTask<EchoResponse>(reply.Task);
            });

        public RpcHandlerRegistry Registry { get; } = new();
        public bool SawInHandler { get; private set; }

        public int PendingCount
        {
            get { lock (_pending) return _pending.Count; }
        }

        // Polls until `count` handlers are waiting (no fixed sleep).
        public async Task WaitForPendingAsync(int count)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (PendingCount < count && clock.Elapsed < Long)
                await Task.Delay(5);
            Assert.AreEqual(count, PendingCount, "handlers waiting");
        }

        public void CompleteAll(string text)
        {
            lock (_pending)
            {
                foreach (var reply in _pending)
                    reply.SetResult(new EchoResponse { Payload = Google.Protobuf.ByteString.CopyFromUtf8(text) });
                _pending.Clear();
            }
        }
    }

    [TestMethod]
    public async Task RepliesCompletedInsideABatchAreHeldUntilTheBatchEndsThenAllArrive()
    {
        var handlers = new DeferredHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        var calls = Enumerable.Range(0, 3)
            .Select(_ => connection.CallAsync(Deferred, TestHandlers.Request("x"), EchoResponse.Parser, Long, default))
            .ToArray();
        await handlers.WaitForPendingAsync(3);
        Assert.IsTrue(handlers.SawInHandler, "a handler's synchronous part runs with InHandler set");
        Assert.IsFalse(RpcReplyBatch.InHandler, "outside a handler InHandler is false");

        var all = Task.WhenAll(calls);
        // A batch belongs to one thread: no await inside it.
        using (RpcReplyBatch.Begin())
        {
            handlers.CompleteAll("batched");
            // Written into the connection but not flushed: nothing reaches the caller yet.
            Assert.IsFalse(all.Wait(TimeSpan.FromMilliseconds(300)), "a reply left before its batch ended");
        }

        var responses = await all.WaitAsync(Long);
        Assert.IsTrue(responses.All(r => r.Payload.ToStringUtf8() == "batched"));
    }

    [TestMethod]
    public async Task OutsideABatchACompletedReplyIsSentAtOnce()
    {
        var handlers = new DeferredHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var connection = await RpcConnection.ConnectAsync(server.Address, server.Options);
        var call = connection.CallAsync(Deferred, TestHandlers.Request("x"), EchoResponse.Parser, Long, default);
        await handlers.WaitForPendingAsync(1);

        handlers.CompleteAll("now");

        Assert.AreEqual("now", (await call.WaitAsync(Long)).Payload.ToStringUtf8());
    }
}
