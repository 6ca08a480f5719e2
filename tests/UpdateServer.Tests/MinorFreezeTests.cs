using System.Globalization;
using System.Text;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Dump;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

[TestClass]
public sealed class MinorFreezeTests
{
    [TestMethod]
    public async Task RestartLoadsTheDumpAndReplaysOnlyTheLogAfterIt()
    {
        using var ups = new UpsHarness();
        for (var i = 0; i < 100; i++)
            await ups.ApplyAsync(Insert(i, C(1, i), C(2, "row " + i)));
        var dump = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        for (var i = 100; i < 110; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        var before = Render(ups.Engine);

        ups.Restart();

        Assert.AreEqual(10, ups.Engine.ReplayedEntries, "only the entries after the dump are replayed");
        Assert.AreEqual(dump.LogSequence, ups.Engine.DumpSequence);
        Assert.AreEqual(before, Render(ups.Engine), "the MemTable is rebuilt exactly, version chains included");
        Assert.AreEqual(110, (await ups.ScanAsync()).Count);
        Assert.AreEqual(42, await ups.ValueAsync(42));
    }

    [TestMethod]
    public async Task VersionWindowsReadTheSameAfterARestartFromADump()
    {
        using var ups = new UpsHarness();
        var random = new Random(7);
        var versions = new List<ulong>();
        for (var i = 0; i < 300; i++)
        {
            var id = random.Next(40);
            var mutation = random.Next(5) switch
            {
                0 => Delete(id),
                1 => Replace(id, C(1, i)),
                _ => Update(id, C(random.Next(1, 4), i)),
            };
            versions.Add(await ups.ApplyAsync(mutation));
        }
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        var windows = new List<(ulong Read, ulong Min)>();
        foreach (var read in versions.Where((_, i) => i % 37 == 0).Append(versions[^1]))
        {
            foreach (var min in new ulong[] { 0, read / 3, read / 2, read - 1 })
                windows.Add((read, min));
        }
        var expected = new List<string>();
        foreach (var (read, min) in windows)
            expected.Add(await ScanText(ups, read, min));

        ups.Restart();

        for (var i = 0; i < windows.Count; i++)
            Assert.AreEqual(expected[i], await ScanText(ups, windows[i].Read, windows[i].Min), $"window {windows[i]}");
    }

    [TestMethod]
    public async Task WritesAfterTheDumpKeepTheMemTableChecksumChainAcrossTwoRestarts()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await ups.ApplyAsync(Update(1, C(1, 2)));
        ups.Restart();
        var checksum = ups.Engine.MemTableChecksumValue;
        await ups.ApplyAsync(Update(1, C(1, 3)));
        ups.Restart();

        Assert.AreEqual(3, await ups.ValueAsync(1));
        Assert.AreNotEqual(checksum, ups.Engine.MemTableChecksumValue);
        Assert.AreEqual(2, ups.Engine.ReplayedEntries, "both entries after the dump were replayed and their checksums verified");
    }

    [TestMethod]
    public async Task PassingActiveMemLimitFreezesAndDumpsWithoutBeingAsked()
    {
        using var ups = new UpsHarness();
        ups.Restart(ups.Options with { ActiveMemLimit = 64 << 10 });
        var payload = new string('x', 200);
        for (var i = 0; i < 400; i++)
            await ups.ApplyAsync(Insert(i, C(1, i), C(2, payload)));
        await WaitUntilAsync(() => ups.Engine.DumpSequence > 0, "an automatic dump");
        Assert.IsTrue(ups.Engine.MinorFreezes >= 1);
        Assert.IsTrue(ups.Engine.FrozenMemTableBytes > 0, "the frozen part is reported");
        Assert.IsTrue(ups.Engine.ActiveMemTableBytes < ups.Engine.MemTable.ApproximateBytes);
        await WaitUntilAsync(() => Directory.GetFiles(DumpStore.DirectoryOf(ups.Directory), "*.manifest").Length > 0, "the manifest");

        ups.Restart(ups.Options with { ActiveMemLimit = 1L << 30 });

        Assert.IsTrue(ups.Engine.ReplayedEntries < 400, $"replayed {ups.Engine.ReplayedEntries} of 400 entries");
        Assert.AreEqual(400, (await ups.ScanAsync()).Count);
    }

    [TestMethod]
    public async Task ReleasedRowsStillRefuseDuplicatesAfterARestartFromADump()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        await ups.ApplyAsync(Insert(2, C(1, 2)));
        await ups.ApplyAsync(Delete(2));
        var frozen = ups.Engine.MajorFreeze();
        ups.Engine.ReleaseUpTo(frozen);
        await WaitUntilAsync(() => ups.Engine.ReleasedBytes > 0, "the release");
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);

        ups.Restart();

        Assert.AreEqual(frozen, ups.Engine.ReleasedVersion);
        var duplicate = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ApplyAsync(Insert(1, C(1, 9))));
        Assert.AreEqual(1062, duplicate.Code);
        await ups.ApplyAsync(Insert(2, C(1, 3)));
        var stale = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.Engine.ScanIncrementAsync(
            new ScanIncrementRequest { TableId = UpsHarness.Table, MinVersion = frozen - 1 }, CancellationToken.None).AsTask());
        Assert.AreEqual(6101, stale.Code);
    }

    [TestMethod]
    public async Task AutoIncrementMarksSurviveARestartFromADump()
    {
        using var ups = new UpsHarness();
        var first = await ups.Engine.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = UpsHarness.Table, Count = 100 }, CancellationToken.None);
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        ups.Restart();
        var next = await ups.Engine.AllocAutoIncAsync(new AllocAutoIncRequest { TableId = UpsHarness.Table, Count = 1 }, CancellationToken.None);
        Assert.AreEqual(first.First + 100, next.First);
    }

    [TestMethod]
    public async Task ADamagedDumpStopsTheStartNamingTheFile()
    {
        using var ups = new UpsHarness();
        for (var i = 0; i < 50; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        var dump = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await ups.Engine.DisposeAsync();
        var path = Path.Combine(DumpStore.DirectoryOf(ups.Directory), dump.SSTableFile);
        var bytes = File.ReadAllBytes(path);
        bytes[10] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var error = Assert.ThrowsException<DumpCorruptException>(() => ups.Restart());
        StringAssert.Contains(error.Message, dump.SSTableFile);
    }

    [TestMethod]
    public async Task LogFilesBeforeTheOlderKeptDumpAreDeleted()
    {
        using var ups = new UpsHarness(commitLogSize: 4096);
        var id = 0;
        async Task WriteSome()
        {
            for (var i = 0; i < 60; i++, id++)
                await ups.ApplyAsync(Insert(id, C(1, id), C(2, new string('y', 100))));
        }
        await WriteSome();
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        var filesAfterFirst = CommitLogFiles.ListInOrder(ups.LogDirectory).Count;
        await WriteSome();
        var second = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await WriteSome();
        var first = CommitLogFiles.FirstSequenceOf(CommitLogFiles.ListInOrder(ups.LogDirectory)[0]);
        Assert.IsTrue(filesAfterFirst > 2);
        Assert.IsTrue(first > 1, "the oldest log files are gone");
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        Assert.IsTrue(CommitLogFiles.FirstSequenceOf(CommitLogFiles.ListInOrder(ups.LogDirectory)[0]) <= second.LogSequence + 1,
            "the log after the older kept replay point stays");
        Assert.AreEqual(3, Directory.GetFiles(DumpStore.DirectoryOf(ups.Directory), "*.sst").Length, "the base and its two deltas are all needed");

        ups.Restart();
        Assert.AreEqual(180, (await ups.ScanAsync()).Count);
        Assert.AreEqual(0, ups.Engine.ReplayedEntries);
        Assert.IsTrue(second.LogSequence < ups.Engine.LogSequence);
    }

    [TestMethod]
    public async Task ASecondDumpWritesOnlyTheIncrementsSinceTheFirstAndRestartLoadsBoth()
    {
        using var ups = new UpsHarness();
        for (var i = 0; i < 100; i++)
            await ups.ApplyAsync(Insert(i, C(1, i), C(2, "row " + i)));
        var baseDump = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        for (var i = 0; i < 10; i++)
            await ups.ApplyAsync(Update(i, C(1, 1000 + i)));
        for (var i = 100; i < 105; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        await ups.ApplyAsync(Delete(50));
        var delta = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        var before = Render(ups.Engine);
        var scanned = await ScanText(ups, ups.Engine.CommittedVersion, 0);

        Assert.IsTrue(baseDump.IsBase);
        Assert.AreEqual(100, baseDump.RowCount);
        Assert.IsFalse(delta.IsBase);
        Assert.AreEqual(baseDump.LogSequence, delta.PreviousSequence);
        Assert.AreEqual(baseDump.LastVersion, delta.FromVersion);
        Assert.AreEqual(16, delta.RowCount, "only the 16 increments after the first dump");
        foreach (var dump in new[] { baseDump, delta })
            Assert.AreEqual(CommitLogReader.EntryCrc(ups.LogDirectory, dump.LogSequence), dump.LastEntryCrc, "the manifest holds the CRC of its last log entry");

        ups.Restart();

        Assert.AreEqual(0, ups.Engine.ReplayedEntries);
        Assert.AreEqual(before, Render(ups.Engine), "base and delta rebuild the version chains exactly");
        Assert.AreEqual(1003, await ups.ValueAsync(3));
        Assert.AreEqual(scanned, await ScanText(ups, ups.Engine.CommittedVersion, 0));
    }

    [TestMethod]
    public async Task TheFirstDumpAfterAReleaseIsANewBaseAndTheOldChainGoes()
    {
        using var ups = new UpsHarness();
        for (var i = 0; i < 20; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        var oldBase = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await ups.ApplyAsync(Update(1, C(1, 100)));
        var oldDelta = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        var frozen = ups.Engine.MajorFreeze();
        ups.Engine.ReleaseUpTo(frozen);
        await WaitUntilAsync(() => ups.Engine.ReleasedBytes > 0, "the release");
        await ups.ApplyAsync(Update(2, C(1, 200)));
        var newBase = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await ups.ApplyAsync(Update(3, C(1, 300)));
        var newDelta = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        var before = Render(ups.Engine);

        Assert.IsFalse(oldDelta.IsBase);
        Assert.IsTrue(newBase.IsBase, "a release makes the next dump a base");
        Assert.AreEqual(1 + 20, newBase.RowCount, "the live increment and a marker for each released row");
        Assert.IsFalse(newDelta.IsBase);
        Assert.AreEqual(newBase.LogSequence, newDelta.PreviousSequence);
        var files = Directory.GetFiles(DumpStore.DirectoryOf(ups.Directory)).Select(Path.GetFileName).Order().ToList();
        CollectionAssert.AreEqual(
            new[] { newBase.SSTableFile, newDelta.SSTableFile }.SelectMany(f => new[] { Path.ChangeExtension(f, ".manifest"), f }).Order().ToList(),
            files, $"{oldBase.SSTableFile} and {oldDelta.SSTableFile} are no longer needed");

        ups.Restart();

        Assert.AreEqual(before, Render(ups.Engine));
        Assert.AreEqual(frozen, ups.Engine.ReleasedVersion);
        var duplicate = await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ApplyAsync(Insert(5, C(1, 9))));
        Assert.AreEqual(1062, duplicate.Code);
    }

    [TestMethod]
    public async Task ADeltaWhoseEarlierDumpIsMissingStopsTheStartNamingIt()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var baseDump = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await ups.ApplyAsync(Insert(2, C(1, 2)));
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await ups.Engine.DisposeAsync();
        var missing = DumpStore.ManifestPath(ups.Directory, baseDump.LogSequence);
        File.Delete(missing);

        var error = Assert.ThrowsException<DumpCorruptException>(() => ups.Restart());
        StringAssert.Contains(error.Message, missing);
    }

    [TestMethod]
    public async Task AFreezeWithNothingLoggedSinceTheLastDumpWritesNoFile()
    {
        using var ups = new UpsHarness();
        await ups.ApplyAsync(Insert(1, C(1, 1)));
        var first = await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        var again = await ups.Engine.MinorFreezeAsync(CancellationToken.None);

        Assert.AreEqual(first, again);
        Assert.AreEqual(1, Directory.GetFiles(DumpStore.DirectoryOf(ups.Directory), "*.sst").Length);
        ups.Restart();
        Assert.AreEqual(1, await ups.ValueAsync(1));
    }

    [TestMethod]
    public async Task CuttingTheLogBelowTheNewestDumpRestartsFromTheOlderOne()
    {
        using var ups = new UpsHarness();
        for (var i = 0; i < 20; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        for (var i = 20; i < 30; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        var lastKept = ups.Engine.LogSequence;
        var expected = Render(ups.Engine);
        for (var i = 30; i < 40; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await ups.Engine.DisposeAsync();

        // What a returning master does when the new master never had the entries after lastKept.
        CommitLogReader.TruncateAfter(ups.LogDirectory, lastKept);
        DumpStore.DiscardAfter(ups.Directory, lastKept);
        ups.Restart();

        Assert.AreEqual(lastKept, ups.Engine.LogSequence);
        Assert.AreEqual(10, ups.Engine.ReplayedEntries);
        Assert.AreEqual(expected, Render(ups.Engine));
    }

    [TestMethod]
    public async Task ADumpTakenUnderConcurrentWritesLosesNoAcknowledgedWrite()
    {
        using var ups = new UpsHarness();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (long id = w * 1_000_000; !stop.IsCancellationRequested; id++)
            {
                await ups.ApplyAsync(Insert(id, C(1, id)));
                acknowledged.Add(id);
            }
        })).ToList();
        await WaitUntilAsync(() => acknowledged.Count > 200, "writes before the dump");
        await ups.Engine.MinorFreezeAsync(CancellationToken.None);
        await WaitUntilAsync(() => acknowledged.Count > 400, "writes after the dump");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        ups.Restart();

        var present = (await ups.ScanAsync()).Select(IdOf).ToHashSet();
        Assert.AreEqual(0, acknowledged.Count(id => !present.Contains(id)), "acknowledged rows missing");
        Assert.IsTrue(ups.Engine.ReplayedEntries < acknowledged.Count);
    }

    private static async Task<string> ScanText(UpsHarness ups, ulong read, ulong min)
    {
        var response = await ups.Engine.ScanIncrementAsync(
            new ScanIncrementRequest { TableId = UpsHarness.Table, ReadVersion = read, MinVersion = min }, CancellationToken.None);
        var text = new StringBuilder();
        foreach (var row in Engine.IncrementRowsBlock.Decode(response.Rows.Span))
        {
            text.Append(CultureInfo.InvariantCulture, $"{IdOf(row)}:{row.State}");
            foreach (var cell in row.Cells)
                text.Append(CultureInfo.InvariantCulture, $" {cell.ColumnId}={cell.Value.ToText()}");
            text.Append('\n');
        }
        return text.ToString();
    }

    // Every row's whole version chain and what a release left of it.
    private static string Render(Engine.UpdateEngine engine)
    {
        var text = new StringBuilder();
        foreach (var row in engine.MemTable.AllRows())
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.TableId}/{Convert.ToHexString(row.RowKey)} released={row.Released}:");
            for (var n = row.Newest; n is not null; n = n.Older)
            {
                text.Append(CultureInfo.InvariantCulture, $" [{n.Version} {n.Kind}");
                foreach (var cell in n.Cells)
                    text.Append(CultureInfo.InvariantCulture, $" {cell.ColumnId}={cell.Value.ToText()}");
                text.Append(']');
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
