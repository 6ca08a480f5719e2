using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Tests;

[TestClass]
public sealed class ServerRegistryTests
{
    private static HeartbeatRequest Beat(ServerRole role, string address, ulong seq = 0) =>
        new() { Role = role, Address = address, LogSeq = seq };

    [TestMethod]
    public void AServerThatStopsHeartbeatingIsMarkedDeadAfterTheLease()
    {
        var clock = new ManualClock();
        var registry = new ServerRegistry(TimeSpan.FromSeconds(3), NullLogger.Instance, clock);
        Assert.IsTrue(registry.Heartbeat(Beat(ServerRole.ChunkServer, "127.0.0.1:2600")));
        Assert.IsTrue(registry.Heartbeat(Beat(ServerRole.ChunkServer, "127.0.0.1:2610")));
        clock.Advance(TimeSpan.FromSeconds(2));
        registry.Heartbeat(Beat(ServerRole.ChunkServer, "127.0.0.1:2610"));
        Assert.AreEqual(0, registry.Sweep().Count);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var dead = registry.Sweep();
        Assert.AreEqual(1, dead.Count);
        Assert.AreEqual("127.0.0.1:2600", dead[0].Address);
        Assert.IsFalse(registry.IsAlive("127.0.0.1:2600"));
        Assert.IsTrue(registry.IsAlive("127.0.0.1:2610"));
        Assert.AreEqual(2, registry.Snapshot(null).Count, "a dead server stays listed");
        Assert.IsTrue(registry.Heartbeat(Beat(ServerRole.ChunkServer, "127.0.0.1:2600")), "a returning server counts as new");
    }

    [TestMethod]
    public async Task TheUpsWithTheHighestLogSequenceIsElectedOnlyAfterTheMastersLeaseLapses()
    {
        var fixture = new ElectionFixture();
        var (clock, registry, election) = (fixture.Clock, fixture.Registry, fixture.Election);
        var Beat = fixture.Beat;
        Beat("127.0.0.1:2700", 50);
        Assert.AreEqual("127.0.0.1:2700", await fixture.ElectAsync());
        Beat("127.0.0.1:2710", 40);
        Beat("127.0.0.1:2720", 45);
        Assert.AreEqual("127.0.0.1:2700", await fixture.ElectAsync(), "a live master keeps its role");
        await fixture.ReportAsync("127.0.0.1:2700", "127.0.0.1:2710", "127.0.0.1:2720");
        Beat("127.0.0.1:2700", 50);
        for (var i = 0; i < 9; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Beat("127.0.0.1:2710", 40);
            Beat("127.0.0.1:2720", 45);
            registry.Sweep();
            Assert.AreEqual("127.0.0.1:2700", await fixture.ElectAsync(), $"the master's lease still runs at +{i + 1}s even though it is marked dead");
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        Beat("127.0.0.1:2710", 40);
        Beat("127.0.0.1:2720", 45);
        Assert.AreEqual("127.0.0.1:2720", await fixture.ElectAsync(), "after lease + margin the highest log sequence in the sync set wins");
    }
}
