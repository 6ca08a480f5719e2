using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Tests.Rpc;

namespace OceanClassic.Common.Tests.Hosting;

// A server's RootServer client remembers the newest pair epoch it was answered with: an old primary
// that has not learnt it was replaced is not believed, and the other address is tried instead.
[TestClass]
public sealed class RootServerClientEpochTests
{
    // A RootServer answering RsGetSchema with its epoch, or NotPrimary while `Serving` is false.
    private sealed class FakeRootServer
    {
        public FakeRootServer(ulong epoch)
        {
            Epoch = epoch;
            Registry.Register(PacketCodes.RsGetSchema, Empty.Parser, (_, _) => Serving
                ? ValueTask.FromResult(new SchemaResponse { SchemaVersion = Epoch, RsEpoch = Epoch })
                : throw new RpcException(RpcErrorCodes.NotPrimary, "backup"));
        }

        public RpcHandlerRegistry Registry { get; } = new();
        public ulong Epoch { get; set; }
        public bool Serving { get; set; } = true;
    }

    [TestMethod]
    public async Task AReplyFromAnOlderEpochThanOneAlreadySeenIsNotTakenAndTheOtherAddressIsTried()
    {
        var replaced = new FakeRootServer(3);
        var winner = new FakeRootServer(4) { Serving = false };
        await using var oldServer = await RpcTestServer.StartAsync(replaced.Registry);
        await using var newServer = await RpcTestServer.StartAsync(winner.Registry);
        await using var pool = new RpcClientPool(new RpcOptions());
        var client = new RootServerClient(pool, [oldServer.Address, newServer.Address], TimeSpan.FromSeconds(5));

        Assert.AreEqual(3UL, (await client.CallAsync(PacketCodes.RsGetSchema, new Empty(), SchemaResponse.Parser, CancellationToken.None)).RsEpoch);

        // The backup took over with epoch 4 and answered once; the old primary, still answering, is not believed.
        winner.Serving = true;
        replaced.Serving = false;
        Assert.AreEqual(4UL, (await client.CallAsync(PacketCodes.RsGetSchema, new Empty(), SchemaResponse.Parser, CancellationToken.None)).RsEpoch);
        replaced.Serving = true;
        winner.Serving = false;
        var stale = await Assert.ThrowsExceptionAsync<RpcException>(() =>
            client.CallAsync(PacketCodes.RsGetSchema, new Empty(), SchemaResponse.Parser, CancellationToken.None));
        Assert.AreEqual(RpcErrorCodes.NotPrimary, stale.Code);
        Assert.AreEqual(4UL, client.Epoch);

        // The old primary took the winner's state and a newer epoch after it: believed again.
        replaced.Epoch = 5;
        Assert.AreEqual(5UL, (await client.CallAsync(PacketCodes.RsGetSchema, new Empty(), SchemaResponse.Parser, CancellationToken.None)).RsEpoch);
    }
}
