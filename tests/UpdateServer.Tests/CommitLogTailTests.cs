using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.UpdateServer.CommitLog;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// The commit log's last entry, damaged every way a test can (CommitLogTailDamage has the rule): a
// flipped byte in a complete entry stops the start; a torn write (cut by the file end, unwritten
// sectors, a write cut short before zero fill) is cut. Tiny files: two entries, the last one
// [270, 540) across the first 512-byte sector boundary; every offset of it is tried.
[TestClass]
public sealed class CommitLogTailTests
{
    private static readonly byte[] ZeroTail = new byte[4096]; // what a SIGKILL leaves after the last entry

    [TestMethod]
    public void AFlippedByteAnywhereInTheCompleteLastEntryStopsTheStartNamingFileAndOffset()
    {
        using var log = TwoEntryLog.Write();
        foreach (var tail in new[] { Array.Empty<byte>(), ZeroTail })
        {
            for (var at = log.LastStart; at < log.Bytes.Length; at++)
            {
                var bytes = log.Bytes.ToArray();
                bytes[at] ^= 0x01;
                var error = Assert.ThrowsException<CommitLogCorruptException>(() => log.Replay([.. bytes, .. tail]),
                    $"flipped byte at {at} (entry at {log.LastStart}), zero tail {tail.Length}");
                Assert.AreEqual(log.File, error.File);
                Assert.AreEqual((long)log.LastStart, error.Offset);
                Assert.AreEqual(2UL, error.TailSequence);
                StringAssert.Contains(error.Message, $"{Path.GetFileName(log.File)} is corrupt at offset {log.LastStart}");
                Assert.AreEqual(bytes.Length + tail.Length, new FileInfo(log.File).Length, "nothing is cut");
            }
        }
    }

    [TestMethod]
    public void TheLastEntryCutByTheFileEndAtEveryOffsetIsATornWriteAndIsCut()
    {
        using var log = TwoEntryLog.Write();
        for (var cut = log.LastStart + 1; cut < log.Bytes.Length; cut++)
        {
            var result = log.Replay(log.Bytes[..cut]);
            Assert.AreEqual(1UL, result.LastSequence, $"cut at {cut}");
            Assert.AreEqual(log.LastStart, new FileInfo(log.File).Length, $"cut at {cut}: the torn entry is cut off");
        }
    }

    [TestMethod]
    public void AWriteCutShortBeforeTheZeroFillIsTornUnlessTooFewZerosRemainToTellFromTheEntrysOwn()
    {
        using var log = TwoEntryLog.Write();
        var headerEnd = log.LastStart + CommitLogEntryHeader.Size;
        for (var from = log.LastStart; from < log.Bytes.Length; from++)
        {
            var bytes = log.Bytes.ToArray();
            Array.Clear(bytes, from, bytes.Length - from);
            // Zeros that change nothing leave a valid entry.
            if (bytes.AsSpan().SequenceEqual(log.Bytes))
                continue;
            var torn = from < headerEnd || log.Bytes.Length - from >= CommitLogTailDamage.MinUnwrittenBytes;
            if (torn)
                Assert.AreEqual(1UL, log.Replay([.. bytes, .. ZeroTail]).LastSequence, $"zero from {from}");
            else
                Assert.ThrowsException<CommitLogCorruptException>(() => log.Replay([.. bytes, .. ZeroTail]), $"zero from {from}");
        }
    }

    [TestMethod]
    public void AnUnwrittenSectorOfTheLastEntryIsATornWriteWhicheverSectorItIs()
    {
        using var log = TwoEntryLog.Write();
        Assert.IsTrue(log.LastStart < CommitLogTailDamage.Sector && log.Bytes.Length - CommitLogTailDamage.Sector >= CommitLogTailDamage.MinUnwrittenBytes,
            "the last entry crosses the first sector boundary");
        var firstUnwritten = log.Bytes.ToArray();
        Array.Clear(firstUnwritten, log.LastStart, CommitLogTailDamage.Sector - log.LastStart);
        Assert.AreEqual(1UL, log.Replay([.. firstUnwritten, .. ZeroTail]).LastSequence, "the entry's part of the first sector unwritten");
        var secondUnwritten = log.Bytes.ToArray();
        Array.Clear(secondUnwritten, CommitLogTailDamage.Sector, secondUnwritten.Length - CommitLogTailDamage.Sector);
        Assert.AreEqual(1UL, log.Replay([.. secondUnwritten, .. ZeroTail]).LastSequence, "the entry's part of the second sector unwritten");
    }

    [TestMethod]
    public void AFlippedByteInTheLastEntryStopsTheEngineAndTheRestoredLogStartsWithEveryRow()
    {
        using var ups = new UpsHarness();
        for (var i = 1; i <= 3; i++)
            ups.ApplyAsync(Insert(i, C(1, i))).GetAwaiter().GetResult();
        ups.StopEngine();
        var file = CommitLogFiles.ListInOrder(ups.LogDirectory)[^1];
        var good = File.ReadAllBytes(file);
        var bad = good.ToArray();
        bad[^3] ^= 0x40;
        File.WriteAllBytes(file, [.. bad, .. ZeroTail]);

        var error = Assert.ThrowsException<CommitLogCorruptException>(() => ups.Restart());
        Assert.AreEqual(3UL, error.TailSequence);
        File.WriteAllBytes(file, good);
        ups.Restart();
        Assert.AreEqual(3, ups.ScanAsync().GetAwaiter().GetResult().Count);
    }

    // A log directory holding one file of two entries written by a real engine, the second [270, 540).
    private sealed class TwoEntryLog : IDisposable
    {
        private readonly UpsHarness _ups = new();

        private TwoEntryLog() { }

        public string File { get; private set; } = "";
        public byte[] Bytes { get; private set; } = [];
        public int LastStart { get; private set; }

        public static TwoEntryLog Write()
        {
            var log = new TwoEntryLog();
            var filler = new string('x', 200);
            log._ups.ApplyAsync(Insert(1, C(2, filler))).GetAwaiter().GetResult();
            log._ups.ApplyAsync(Insert(2, C(2, filler + "y"))).GetAwaiter().GetResult();
            log._ups.StopEngine();
            log.File = CommitLogFiles.ListInOrder(log._ups.LogDirectory)[^1];
            log.Bytes = System.IO.File.ReadAllBytes(log.File);
            CommitLogEntryHeader.TryRead(log.Bytes, out var first);
            log.LastStart = CommitLogEntryHeader.Size + (int)first.PayloadLength;
            return log;
        }

        // Writes `bytes` as the log file and replays it (a torn tail is cut from the file).
        public CommitLogReplayResult Replay(byte[] bytes)
        {
            System.IO.File.WriteAllBytes(File, bytes);
            return CommitLogReplayer.Replay(_ups.LogDirectory, _ => { }, NullLogger.Instance);
        }

        public void Dispose() => _ups.Dispose();
    }
}
