using Microsoft.VisualStudio.TestTools.UnitTesting;
using OceanClassic.ChunkServer.Scan;
using OceanClassic.ChunkServer.TabletStore;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using static OceanClassic.ChunkServer.Tests.TestKeys;

namespace OceanClassic.ChunkServer.Tests;

// The holder's side of the increment leases (IncrementLeaseCache, TabletScanService, LeasingIncrementSource).
[TestClass]
public sealed class IncrementLeaseTests
{
    private const ulong TableId = 5;

    // A monotonic clock the test moves (1 tick = 1 µs).
    private sealed class StepClock : TimeProvider
    {
        private long _now = 1_000_000;

        public override long TimestampFrequency => 1_000_000;

        public override long GetTimestamp() => Interlocked.Read(ref _now);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)(by.TotalSeconds * TimestampFrequency));
    }

    // Tablets of version 1; the UPS holds rows 0..9 newer than them (a lease would not be granted then: here it
    // shows whether the read asked the UPS).
    private static (TabletScanService Service, ListIncrementSource Source, IncrementLeaseCache Leases) Service(TimeProvider? clock = null)
    {
        var map = new TabletMap();
        map.Replace([Tablet(TableId, null, 1000), Tablet(TableId, 1000, null)]);
        var increments = Enumerable.Range(0, 10)
            .Select(i => new IncrementRow(Key(i), IncrementState.Replace, [new IncrementCell(0, ObObj.FromInt(i))]))
            .ToList();
        var source = new ListIncrementSource(increments, latestVersion: 9);
        var leases = new IncrementLeaseCache(clock);
        return (new TabletScanService(map, source, leases: leases), source, leases);
    }

    private static void Grant(IncrementLeaseCache leases, ulong maxVersion, ulong committed, uint ms = 60_000)
    {
        Assert.IsTrue(leases.TryBeginAsking(TableId, out var revocations));
        leases.Complete(TableId, revocations, leases.Now,
            new ScanIncrementResponse { LeaseMs = ms, LeaseMaxVersion = maxVersion, LeaseCommittedVersion = committed });
    }

    private static TabletScanRequest Request(ulong readVersion = 0, bool mayFix = true, ulong txId = 0)
    {
        var r = new TabletScanRequest { TableId = TableId, Range = Range(0, 100), ReadVersion = readVersion, LeaseMayFix = mayFix, TxId = txId };
        r.ColumnIds.Add(0);
        return r;
    }

    [TestMethod]
    public async Task AReadUnderALeaseIsAnsweredFromTheBaselineWithoutAnUpdateServerCallAtAVersionNoOlderThanTheLeases()
    {
        var (service, source, leases) = Service();
        Grant(leases, maxVersion: 1, committed: 7);
        var response = await service.ScanAsync(Request(), default);
        Assert.AreEqual(0, source.Requests.Count);
        Assert.IsTrue(response.LeaseServed);
        Assert.AreEqual(0L, response.RowCount, "the baselines alone");
        Assert.AreEqual(7UL, response.ReadVersion);
        Assert.AreEqual(1L, leases.Served);
    }

    [TestMethod]
    public async Task AnUnfixedReadTheMergeServerDidNotLetALeaseFixAsksTheUpdateServer()
    {
        var (service, source, leases) = Service();
        Grant(leases, maxVersion: 1, committed: 7);
        var response = await service.ScanAsync(Request(mayFix: false), default);
        Assert.AreEqual(1, source.Requests.Count);
        Assert.IsFalse(response.LeaseServed);
        Assert.AreEqual(9UL, response.ReadVersion);
        Assert.AreEqual(10L, response.RowCount);
    }

    [TestMethod]
    public async Task AReadAtAFixedVersionIsAnsweredUnderALeaseAtThatVersion()
    {
        var (service, source, leases) = Service();
        Grant(leases, maxVersion: 1, committed: 7);
        var response = await service.ScanAsync(Request(readVersion: 5, mayFix: false), default);
        Assert.AreEqual(0, source.Requests.Count);
        Assert.IsTrue(response.LeaseServed);
        Assert.AreEqual(5UL, response.ReadVersion);
    }

    [TestMethod]
    public async Task ATabletOlderThanTheLeasesMaxVersionIsReadWithItsIncrements()
    {
        var (service, source, leases) = Service();
        Grant(leases, maxVersion: 3, committed: 7);
        var response = await service.ScanAsync(Request(), default);
        Assert.AreEqual(1, source.Requests.Count);
        Assert.IsFalse(response.LeaseServed);
        Assert.AreEqual(10L, response.RowCount);
    }

    [TestMethod]
    public async Task AReadInsideATransactionAsksTheUpdateServerForItsOwnWritesUnderALease()
    {
        var (service, source, leases) = Service();
        Grant(leases, maxVersion: 1, committed: 7);
        var response = await service.ScanAsync(Request(txId: 9), default);
        Assert.AreEqual(1, source.Requests.Count);
        Assert.AreEqual(9UL, source.Requests[0].TxId);
        Assert.IsFalse(response.LeaseServed);
    }

    [TestMethod]
    public async Task ARevokedLeaseServesNoFurtherRead()
    {
        var (service, source, leases) = Service();
        Grant(leases, maxVersion: 1, committed: 7);
        leases.Revoke(TableId);
        var response = await service.ScanAsync(Request(), default);
        Assert.AreEqual(1, source.Requests.Count);
        Assert.IsFalse(response.LeaseServed);
    }

    [TestMethod]
    public void ALeaseWhoseAnswerArrivesAfterARevocationOfItsTableIsNotInstalled()
    {
        var leases = new IncrementLeaseCache();
        Assert.IsTrue(leases.TryBeginAsking(TableId, out var revocations));
        var sentAt = leases.Now;
        leases.Revoke(TableId);
        leases.Complete(TableId, revocations, sentAt, new ScanIncrementResponse { LeaseMs = 60_000, LeaseMaxVersion = 1, LeaseCommittedVersion = 2 });
        Assert.IsFalse(leases.TryGet(TableId, out _));
        // The next grant, asked after the revocation, is installed.
        Grant(leases, maxVersion: 3, committed: 4);
        Assert.IsTrue(leases.TryGet(TableId, out var lease));
        Assert.AreEqual(3UL, lease.MaxVersion);
    }

    [TestMethod]
    public void ALeaseRunsFromBeforeItsRequestWasSentLessAMargin()
    {
        var clock = new StepClock();
        var leases = new IncrementLeaseCache(clock);
        Assert.IsTrue(leases.TryBeginAsking(TableId, out var revocations));
        var sentAt = leases.Now;
        clock.Advance(TimeSpan.FromMilliseconds(500)); // the answer took half a second
        leases.Complete(TableId, revocations, sentAt, new ScanIncrementResponse { LeaseMs = 1000, LeaseMaxVersion = 1 });
        clock.Advance(TimeSpan.FromMilliseconds(350));
        Assert.IsTrue(leases.TryGet(TableId, out _), "0.85 s after sending");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.IsFalse(leases.TryGet(TableId, out _), "0.95 s after sending: past the lease less its 10% margin");
    }

    [TestMethod]
    public void ARefusedTableIsNotAskedAgainAtOnceAndAnotherMasterEndsEveryLease()
    {
        var clock = new StepClock();
        var leases = new IncrementLeaseCache(clock);
        Assert.IsTrue(leases.TryBeginAsking(TableId, out var revocations));
        Assert.IsFalse(leases.TryBeginAsking(TableId, out _), "one request asks at a time");
        leases.Complete(TableId, revocations, leases.Now, new ScanIncrementResponse());
        Assert.IsFalse(leases.TryBeginAsking(TableId, out _), "refused just now");
        clock.Advance(TimeSpan.FromSeconds(1));
        Grant(leases, maxVersion: 1, committed: 1);
        Assert.IsTrue(leases.TryGet(TableId, out _));
        leases.RevokeAll();
        Assert.IsFalse(leases.TryGet(TableId, out _));
    }

    [TestMethod]
    public async Task ReadsAskForALeaseNamingThisChunkServerAndStopAskingWhileItRuns()
    {
        var leases = new IncrementLeaseCache();
        var asked = new List<ScanIncrementRequest>();
        var inner = new LeaseGrantingSource(asked);
        var source = new LeasingIncrementSource(inner, leases, "127.0.0.1:2600");
        await source.ScanAsync(new ScanIncrementRequest { TableId = TableId }, default);
        await source.ScanAsync(new ScanIncrementRequest { TableId = TableId }, default);
        await source.ScanAsync(new ScanIncrementRequest { TableId = TableId + 1, TxId = 3 }, default);
        Assert.AreEqual("127.0.0.1:2600", asked[0].LeaseHolder);
        Assert.AreEqual("", asked[1].LeaseHolder, "a lease runs");
        Assert.AreEqual("", asked[2].LeaseHolder, "a transaction's read asks for none");
        Assert.IsTrue(leases.TryGet(TableId, out var lease));
        Assert.AreEqual(4UL, lease.MaxVersion);
        Assert.IsFalse(leases.TryGet(TableId + 1, out _));
    }

    private sealed class LeaseGrantingSource(List<ScanIncrementRequest> asked) : IIncrementSource
    {
        public Task<ScanIncrementResponse> ScanAsync(ScanIncrementRequest request, CancellationToken ct)
        {
            asked.Add(request.Clone());
            var response = new ScanIncrementResponse { ReadVersion = 8 };
            if (request.LeaseHolder.Length > 0)
                (response.LeaseMs, response.LeaseMaxVersion, response.LeaseCommittedVersion) = (60_000u, 4UL, 8UL);
            return Task.FromResult(response);
        }
    }
}
