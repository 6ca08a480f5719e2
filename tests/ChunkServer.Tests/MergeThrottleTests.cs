using System.Diagnostics;
using OceanClassic.ChunkServer.TabletStore;

namespace OceanClassic.ChunkServer.Tests;

[TestClass]
public sealed class MergeThrottleTests
{
    // 4 MB at 8 MB/s cannot finish in less than half a second (only a lower bound: never flaky).
    [TestMethod]
    public async Task LargeStepsSuchAsCopiedChunksArePacedFromTheFirstCall()
    {
        var throttle = new MergeThrottle(8 << 20);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 4; i++)
            await throttle.PaceAsync(1 << 20, CancellationToken.None);
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromMilliseconds(480), $"4 MB paced at 8 MB/s took only {clock.ElapsedMilliseconds} ms");
    }

    [TestMethod]
    public async Task SmallStepsSuchAsRowsArePacedToo()
    {
        var throttle = new MergeThrottle(1 << 20);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1024; i++)
            await throttle.PaceAsync(256, CancellationToken.None);
        Assert.IsTrue(clock.Elapsed >= TimeSpan.FromMilliseconds(240), $"256 KB of rows paced at 1 MB/s took only {clock.ElapsedMilliseconds} ms");
    }
}
