using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Tests;

// A majority master ships each batch before its own write (issue 23: the backups' fsyncs overlap
// its own). When that write fails, the batch is cut from the master's log and its sequences are
// reused, while backups may already hold it: they must cut it too, and nothing they acknowledged
// for the cut log may count toward the entries that replace it.
[TestClass]
public sealed class MajorityEarlyShippingTests
{
    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "ups-early-" + Guid.NewGuid().ToString("N"));

    [TestMethod]
    [Timeout(120_000)]
    public async Task BatchesAMajorityMasterFailedToWriteAfterShippingThemExistOnNoBackupOnceWritesGoOn()
    {
        await using var m = await ReplicaNode.StartAsync(NewDirectory(), logSyncTimeout: TimeSpan.FromSeconds(5));
        await using var a = await ReplicaNode.StartAsync(NewDirectory(), logSyncTimeout: TimeSpan.FromSeconds(5));
        await using var b = await ReplicaNode.StartAsync(NewDirectory(), logSyncTimeout: TimeSpan.FromSeconds(5));
        await m.HeartbeatMajorityAsync(m, term: 1);
        await a.HeartbeatMajorityAsync(m, term: 1);
        await b.HeartbeatMajorityAsync(m, term: 1);
        await Ups.WaitUntilAsync(() => m.Replication.Lease.CanWrite, "the term's first entry committed");
        await m.InsertAsync(1, "before");

        for (var i = 0; i < 5; i++)
        {
            m.Faults.Arm(UpsFaults.AfterShipBeforeLogWrite);
            var failed = false;
            try
            {
                await m.InsertAsync(100 + i, "cut");
            }
            catch (RpcException e) when (e.InnerException is IOException)
            {
                failed = true; // "commit log is unavailable"
            }
            Assert.IsTrue(failed, "the write whose log write failed is not acknowledged");
            m.Faults.Disarm(UpsFaults.AfterShipBeforeLogWrite);
            await m.ReopenAsync();
            await m.InsertAsync(2 + i, "after"); // takes the cut entry's sequence
        }

        // A backup that still holds a cut entry takes nothing more before it verified its log again (the
        // reply names a new log incarnation), so once both hold this entry their logs are the master's.
        await m.InsertAsync(7, "after the last cut");
        var end = m.Engine.LogSequence;
        await Ups.WaitUntilAsync(() => a.Engine.LogSequence == end && b.Engine.LogSequence == end, "both backups reached the master's end");
        for (ulong seq = 1; seq <= end; seq++)
        {
            var expected = CommitLogReader.EntryCrc(m.LogDirectory, seq);
            Assert.IsNotNull(expected);
            Assert.AreEqual(expected, CommitLogReader.EntryCrc(a.LogDirectory, seq), $"backup a's entry {seq}");
            Assert.AreEqual(expected, CommitLogReader.EntryCrc(b.LogDirectory, seq), $"backup b's entry {seq}");
        }
        var rows = await m.RowsAsync();
        CollectionAssert.AreEquivalent(new long[] { 1, 2, 3, 4, 5, 6, 7 }, rows.Keys.ToArray(), "no cut row on the master");
    }
}
