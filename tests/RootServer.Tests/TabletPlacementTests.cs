using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Balance;
using OceanClassic.RootServer.Schema;
using OceanClassic.RootServer.Servers;

namespace OceanClassic.RootServer.Tests;

[TestClass]
public sealed class TabletPlacementTests
{
    private const string A = "127.0.0.1:2600", B = "127.0.0.1:2610", C = "127.0.0.1:2620";

    private readonly ManualClock _clock = new();
    private ServerRegistry _registry = null!;
    private TabletPlacement _placement = null!;

    [TestInitialize]
    public void Init()
    {
        _registry = new ServerRegistry(TimeSpan.FromSeconds(3), NullLogger.Instance, _clock);
        _placement = new TabletPlacement(_registry, 2, NullLogger.Instance);
        foreach (var cs in new[] { A, B, C })
            _registry.Heartbeat(new HeartbeatRequest { Role = ServerRole.ChunkServer, Address = cs });
    }

    // A stops heartbeating and its lease lapses; B and C stay.
    private void KillA()
    {
        _clock.Advance(TimeSpan.FromSeconds(2));
        foreach (var cs in new[] { B, C })
            _registry.Heartbeat(new HeartbeatRequest { Role = ServerRole.ChunkServer, Address = cs });
        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.AreEqual(A, _registry.Sweep().Single().Address);
    }

    private static RsState StateWith(long rows, params string[] replicas) => StateWithTables(1, rows, replicas);

    [TestMethod]
    public void AnEmptyTabletDropsItsDeadReplicaAndGainsALiveOneAtOnce()
    {
        var state = StateWith(0, A, B);
        KillA();
        var fix = _placement.Repairs(state, (_, _) => false).Single();
        CollectionAssert.AreEquivalent(new[] { B, C }, fix.Replicas.ToArray());
    }

    [TestMethod]
    public void ATabletWithRowsGainsANewReplicaButKeepsTheDeadOneUntilTheCopyIsReported()
    {
        var state = StateWith(500, A, B);
        KillA();
        var fix = _placement.Repairs(state, (cs, _) => cs == B).Single();
        CollectionAssert.AreEqual(new[] { A, B, C }, fix.Replicas.ToArray(), "the dead replica stays: it holds the data if it returns");

        state.Apply(new RsLogEntry { SetTablet = fix });
        Assert.AreEqual(0, _placement.Repairs(state, (cs, _) => cs == B).Count, "nothing to do while C is still copying");
        var trimmed = _placement.Repairs(state, (cs, _) => cs is B or C).Single();
        CollectionAssert.AreEqual(new[] { B, C }, trimmed.Replicas.ToArray(), "two live replicas hold it: the dead one goes");
    }

    [TestMethod]
    public void ATabletWithRowsThatNoLiveReplicaHoldsIsLeftAlone()
    {
        var state = StateWith(500, A, B);
        KillA();
        Assert.AreEqual(0, _placement.Repairs(state, (_, _) => false).Count, "a new replica would have nothing to copy from");
    }
    // Tables 1000..1000+n-1, each one tablet with `rows` rows on `replicas`.
    private static RsState StateWithTables(int n, long rows, params string[] replicas)
    {
        var state = new RsState();
        for (var i = 0; i < n; i++)
        {
            state.Apply(new RsLogEntry
            {
                CreateTable = new TableDef { TableId = 1000 + (ulong)i, Database = "d", Name = $"t{i}", Columns = { new ColumnDef { Id = 1, Name = "id", Type = 5 } }, RowkeyColumns = { 0 } },
            });
            var tablet = state.TabletsOf(1000 + (ulong)i).Single().Clone();
            tablet.Replicas.AddRange(replicas);
            tablet.RowCount = rows;
            state.Apply(new RsLogEntry { SetTablet = tablet });
        }
        return state;
    }

    [TestMethod]
    public void AJoinedChunkServerGetsACopyFirstAndTheOldReplicaLeavesOnlyOnceBothHoldIt()
    {
        var placement = new TabletPlacement(_registry, 1, NullLogger.Instance);
        var state = StateWithTables(4, 100, A);

        var move = placement.Rebalance(state)!;
        CollectionAssert.AreEqual(new[] { A, B }, move.Replicas.ToArray(), "A has 4, B and C none: B (first by address) gets a copy");
        state.Apply(new RsLogEntry { SetTablet = move });
        Assert.IsNull(placement.Rebalance(state), "one move at a time");
        Assert.AreEqual(0, placement.Repairs(state, (address, _) => address == A).Count, "B has not reported the baseline yet");

        var trimmed = placement.Repairs(state, (_, _) => true).Single();
        CollectionAssert.AreEqual(new[] { B }, trimmed.Replicas.ToArray());
    }

    [TestMethod]
    public void AnEmptyTabletChangesHandsAtOnceAndBalancedServersStayPut()
    {
        var placement = new TabletPlacement(_registry, 1, NullLogger.Instance);
        var state = StateWithTables(3, 0, A);

        var first = placement.Rebalance(state)!;
        CollectionAssert.AreEqual(new[] { B }, first.Replicas.ToArray());
        state.Apply(new RsLogEntry { SetTablet = first });
        var second = placement.Rebalance(state)!;
        CollectionAssert.AreEqual(new[] { C }, second.Replicas.ToArray(), "A has 2, B 1, C 0: a difference of 2 moves one more");
        state.Apply(new RsLogEntry { SetTablet = second });
        Assert.IsNull(placement.Rebalance(state), "one tablet each");
    }
}
