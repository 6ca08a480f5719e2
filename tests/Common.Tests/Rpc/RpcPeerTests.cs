using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Common.Tests.Rpc;

// RpcPeer's choice of connection with thread affinity (RpcOptions.ThreadAffinity): which thread reads
// each connection's replies is set by hand, so the choice is deterministic.
[TestClass]
public sealed class RpcPeerTests
{
    private const int OtherThread = int.MaxValue;

    [TestMethod]
    public async Task WithThreadAffinityEveryCallGoesOverTheConnectionWhoseRepliesTheCallingThreadReads()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var peer = new RpcPeer(server.Address, new RpcOptions { ConnectionsPerPeer = 2, ThreadAffinity = true });
        var first = await peer.Next();
        var second = await peer.Next();
        Assert.AreNotSame(first, second);
        second.SetReceiveThreadForTests(Environment.CurrentManagedThreadId);
        first.SetReceiveThreadForTests(OtherThread);

        for (int i = 0; i < 4; i++)
        {
            Assert.AreSame(second, await peer.Next(), $"call {i}");
        }
    }

    [TestMethod]
    public async Task WithThreadAffinityConnectionsAllReadByOneThreadAreStillUsedRoundRobin()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var peer = new RpcPeer(server.Address, new RpcOptions { ConnectionsPerPeer = 2, ThreadAffinity = true });
        var first = await peer.Next();
        var second = await peer.Next();
        first.SetReceiveThreadForTests(OtherThread);
        second.SetReceiveThreadForTests(OtherThread);

        var used = new HashSet<RpcConnection>();
        for (int i = 0; i < 4; i++)
        {
            used.Add(await peer.Next());
        }

        Assert.AreEqual(2, used.Count);
    }

    [TestMethod]
    public async Task WithThreadAffinityASlotNotYetOpenIsDialedRatherThanSkipped()
    {
        var handlers = new TestHandlers();
        await using var server = await RpcTestServer.StartAsync(handlers.Registry);
        await using var peer = new RpcPeer(server.Address, new RpcOptions { ConnectionsPerPeer = 2, ThreadAffinity = true });
        var first = await peer.Next();
        first.SetReceiveThreadForTests(Environment.CurrentManagedThreadId);

        var second = await peer.Next();

        Assert.AreNotSame(first, second);
    }
}
