using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Rpc;
using OceanClassic.UpdateServer.CommitLog;
using OceanClassic.UpdateServer.Engine;
using static OceanClassic.UpdateServer.Tests.Ups;

namespace OceanClassic.UpdateServer.Tests;

// A real full disk (a small tmpfs) under the commit log: writes fail and are never acknowledged nor
// visible, the log keeps only acknowledged entries, and once space is back LogFailureRecovery has the
// engine reopened and writes resume by themselves.
[TestClass]
public sealed class DiskFullTests
{
    [TestMethod]
    [Timeout(60_000)]
    public async Task WritesOnAFullDiskFailUnacknowledgedAndResumeByThemselvesOnceSpaceIsBack()
    {
        var root = Directory.CreateTempSubdirectory("ups-diskfull").FullName;
        using var mount = TmpfsMount.Mount(root, 8 << 20);
        using var ups = new UpsHarness(parent: root);
        for (var i = 1; i <= 3; i++)
            await ups.ApplyAsync(Insert(i, C(1, i)));

        var filler = mount.Fill();
        var failed = 0;
        for (var i = 4; i <= 1000 && ups.Engine.LogFailure is null; i++)
        {
            try
            {
                await ups.ApplyAsync(Insert(i, C(2, new string('x', 4000))));
            }
            catch (RpcException)
            {
                failed = i;
            }
        }
        Assert.IsNotNull(ups.Engine.LogFailure, "the log write failed on the full disk");
        var acknowledged = (await ups.ScanAsync()).Select(IdOf).ToList();
        Assert.IsFalse(acknowledged.Contains(failed), "the failed write is not visible");
        await Assert.ThrowsExceptionAsync<RpcException>(() => ups.ApplyAsync(Insert(5000, C(1, 5000))), "refused while the disk is full");
        Assert.IsFalse(LogFailureRecovery.HasRoom(ups.LogDirectory, out _));

        var reopened = 0;
        await using (var recovery = new LogFailureRecovery(() => ups.Engine.LogFailure is not null, ups.LogDirectory,
            _ => { ups.Restart(); reopened++; return Task.CompletedTask; }, NullLogger.Instance))
        {
            await Task.Delay(600); // a few rounds while the disk is still full: nothing is reopened
            Assert.AreEqual(0, reopened);
            File.Delete(filler);
            await WaitUntilAsync(() => ups.Engine.LogFailure is null && reopened > 0, "the engine is reopened once the disk has room");
        }
        Assert.AreEqual(1, reopened);
        CollectionAssert.AreEqual(acknowledged, (await ups.ScanAsync()).Select(IdOf).ToList(), "exactly the acknowledged rows, none of the failed ones");
        await ups.ApplyAsync(Insert(5000, C(1, 5000)));
        ups.Restart();
        CollectionAssert.AreEqual(acknowledged.Append(5000).ToList(), (await ups.ScanAsync()).Select(IdOf).ToList(), "the log holds the acknowledged entries and the new one");
        Assert.AreEqual(acknowledged.Count + 1, CommitLogReplayer.Replay(ups.LogDirectory, _ => { }, NullLogger.Instance).Entries);
    }
}
