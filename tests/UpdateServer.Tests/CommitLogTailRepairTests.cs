using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Replication;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// A restarting UPS whose last entry is corrupt takes it from a peer (CommitLogTailRepair): the peer's
// entries replace its tail, a master that never had the entry lets it be cut, and anything that
// cannot prove the entry unacknowledged keeps the start failing. Peers are UPS log directories
// written by engines that applied the same writes (so their entries are byte for byte the same).
[TestClass]
public sealed class CommitLogTailRepairTests
{
    private const string Self = "127.0.0.1:1";
    private const string Peer = "127.0.0.1:2";

    [TestMethod]
    public async Task APeerHoldingTheCorruptEntryReplacesTheTailAndEveryRowReplays()
    {
        using var own = WithRows(3);
        using var peer = WithRows(4);
        var damage = CorruptLastEntry(own);

        await Repair(peer, master: false).RepairAsync(damage, own.LogDirectory, TimeSpan.Zero, CancellationToken.None);

        own.Restart();
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, (await own.ScanAsync()).Select(IdOf).ToArray(), "entry 3 from the peer, and entry 4 after it");
    }

    [TestMethod]
    public async Task AMasterThatNeverHadTheCorruptEntryLetsItBeCutAsUnacknowledged()
    {
        using var own = WithRows(3);
        using var master = WithRows(2);
        var damage = CorruptLastEntry(own);

        await Repair(master, master: true).RepairAsync(damage, own.LogDirectory, TimeSpan.Zero, CancellationToken.None);

        own.Restart();
        CollectionAssert.AreEqual(new long[] { 1, 2 }, (await own.ScanAsync()).Select(IdOf).ToArray());
    }

    [TestMethod]
    public async Task ABackupThatLacksTheCorruptEntryCannotProveItUnacknowledgedAndTheStartStillFails()
    {
        using var own = WithRows(3);
        using var backup = WithRows(2);
        var damage = CorruptLastEntry(own);
        var length = new FileInfo(damage.File).Length;

        var error = await Assert.ThrowsExceptionAsync<CommitLogCorruptException>(() =>
            Repair(backup, master: false).RepairAsync(damage, own.LogDirectory, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.AreSame(damage, error);
        Assert.AreEqual(length, new FileInfo(damage.File).Length, "nothing is cut");
    }

    [TestMethod]
    public async Task ALoneUpdateServerFailsToStartAtOnceNamingFileAndOffset()
    {
        using var own = WithRows(3);
        var damage = CorruptLastEntry(own);
        var repair = new CommitLogTailRepair(Self, _ => Task.FromResult<IReadOnlyList<ServerInfo>>([new ServerInfo { Role = ServerRole.UpdateServer, Address = Self, IsUpsMaster = true }]),
            (_, _, _) => throw new AssertFailedException("nobody to ask"), NullLogger.Instance);

        var error = await Assert.ThrowsExceptionAsync<CommitLogCorruptException>(() =>
            repair.RepairAsync(damage, own.LogDirectory, TimeSpan.FromMinutes(1), CancellationToken.None));
        StringAssert.Contains(error.Message, $"{damage.File} is corrupt at offset {damage.Offset}");
    }

    [TestMethod]
    public async Task APeerThatDoesNotAnswerYetIsAskedAgainUntilItCanSupplyTheEntry()
    {
        using var own = WithRows(3);
        using var peer = WithRows(3);
        var damage = CorruptLastEntry(own);
        var calls = 0;
        var repair = new CommitLogTailRepair(Self, _ => Task.FromResult(PeerList(master: false)), (_, request, _) =>
            ++calls < 3 ? throw new RpcException(RpcErrorCodes.ConnectionFailed, "connect to peer refused") : Task.FromResult(ReadLog(peer, request)),
            NullLogger.Instance);

        await repair.RepairAsync(damage, own.LogDirectory, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.AreEqual(3, calls);
        own.Restart();
        Assert.AreEqual(3, (await own.ScanAsync()).Count);
    }

    private static UpsHarness WithRows(int count)
    {
        var ups = new UpsHarness();
        for (var i = 1; i <= count; i++)
            ups.ApplyAsync(Insert(i, C(1, i))).GetAwaiter().GetResult();
        return ups;
    }

    // Stops `ups` and flips a byte in its last entry; the replay's refusal, as a start would see it.
    private static CommitLogCorruptException CorruptLastEntry(UpsHarness ups)
    {
        ups.StopEngine();
        var file = CommitLogFiles.ListInOrder(ups.LogDirectory)[^1];
        var bytes = File.ReadAllBytes(file);
        bytes[^2] ^= 0x10;
        File.WriteAllBytes(file, [.. bytes, .. new byte[4096]]);
        var damage = Assert.ThrowsException<CommitLogCorruptException>(() => CommitLogReplayer.Replay(ups.LogDirectory, _ => { }, NullLogger.Instance));
        Assert.IsNotNull(damage.TailSequence);
        return damage;
    }

    private static CommitLogTailRepair Repair(UpsHarness peer, bool master) =>
        new(Self, _ => Task.FromResult(PeerList(master)), (_, request, _) => Task.FromResult(ReadLog(peer, request)), NullLogger.Instance);

    private static IReadOnlyList<ServerInfo> PeerList(bool master) =>
    [
        new ServerInfo { Role = ServerRole.UpdateServer, Address = Self, IsUpsMaster = !master },
        new ServerInfo { Role = ServerRole.UpdateServer, Address = Peer, IsUpsMaster = master },
    ];

    // What UpsReadLog answers from `peer`'s log.
    private static FetchLogResponse ReadLog(UpsHarness peer, FetchLogRequest request)
    {
        var durable = peer.Engine.LogSequence;
        var response = new FetchLogResponse { MasterSeq = durable };
        if (request.FromSeq > durable)
            return response;
        var (bytes, first, last) = CommitLogReader.Read(peer.LogDirectory, request.FromSeq, durable, request.MaxBytes);
        response.Entries = Google.Protobuf.ByteString.CopyFrom(bytes);
        response.FirstSeq = first;
        response.LastSeq = last;
        return response;
    }
}
