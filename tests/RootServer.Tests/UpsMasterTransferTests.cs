using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Tests;

[TestClass]
public sealed class UpsMasterTransferTests
{
    [TestMethod]
    public async Task APlannedTransferMovesTheMasterAtOnceAndTheNewMasterKeepsIt()
    {
        var fixture = new ElectionFixture();
        var (clock, election) = (fixture.Clock, fixture.Election);
        var Beat = fixture.Beat;
        Beat("a", 10);
        Assert.AreEqual("a", await fixture.ElectAsync());
        Beat("b", 10);

        Assert.IsFalse(await election.TransferAsync("b", "a", CancellationToken.None), "only the current master can hand over");
        Assert.IsTrue(await election.TransferAsync("a", "b", CancellationToken.None));
        Assert.AreEqual("b", await fixture.ElectAsync());
        Beat("a", 10);
        Beat("b", 12);
        clock.Advance(TimeSpan.FromSeconds(2));
        Beat("a", 10);
        Beat("b", 12);
        Assert.AreEqual("b", await fixture.ElectAsync(), "the old master's heartbeats do not take the role back");
        Assert.AreEqual("b", fixture.LastPersisted.Master, "the transfer was persisted");
        Assert.IsFalse(election.IsInSync("a"), "the old master counts as in sync only once the new one reports it");
    }
}
