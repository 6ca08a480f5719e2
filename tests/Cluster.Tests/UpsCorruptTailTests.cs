using System.Buffers.Binary;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// A flipped byte in the last, complete commit-log entry of a stopped UpdateServer: with a second UPS
// the restarting one takes the entry from it (or cuts it when the master never had it) and no
// acknowledged write is lost; alone it refuses to start, naming file and offset.
[TestClass]
public sealed class UpsCorruptTailTests
{
    private const uint EntryMagic = 0x334C434F; // "OCL3", CommitLogEntryHeader (entries written now)
    private const int HeaderSize = 56;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(240_000)]
    public async Task AFlippedByteInTheLastEntryOfARestartingBackupOrMasterIsRepairedFromTheOtherAndNoAcknowledgedWriteIsLost()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1 });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE tail");
            await c.ExecAsync("CREATE TABLE tail.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        var load = new InsertLoad(cluster, writers: 4, database: "tail");
        try
        {
            foreach (var victim in new[] { "backup", "master" })
            {
                await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(60));
                await load.WaitForMoreAsync(200, $"inserts before stopping the {victim}");
                var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
                var ups = victim == "master" ? master : cluster.Roles.Single(r => r.Role == "ups" && r != master);
                ups.Kill();
                if (victim == "master")
                    await load.WaitForMoreAsync(100, "inserts on the new master");
                var (file, offset) = FlipAByteInTheLastEntry(ups);
                TestContext.WriteLine($"{victim} {ups.Address}: flipped a byte of the entry at {Path.GetFileName(file)}:{offset}");
                ups.Start();
                await ups.WaitForLogAsync("replaced, with what follows|cut the corrupt entry", "the corrupt tail taken from the other UPS", TimeSpan.FromSeconds(60));
                TestContext.WriteLine(ups.ReadLog().Split('\n').Last(l => l.Contains("corrupt entry", StringComparison.Ordinal)).Trim());
                await TestCluster.WaitUntilAsync(async () => await cluster.StatusValueAsync(ups, "role") == "backup", TimeSpan.FromSeconds(30), $"the repaired {victim} serves as a backup");
            }
            await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(60));
            await load.WaitForMoreAsync(100, "inserts after both repairs");
        }
        finally
        {
            await load.StopAsync();
        }
        await using var check = await Sql.OpenAsync(cluster, "tail");
        await load.AssertNoneLostAsync(check);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ALoneUpdateServerWithAFlippedByteInItsLastEntryRefusesToStartNamingFileAndOffset()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 1 });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE lone");
            await c.ExecAsync("CREATE TABLE lone.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        var load = new InsertLoad(cluster, writers: 4, database: "lone");
        await load.WaitForMoreAsync(200, "inserts before the kill");
        var ups = cluster.Get("ups");
        ups.Kill();
        await load.StopAsync();
        var (file, offset) = FlipAByteInTheLastEntry(ups);
        var good = File.ReadAllBytes(file);
        good[offset + HeaderSize + PayloadLength(good, offset) / 2] ^= 0x08; // the flip, undone

        ups.Start();
        var code = await ups.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.AreNotEqual(0, code);
        await ups.WaitForLogAsync($"{Path.GetFileName(file)} is corrupt at offset {offset}", "the refusal names file and offset");

        File.WriteAllBytes(file, good);
        ups.Start();
        await cluster.WaitForLiveAsync(1, 1, 1, TimeSpan.FromSeconds(60));
        await using var check = await Sql.OpenAsync(cluster, "lone");
        await load.AssertNoneLostAsync(check);
    }

    // The newest log file of `ups` (stopped) with one payload byte of its last whole entry flipped.
    private static (string File, int Offset) FlipAByteInTheLastEntry(RoleProcess ups)
    {
        var directory = Path.Combine(Path.GetDirectoryName(ups.LogPath)!, "data", "commitlog");
        var file = Directory.GetFiles(directory, "*.log").Order(StringComparer.Ordinal).Last();
        var bytes = File.ReadAllBytes(file);
        int pos = 0, last = -1;
        while (pos + HeaderSize <= bytes.Length && BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos)) == EntryMagic
            && pos + HeaderSize + PayloadLength(bytes, pos) <= bytes.Length)
        {
            last = pos;
            pos += HeaderSize + PayloadLength(bytes, pos);
        }
        Assert.IsTrue(last >= 0, $"{file} holds no entry");
        bytes[last + HeaderSize + PayloadLength(bytes, last) / 2] ^= 0x08;
        File.WriteAllBytes(file, bytes);
        return (file, last);
    }

    private static int PayloadLength(byte[] bytes, int entry) => (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(entry + 4));
}
