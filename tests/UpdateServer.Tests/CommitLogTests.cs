using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.MemTable;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class CommitLogTests
{
    [TestMethod]
    public async Task ConcurrentAppendsShareFarFewerFsyncBatchesThanAppends()
    {
        using var ups = new UpsHarness();
        var writes = Enumerable.Range(1, 100).Select(i => Task.Run(() => ups.ApplyAsync(Insert(i, C(1, i))))).ToArray();
        var versions = await Task.WhenAll(writes);

        Assert.AreEqual(100, versions.Distinct().Count());
        Assert.IsTrue(ups.Engine.CommitBatches < 100, $"{ups.Engine.CommitBatches} batches for 100 appends");
        Assert.AreEqual(ups.Engine.CommitBatches, ups.Engine.Fsyncs);
        Assert.AreEqual(100UL, ups.Engine.LogSequence);
        Assert.AreEqual(100, (await ups.ScanAsync()).Count);
    }

    [TestMethod]
    public async Task LogSyncTypeZeroWritesWithoutFsync()
    {
        using var ups = new UpsHarness(syncLog: false);
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        Assert.AreEqual(0, ups.Engine.Fsyncs);
        ups.Restart();
        Assert.IsNotNull(await ups.GetAsync(1));
    }

    [TestMethod]
    public async Task LogFilesRotateAtTheSizeLimitAndAllReplayAfterRestart()
    {
        using var ups = new UpsHarness(commitLogSize: 2048);
        for (var i = 0; i < 60; i++)
            await ups.ApplyAsync(Insert(i, C(1, new string('x', 100))));
        var files = CommitLogFiles.ListInOrder(ups.LogDirectory);
        Assert.IsTrue(files.Count >= 3, $"{files.Count} files");
        Assert.IsTrue(ups.Engine.LogRotations >= 2);

        ups.Restart();
        Assert.AreEqual(60, (await ups.ScanAsync()).Count);
        Assert.AreEqual(60, ups.Engine.ReplayedEntries);
    }

    [TestMethod]
    public async Task ReplayRestoresRowsVersionsAndContinuesAfterTheHighestVersion()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 10), C(2, 20)));
        await ups.ApplyAsync(Update(1, C(2, 21)));
        await ups.ApplyAsync(Insert(2, C(1, 5)));
        var last = await ups.ApplyAsync(Delete(2));

        ups.Restart();
        Assert.AreEqual(last, ups.Engine.CommittedVersion);
        var row = (await ups.GetAsync(1))!.Value;
        Assert.AreEqual(IncrementKind.Replace, row.State);
        Assert.AreEqual(21L, Cell(row, 2)!.Value.Int);
        Assert.AreEqual(IncrementKind.Delete, (await ups.GetAsync(2))!.Value.State);
        // The version history survives too: at version 1 row 1 still had its first value.
        Assert.AreEqual(20L, Cell((await ups.GetAsync(1, readVersion: 1))!.Value, 2)!.Value.Int);

        var next = await ups.ApplyAsync(Insert(3, C(1, 1)));
        Assert.AreEqual(last + 1, next);
    }

    [TestMethod]
    public async Task ATornLastEntryIsTruncatedAndEarlierEntriesSurvive()
    {
        using var ups = new UpsHarness();
        var file = await WriteFiveRowsAndStopAsync(ups);
        var length = new FileInfo(file).Length;
        using (var stream = new FileStream(file, FileMode.Open))
            stream.SetLength(length - 7); // cut the last entry mid-payload

        ups.Restart();
        var ids = (await ups.ScanAsync()).Select(IdOf).ToArray();
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, ids);
        Assert.IsTrue(new FileInfo(file).Length < length - 7, "the torn bytes are cut from the file");
        // New writes append after the cut and replay cleanly.
        await ups.ApplyAsync(Insert(9, C(1, 9)));
        ups.Restart();
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 9 }, (await ups.ScanAsync()).Select(IdOf).ToArray());
    }

    [TestMethod]
    public async Task ALoneWriterNeverPaysTheGroupCommitWait()
    {
        using var ups = new UpsHarness();
        ups.Restart(ups.Options with { GroupCommitWait = TimeSpan.FromMilliseconds(100) });
        for (var i = 1; i <= 10; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        Assert.AreEqual(10L, ups.Engine.CommitBatches);
        Assert.AreEqual(0L, ups.Engine.CommitGroupWaits, "no batch of a lone writer held the wait open");
    }

    [TestMethod]
    public async Task WritersArrivingAsTheCommitLoopFallsAsleepAreNeverLeftWaiting()
    {
        // The loop sleeps whenever its queue is empty; each writer pauses a random few µs so that
        // appends land before, during and after that step. A lost wake-up would hang a write.
        using var ups = new UpsHarness();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var i = 0; i < 400; i++)
            {
                Thread.SpinWait(random.Next(0, 2000));
                await ups.ApplyAsync(Insert(w * 1000 + i, C(1, i))).WaitAsync(TimeSpan.FromSeconds(20));
            }
        })).ToArray();
        await Task.WhenAll(writers);
        Assert.AreEqual(1600, (await ups.ScanAsync()).Count);
        Assert.AreEqual(1600UL, ups.Engine.LogSequence);
    }

    [TestMethod]
    public async Task ConcurrentWritersUnderAGroupCommitWaitAllCommitInFewBatches()
    {
        using var ups = new UpsHarness();
        ups.Restart(ups.Options with { GroupCommitWait = TimeSpan.FromMilliseconds(2) });
        for (var round = 0; round < 3; round++)
        {
            var writes = Enumerable.Range(1, 64).Select(i => Task.Run(() => ups.ApplyAsync(Insert(round * 100 + i, C(1, i))))).ToArray();
            await Task.WhenAll(writes);
        }
        Assert.AreEqual(192, (await ups.ScanAsync()).Count);
        Assert.IsTrue(ups.Engine.CommitBatches < 96, $"{ups.Engine.CommitBatches} batches for 192 writes");
        Assert.IsTrue(ups.Engine.CommitGroupWaits > 0, "concurrent writers held the wait open");
    }

    [TestMethod]
    public async Task GarbageAfterTheLastEntryIsCutAsATornHeader()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        await ups.Engine.DisposeAsync();
        var file = CommitLogFiles.ListInOrder(ups.LogDirectory)[^1];
        await File.AppendAllTextAsync(file, "OCL");

        ups.Restart();
        Assert.AreEqual(1, (await ups.ScanAsync()).Count);
    }

    [TestMethod]
    public async Task ACorruptByteBeforeValidEntriesStopsStartupNamingFileAndOffset()
    {
        using var ups = new UpsHarness();
        var file = await WriteFiveRowsAndStopAsync(ups);
        var bytes = await File.ReadAllBytesAsync(file);
        var entryLength = bytes.Length / 5;
        bytes[entryLength + CommitLogEntryHeader.Size + 2] ^= 0x5A; // payload of the second entry
        await File.WriteAllBytesAsync(file, bytes);

        var error = Assert.ThrowsException<CommitLogCorruptException>(() => ups.Restart());
        Assert.AreEqual(file, error.File);
        Assert.AreEqual((long)entryLength, error.Offset);
        StringAssert.Contains(error.Message, Path.GetFileName(file));
        Assert.AreEqual(bytes.Length, new FileInfo(file).Length, "nothing is truncated");
    }

    [TestMethod]
    public async Task APreallocatedZeroTailLeftByACrashIsCutAndTheLogContinuesAfterIt()
    {
        using var ups = new UpsHarness();
        var file = await WriteFiveRowsAndStopAsync(ups);
        var length = new FileInfo(file).Length;
        using (var stream = new FileStream(file, FileMode.Append))
            stream.Write(new byte[CommitLogWriter.PreallocateBytes]); // what a SIGKILL leaves

        ups.Restart();
        Assert.AreEqual(length, new FileInfo(file).Length, "the zero tail is cut");
        await ups.ApplyAsync(Insert(6, C(1, 6)));
        ups.Restart();
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4, 5, 6 }, (await ups.ScanAsync()).Select(IdOf).ToArray());
    }

    [TestMethod]
    public async Task TheLiveLogFileIsZeroFilledAheadOfItsLastEntry()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var file = CommitLogFiles.ListInOrder(ups.LogDirectory)[^1];
        Assert.IsTrue(new FileInfo(file).Length >= CommitLogWriter.PreallocateBytes, "preallocated while open");
        await ups.Engine.DisposeAsync();
        Assert.IsTrue(new FileInfo(file).Length < 1024, "a clean stop cuts the preallocation");
        ups.Restart();
    }

    [TestMethod]
    public async Task ACorruptEntryBeforeAZeroTailStillStopsStartup()
    {
        using var ups = new UpsHarness();
        var file = await WriteFiveRowsAndStopAsync(ups);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[(bytes.Length / 5) + CommitLogEntryHeader.Size + 2] ^= 0x5A;
        await File.WriteAllBytesAsync(file, [.. bytes, .. new byte[4096]]);

        var error = Assert.ThrowsException<CommitLogCorruptException>(() => ups.Restart());
        Assert.AreEqual(file, error.File);
    }

    [TestMethod]
    public async Task AWriteThatReachedTheLogBeforeACrashIsReplayed()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        ups.Options.Faults.Arm(UpsFaults.AfterLogWriteBeforeAck);
        var error = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ApplyAsync(Insert(2, C(1, 2))));
        Assert.AreEqual(RpcErrorCodes.Internal, error.Code);
        // Not acknowledged, and not visible: the watermark never advanced past it.
        Assert.AreEqual(1, (await ups.ScanAsync()).Count);
        // The UPS refuses further writes once its log failed.
        await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ApplyAsync(Insert(3, C(1, 3))));

        ups.Restart();
        CollectionAssert.AreEqual(new long[] { 1, 2 }, (await ups.ScanAsync()).Select(IdOf).ToArray());
    }

    [TestMethod]
    public async Task AWriteLostBeforeTheLogWriteIsNeitherAcknowledgedNorReplayed()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        ups.Options.Faults.Arm(UpsFaults.BeforeLogWrite);
        await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ApplyAsync(Insert(2, C(1, 2))));

        ups.Restart();
        CollectionAssert.AreEqual(new long[] { 1 }, (await ups.ScanAsync()).Select(IdOf).ToArray());
    }

    // Five single-row entries, then a clean stop; the log file that holds them.
    private static async Task<string> WriteFiveRowsAndStopAsync(UpsHarness ups)
    {
        for (var i = 1; i <= 5; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        await ups.Engine.DisposeAsync();
        return CommitLogFiles.ListInOrder(ups.LogDirectory)[^1];
    }
}
