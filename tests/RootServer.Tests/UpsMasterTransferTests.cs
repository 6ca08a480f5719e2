using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Tests;

[TestClass]
public sealed class UpsMasterTransferTests
{
    [TestMethod]
    public void A_planned_transfer_moves_the_master_at_once_and_the_new_master_keeps_it()
    {
        var fixture = new ElectionFixture();
        var (clock, registry, election) = (fixture.Clock, fixture.Registry, fixture.Election);
        var Beat = fixture.Beat;
        Beat("a", 10);
        Assert.AreEqual("a", election.Elect());
        Beat("b", 10);

        Assert.IsFalse(election.Transfer("b", "a"), "only the current master can hand over");
        Assert.IsTrue(election.Transfer("a", "b"));
        Assert.AreEqual("b", election.Elect());
        Beat("a", 10);
        Beat("b", 12);
        clock.Advance(TimeSpan.FromSeconds(2));
        Beat("a", 10);
        Beat("b", 12);
        Assert.AreEqual("b", election.Elect(), "the old master's heartbeats do not take the role back");
    }
}
