using System.Diagnostics;
using OceanClassic.Common.Protos;
using OceanClassic.UpdateServer.Leases;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// The master's side of the increment leases (Leases/IncrementLeases.cs and the engine's writes).
[TestClass]
public sealed class IncrementLeaseTests
{
    private const string Holder = "127.0.0.1:2600";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    // A monotonic clock the test moves (1 tick = 1 µs); delays still run on real time.
    private sealed class StepClock : TimeProvider
    {
        private long _now = 1_000_000;

        public override long TimestampFrequency => 1_000_000;

        public override long GetTimestamp() => Interlocked.Read(ref _now);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)(by.TotalSeconds * TimestampFrequency));
    }

    private sealed class Revocations
    {
        public List<(string Holder, ulong Table)> Calls { get; } = [];

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Revoke(string holder, ulong table, TimeSpan timeout, CancellationToken ct)
        {
            lock (Calls)
                Calls.Add((holder, table));
            return Gate.Task.WaitAsync(ct);
        }
    }

    private static UpsHarness Harness(IncrementLeases leases)
    {
        var ups = new UpsHarness();
        ups.Restart(ups.Options with { IncrementLeases = leases });
        return ups;
    }

    private static Task<ScanIncrementResponse> AskAsync(UpsHarness ups, ulong table = UpsHarness.Table, ulong txId = 0) =>
        ups.Engine.ScanIncrementAsync(new ScanIncrementRequest { TableId = table, LeaseHolder = Holder, TxId = txId }, CancellationToken.None).AsTask();

    private static RowMutation InTable(RowMutation m, ulong table)
    {
        m.TableId = table;
        return m;
    }

    [TestMethod]
    public async Task AWriteToALeasedTableTakesItsVersionOnlyAfterTheHolderAnsweredTheRevocation()
    {
        var clock = new StepClock();
        var revocations = new Revocations();
        var leases = new IncrementLeases(LeaseTime, revocations.Revoke, () => TimeSpan.FromMinutes(5), clock);
        using var ups = Harness(leases);
        clock.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        var v1 = await ups.ApplyAsync(Insert(1, C(1, 1)));
        clock.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        var granted = await AskAsync(ups);
        Assert.AreEqual((uint)LeaseTime.TotalMilliseconds, granted.LeaseMs);
        Assert.AreEqual(v1, granted.LeaseMaxVersion);
        Assert.AreEqual(v1, granted.LeaseCommittedVersion);

        var write = ups.ApplyAsync(Insert(2, C(1, 2)));
        var other = await ups.ApplyAsync(InTable(Insert(2, C(1, 2)), UpsHarness.Table + 1));
        Assert.IsTrue(other > v1, "another table's write is not held up");
        await Task.WhenAny(write, Task.Delay(300));
        Assert.IsFalse(write.IsCompleted, "the write waits for the holder");
        Assert.IsNull(await ups.GetAsync(2), "and is not visible");
        lock (revocations.Calls)
            CollectionAssert.AreEqual(new[] { (Holder, UpsHarness.Table) }, revocations.Calls);

        revocations.Gate.SetResult();
        var v2 = await write;
        Assert.IsTrue(v2 > other);
        Assert.IsNotNull(await ups.GetAsync(2));
        Assert.AreEqual(1L, leases.Revocations);
    }

    [TestMethod]
    public async Task AFreshlyStartedMasterAndARecentlyWrittenTableGrantNoLease()
    {
        var clock = new StepClock();
        var revocations = new Revocations();
        revocations.Gate.SetResult();
        var leases = new IncrementLeases(LeaseTime, revocations.Revoke, () => TimeSpan.FromMinutes(5), clock);
        using var ups = Harness(leases);
        Assert.AreEqual(0u, (await AskAsync(ups)).LeaseMs, "a previous run at this address may have leases out");
        Assert.IsTrue(leases.MayBlockWrites);
        clock.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        Assert.IsFalse(leases.MayBlockWrites);
        var first = await AskAsync(ups);
        Assert.AreEqual(0UL, first.LeaseMaxVersion, "never written");
        Assert.IsTrue(first.LeaseMs > 0);

        var v = await ups.ApplyAsync(Insert(1, C(1, 1)));
        Assert.AreEqual(0u, (await AskAsync(ups)).LeaseMs, "written just now: hot");
        clock.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        var again = await AskAsync(ups);
        Assert.IsTrue(again.LeaseMs > 0);
        Assert.AreEqual(v, again.LeaseMaxVersion);
    }

    [TestMethod]
    public async Task ALeaseIsNeverLongerThanWhatIsLeftOfTheMastersOwnLease()
    {
        var clock = new StepClock();
        var left = TimeSpan.FromMilliseconds(400);
        var leases = new IncrementLeases(LeaseTime, (_, _, _, _) => Task.CompletedTask, () => left, clock);
        using var ups = Harness(leases);
        clock.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        Assert.AreEqual(400u, (await AskAsync(ups)).LeaseMs);
        left = TimeSpan.Zero; // not the master, or fenced for a switch
        Assert.AreEqual(0u, (await AskAsync(ups, UpsHarness.Table + 1)).LeaseMs);
    }

    [TestMethod]
    public async Task AReadInsideATransactionGetsNoLease()
    {
        var clock = new StepClock();
        var leases = new IncrementLeases(LeaseTime, (_, _, _, _) => Task.CompletedTask, () => TimeSpan.FromMinutes(5), clock);
        using var ups = Harness(leases);
        clock.Advance(LeaseTime + TimeSpan.FromSeconds(1));
        var tx = ups.Engine.BeginTx(new BeginTxRequest());
        Assert.AreEqual(0u, (await AskAsync(ups, txId: tx.TxId)).LeaseMs);
        Assert.IsFalse(leases.MayBlockWrites);
    }

    [TestMethod]
    public async Task AHolderThatDoesNotAnswerTheRevocationIsWaitedOut()
    {
        var length = TimeSpan.FromSeconds(1);
        var leases = new IncrementLeases(length, (_, _, _, _) => throw new IOException("holder unreachable"), () => TimeSpan.FromMinutes(5));
        using var ups = Harness(leases);
        while (leases.MayBlockWrites)
            await Task.Delay(20);
        var asked = Stopwatch.StartNew();
        Assert.AreEqual((uint)length.TotalMilliseconds, (await AskAsync(ups)).LeaseMs);
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        Assert.IsTrue(asked.Elapsed >= length, $"acknowledged {asked.Elapsed} after the grant, within the lease");
    }
}
