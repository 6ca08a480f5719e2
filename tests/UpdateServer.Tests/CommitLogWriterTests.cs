using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Tests;

// The writer's files, byte for byte: O_DIRECT page writes (which rewrite the partial page they start
// in) and page-cache writes must leave exactly the appended bytes, across reopen and rotation.
[TestClass]
public sealed class CommitLogWriterTests
{
    private string _dir = "";

    [TestInitialize]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("ups-log-writer-").FullName;

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void FilesHoldExactlyTheAppendedBatchesAcrossPageBoundariesReopenAndRotation(bool directIo)
    {
        var random = new Random(7);
        var expected = new Dictionary<string, List<byte>>();
        var writer = new CommitLogWriter(_dir, rotateBytes: 40_000, sync: true, lastFile: null, directIo);
        ulong sequence = 1;
        long dataSyncWrites = 0;
        for (var i = 0; i < 60; i++)
        {
            // Sizes below, at and above a page, so batches start and end at every kind of offset.
            var batch = new byte[random.Next(4) switch { 0 => random.Next(1, 64), 1 => 4096, 2 => random.Next(4000, 9000), _ => random.Next(64, 4096) }];
            random.NextBytes(batch);
            batch[0] |= 1; // never a zero byte at an entry start
            var before = writer.DataSyncWrites;
            writer.Write(batch, sequence);
            dataSyncWrites += writer.DataSyncWrites - before;
            Assert.AreEqual(directIo, writer.IsDirect, "O_DIRECT where asked for (the test directory's file system takes it)");
            var file = writer.CurrentFile!;
            if (!expected.TryGetValue(file, out var bytes))
                expected[file] = bytes = [];
            bytes.AddRange(batch);
            sequence++;
            if (i % 9 == 4)
            {
                // A restart continues the newest file after its last entry, at an offset inside a page.
                writer.Dispose();
                writer = new CommitLogWriter(_dir, rotateBytes: 40_000, sync: true, lastFile: file, directIo);
            }
        }
        writer.Dispose();

        Assert.IsTrue(expected.Count >= 3, $"rotated into {expected.Count} files");
        if (directIo)
            Assert.IsTrue(dataSyncWrites > 0, "batches inside the zero-filled tail were written with RWF_DSYNC");
        CollectionAssert.AreEquivalent(expected.Keys.ToArray(), CommitLogFiles.ListInOrder(_dir).ToArray());
        foreach (var (file, bytes) in expected)
            CollectionAssert.AreEqual(bytes.ToArray(), File.ReadAllBytes(file), Path.GetFileName(file));
    }

    // The first batch grows the file (zeros ahead, then write + fdatasync, which makes the new size durable);
    // the second overwrites zeros already durable, one RWF_DSYNC write.
    [TestMethod]
    public void AnOpenDirectIoFileIsZeroFilledAheadAndEveryBatchIsSynced()
    {
        using var writer = new CommitLogWriter(_dir, rotateBytes: 64 << 20, sync: true, lastFile: null, directIo: true);
        var batch = Enumerable.Repeat((byte)0xAB, 5000).ToArray();
        writer.Write(batch, 1);
        Assert.AreEqual(0, writer.DataSyncWrites, "a batch that grows the file is written and fdatasynced");
        writer.Write(batch, 2);

        Assert.IsTrue(writer.IsDirect);
        Assert.AreEqual(2, writer.Fsyncs);
        Assert.AreEqual(1, writer.DataSyncWrites, "a batch inside the zero-filled tail is one RWF_DSYNC write");
        var content = ReadShared(writer.CurrentFile!);
        Assert.IsTrue(content.Length >= CommitLogWriter.PreallocateBytes, $"{content.Length} bytes on disk while open");
        Assert.IsTrue(content.AsSpan(0, 10_000).IndexOfAnyExcept((byte)0xAB) < 0, "both batches in place");
        Assert.IsTrue(content.AsSpan(10_000).IndexOfAnyExcept((byte)0) < 0, "zeros after the last batch");
    }

    [TestMethod]
    public void WithoutFsyncTheLogIsWrittenThroughThePageCache()
    {
        using var writer = new CommitLogWriter(_dir, rotateBytes: 64 << 20, sync: false, lastFile: null, directIo: true);
        writer.Write([1, 2, 3], 1);
        Assert.IsFalse(writer.IsDirect);
        Assert.AreEqual(0, writer.Fsyncs);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, ReadShared(writer.CurrentFile!));
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
