using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// The UpdateServer's data directory on a small tmpfs that the test fills for real: writes fail while
// the disk is full (none acknowledged), and resume by themselves, in the same process, once the
// space is freed; no acknowledged write is lost.
[TestClass]
public sealed class UpsDiskFullTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(240_000)]
    public async Task WritesRefusedOnAFullDiskResumeWithoutARestartOnceSpaceIsFreedAndNothingAcknowledgedIsLost()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 1 });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE full");
            await c.ExecAsync("CREATE TABLE full.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        var ups = cluster.Get("ups");
        var data = Path.Combine(Path.GetDirectoryName(ups.LogPath)!, "data");
        ups.Kill();
        Directory.Move(data, data + ".moved");
        var mount = TmpfsMount.Mount(data, 48 << 20);
        var load = (InsertLoad?)null;
        try
        {
            CopyTree(data + ".moved", data);
            ups.Start();
            load = new InsertLoad(cluster, writers: 4, database: "full");
            await load.WaitForMoreAsync(200, "inserts with the UPS data on the tmpfs");
            var pid = ups.Pid;

            var filler = mount.Fill();
            await ups.WaitForLogAsync("commit log write failed", "a log write fails on the full disk", TimeSpan.FromSeconds(90));
            var refused = load.Acknowledged.Count;
            var failedBefore = load.Failed;
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.Failed > failedBefore + 20), TimeSpan.FromSeconds(30), "writes refused while the disk is full");
            Assert.AreEqual(refused, load.Acknowledged.Count, "no write is acknowledged while the disk is full");

            File.Delete(filler);
            var freedAt = System.Diagnostics.Stopwatch.StartNew();
            await load.WaitForMoreAsync(200, "inserts once space is back");
            TestContext.WriteLine($"{load.Failed - failedBefore} writes refused while full; writes resumed {freedAt.Elapsed.TotalSeconds:F1}s after the space was freed");
            Assert.AreEqual(pid, ups.Pid, "the same UpdateServer process");
            await ups.WaitForLogAsync("takes writes again", "the engine was reopened");
            await load.StopAsync();
            await using var check = await Sql.OpenAsync(cluster, "full");
            await load.AssertNoneLostAsync(check);
        }
        finally
        {
            if (load is not null)
                await load.StopAsync();
            ups.Kill();
            mount.Dispose();
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }
}
