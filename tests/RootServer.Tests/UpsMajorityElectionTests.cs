using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Tests;

// The RootServer's election with ups_replication = majority: a new term is started at every member
// of the UpdateServer group, a master is elected only when a majority answered, and the answerer
// with the highest (last term, last sequence) wins. Manual clock: 9 s UPS lease + 0.9 s margin.
[TestClass]
public sealed class UpsMajorityElectionTests
{
    private const string A = "127.0.0.1:2700";
    private const string B = "127.0.0.1:2710";
    private const string C = "127.0.0.1:2720";

    // address -> (last term, last seq) of the members that answer PrepareTerm.
    private readonly Dictionary<string, (ulong Term, ulong Seq)> _answering = [];
    private readonly List<(string Address, ulong Term)> _prepared = [];

    private ElectionFixture NewFixture()
    {
        var f = new ElectionFixture(new UpsMasterRecord { Replication = "majority" });
        f.Election.PrepareTerm = (address, request, _, _) =>
        {
            lock (_prepared)
                _prepared.Add((address, request.Term));
            return _answering.TryGetValue(address, out var log)
                ? Task.FromResult(new PrepareTermResponse { Term = request.Term, LastTerm = log.Term, LastSeq = log.Seq })
                : Task.FromException<PrepareTermResponse>(new RpcException(RpcErrorCodes.ConnectionFailed, "down (test)"));
        };
        return f;
    }

    [TestMethod]
    public async Task AMasterIsElectedOnlyWhenAMajorityAnswersAndTheHighestLastTermThenSequenceWins()
    {
        var f = NewFixture();
        f.Beat(A, 0);
        f.Beat(B, 0);
        f.Beat(C, 0);
        _answering[A] = (1, 20);
        _answering[B] = (1, 15);
        _answering[C] = (0, 30);
        Assert.AreEqual(A, await f.ElectAsync(), "a newer last term beats a longer log of an older one");
        Assert.AreEqual(1UL, f.Election.Term);
        CollectionAssert.AreEquivalent(new[] { A, B, C }, f.LastPersisted.Members.ToArray());

        // The master is lost: B and C answer (a majority of three); C has the longer log of the same term.
        _answering.Remove(A);
        _answering[B] = (1, 15);
        _answering[C] = (1, 18);
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        f.Beat(B, 15);
        f.Beat(C, 18);
        _prepared.Clear();
        Assert.AreEqual(C, await f.ElectAsync());
        Assert.AreEqual(2UL, f.Election.Term);
        Assert.AreEqual(2UL, f.LastPersisted.Term, "the term is persisted with the master");
        CollectionAssert.AreEquivalent(new[] { A, B, C }, _prepared.Select(p => p.Address).ToArray(), "every member is asked, the dead one included");
        Assert.IsTrue(_prepared.All(p => p.Term == 2));

        // C is lost too: B alone is no majority, so nobody is elected and the election says why.
        _answering.Remove(C);
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        f.Beat(B, 15);
        Assert.AreEqual(C, await f.ElectAsync(), "no new master without a majority");
        Assert.AreEqual(C, f.LastPersisted.Master);
        StringAssert.Contains(f.Election.Blocked, "only 1 of 3");

        // A returns: A and B are a majority again; A's log (term 1, 20) beats B's (term 1, 15).
        _answering[A] = (1, 20);
        f.Beat(A, 20);
        Assert.AreEqual(A, await f.ElectAsync());
        Assert.IsTrue(f.Election.Term > 2, "a new term for every election attempt that could have promised one");
    }

    [TestMethod]
    public void OceanBaseFivesScenarioPicksTheReplicaWithEntriesElevenToTwenty()
    {
        var votes = new[] { new UpsVote("A", 1, 20), new UpsVote("B", 1, 15) };
        Assert.AreEqual("A", UpsMajorityVote.Pick(votes, members: 3)!.Address);
        Assert.IsNull(UpsMajorityVote.Pick([new UpsVote("A", 1, 20)], members: 3), "one of three is no majority");
        Assert.AreEqual("B", UpsMajorityVote.Pick([new UpsVote("A", 1, 20), new UpsVote("B", 2, 16)], members: 3)!.Address,
            "a log ending in a newer term wins over a longer one");
    }
}
