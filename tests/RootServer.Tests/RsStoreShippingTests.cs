using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.RootServer.Schema;

namespace OceanClassic.RootServer.Tests;

// What an RS pair's backup does with the primary's log: shipped entries and installed checkpoints
// give it the primary's state, on disk (it survives a restart).
[TestClass]
public sealed class RsStoreShippingTests
{
    private readonly List<string> _dirs = [];

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var dir in _dirs)
            Directory.Delete(dir, true);
    }

    private async Task<(RsStore Store, RsState State)> OpenAsync(string? dir = null, int checkpointInterval = 3)
    {
        if (dir is null)
        {
            dir = Directory.CreateTempSubdirectory("obrs").FullName;
            _dirs.Add(dir);
        }
        var store = new RsStore(dir, checkpointInterval, NullLogger.Instance);
        return (store, await store.LoadAsync(CancellationToken.None));
    }

    [TestMethod]
    public async Task ShippedEntriesAndACheckpointGiveTheBackupThePrimarysStateAcrossARestart()
    {
        var (primary, primaryState) = await OpenAsync();
        await using var _ = primary;
        for (var i = 0; i < 5; i++)
            await primary.AppendAsync(primaryState, new RsLogEntry { CreateDatabase = new CreateDatabaseRequest { Name = $"db{i}" } }, CancellationToken.None);
        var (backup, backupState) = await OpenAsync();
        var backupDir = _dirs[^1];

        // Joining: the whole state, then the entries after it.
        backupState = await backup.InstallCheckpointAsync(primaryState.ToCheckpoint(), CancellationToken.None);
        var checkpointSeq = primaryState.LastSeq;
        await primary.AppendAsync(primaryState, new RsLogEntry { SetFrozenVersion = 7 }, CancellationToken.None);
        await primary.AppendAsync(primaryState, new RsLogEntry { CreateDatabase = new CreateDatabaseRequest { Name = "late" } }, CancellationToken.None);
        foreach (var entry in primary.EntriesAfter(checkpointSeq)!)
            await backup.AppendShippedAsync(backupState, entry, CancellationToken.None);
        await backup.DisposeAsync();

        var (reopened, state) = await OpenAsync(backupDir);
        await using var __ = reopened;
        Assert.AreEqual(primaryState.LastSeq, state.LastSeq);
        Assert.AreEqual(7UL, state.FrozenVersion);
        CollectionAssert.AreEquivalent(primaryState.Databases.ToArray(), state.Databases.ToArray());
        Assert.AreEqual(primaryState.LastSeq, reopened.LastSeq);
    }

    [TestMethod]
    public async Task EntriesAfterIsEmptyWhenCaughtUpAndNullOnceTheyLeftMemory()
    {
        var (store, state) = await OpenAsync(checkpointInterval: 2);
        await using var _ = store;
        for (var i = 0; i < 9; i++)
            await store.AppendAsync(state, new RsLogEntry { SetFrozenVersion = (ulong)i + 1 }, CancellationToken.None);

        Assert.AreEqual(0, store.EntriesAfter(state.LastSeq)!.Count);
        CollectionAssert.AreEqual(new ulong[] { 8, 9 }, store.EntriesAfter(7)!.Select(e => e.Seq).ToArray());
        Assert.IsNull(store.EntriesAfter(0), "seq 1 is only in a checkpoint now: the backup needs the whole state");
    }
}
