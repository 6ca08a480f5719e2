using OceanClassic.Common.Checksums;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.MemTable;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// Entry versions: a log written before entries carried their term and commit point (version 2,
// "OCL2") still replays, and the log continues in version 3 behind it.
[TestClass]
public sealed class CommitLogVersionTests
{
    [TestMethod]
    public async Task AVersionTwoLogWithoutStampsReplaysAndTheLogContinuesWithStampedEntries()
    {
        using var ups = new UpsHarness();
        ups.StopEngine();
        var mutation = new LoggedMutation(UpsHarness.Table, Key(1), IncrementKind.Replace, [new ColumnCell(1, ObObj.FromString("old format"))]);
        var body = new CommitLogPayload([mutation], []).EncodeWithHeaderSpace().AsSpan(CommitLogPayload.HeaderSpace).ToArray();
        var entry = new byte[CommitLogEntryHeader.Size + body.Length];
        new CommitLogEntryHeader((uint)body.Length, 1, 1, Crc64.Compute(body), 0, MemTableChecksum.Add(0, 1, [mutation]), Stamped: false).WriteTo(entry);
        body.CopyTo(entry, CommitLogEntryHeader.Size);
        Directory.CreateDirectory(ups.LogDirectory);
        foreach (var file in Directory.GetFiles(ups.LogDirectory))
            File.Delete(file);
        await File.WriteAllBytesAsync(Path.Combine(ups.LogDirectory, CommitLogFiles.FileName(1)), entry);

        ups.Restart();
        Assert.AreEqual(1UL, ups.Engine.LogSequence);
        Assert.AreEqual(0UL, ups.Engine.DurableTerm, "a version-2 entry has no term");
        Assert.AreEqual("old format", Cell((await ups.GetAsync(1))!.Value, 1)!.Value.String);

        await ups.ApplyAsync(Insert(2, C(1, "new format")));
        await ups.ApplyAsync(Insert(3, C(1, "carries commit point 2")));
        ups.Restart();
        Assert.AreEqual(3UL, ups.Engine.LogSequence);
        Assert.AreEqual("old format", Cell((await ups.GetAsync(1))!.Value, 1)!.Value.String);
        Assert.AreEqual("new format", Cell((await ups.GetAsync(2))!.Value, 1)!.Value.String);
        var bytes = await File.ReadAllBytesAsync(Directory.GetFiles(ups.LogDirectory).Single());
        Assert.AreEqual(CommitLogEntryHeader.MagicV2, BitConverter.ToUInt32(bytes, 0));
        Assert.AreEqual(CommitLogEntryHeader.Magic, BitConverter.ToUInt32(bytes, entry.Length), "new entries are written in version 3");
        // The restart knows the commit point: the third entry carries the second as answered.
        Assert.AreEqual(2UL, ups.Engine.AcknowledgedSequence);
    }
}
