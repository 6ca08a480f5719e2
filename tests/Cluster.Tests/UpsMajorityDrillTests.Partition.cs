using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OceanClassic.Cluster.Tests.Support;
using static OceanClassic.Cluster.Tests.Support.MajorityDrill;

namespace OceanClassic.Cluster.Tests;

// The partition drill of majority mode on simulated hosts: the UPS master's host is cut off while 16
// writers insert through a MergeServer on the majority side and a stranded writer inserts through the
// MergeServer on the master's own host (so the cut-off master is asked to log writes it can never
// commit). The master must acknowledge nothing from the cut on, the majority side must elect a new
// master in a newer term, and after healing none of the stranded entries may exist anywhere: not in
// any UpdateServer's commit log (read from its data dir), not in a read, and every log agrees entry by
// entry (term and CRC) with the new master's.
public sealed partial class UpsMajorityDrillTests
{
    private const int StrandedBase = 900_000_000;

    [GeneratedRegex("stranded [0-9]+")]
    private static partial Regex StrandedMarker();

    [TestMethod]
    [Timeout(300_000)]
    public async Task APartitionedMajorityMasterCommitsNothingTheMajorityElectsAnotherAndAfterHealingNoneOfItsUnacknowledgedEntriesExistAnywhere()
    {
        // Dealt round robin over 4 hosts: rs, cs and ms#4 on host 1 (never cut off), ups#n and ms#n on host n+1.
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Hosts = 4, Ups = 3, Cs = 1, Ms = 4, Settings = Settings(majority: true) });
        var outside = cluster.Get("ms", 4);
        Assert.AreEqual(1, outside.Host!.Number, "the writers' MergeServer shares host 1 with the RootServer");
        await using (var c = await Sql.OpenAsync(cluster, mergeServer: outside))
        {
            await c.ExecAsync("CREATE DATABASE drill");
            await c.ExecAsync("CREATE TABLE drill.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        await WaitForEveryUpsAsync(cluster, "majority");
        var load = new InsertLoad(cluster, writers: 16, mergeServer: outside);
        var stranded = new ConcurrentQueue<(bool Ok, int Id, long InvokedMs)>();
        Process? writer = null;
        RoleProcess master;
        ulong oldTerm;
        long partitionedMs;
        List<UpsLogEntry> oldMasterLogWhileCut;
        try
        {
            await load.WaitForMoreAsync(200, "inserts before the partition");
            master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
            oldTerm = ulong.Parse(await cluster.StatusValueAsync(master, "term"), CultureInfo.InvariantCulture);
            var local = cluster.Roles.Single(r => r.Role == "ms" && r.Host!.Number == master.Host!.Number);
            writer = StartStrandedWriter(local, stranded);
            await TestCluster.WaitUntilAsync(() => Task.FromResult(stranded.Count(s => s.Ok) >= 20), TimeSpan.FromSeconds(60),
                $"the stranded writer's inserts through {local.Address} acknowledged before the partition");

            await cluster.Hosts!.PartitionAsync(master.Host!.Number);
            partitionedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var partitionedAt = Stopwatch.StartNew();
            TestContext.WriteLine($"partitioned host {master.Host.Number} holding master {master.Address} (term {oldTerm})");
            await TestCluster.WaitUntilAsync(() => Task.FromResult(load.AcknowledgedSince(partitionedAt) > 50), TimeSpan.FromSeconds(60),
                "writes acknowledged by a master on the majority side");
            TestContext.WriteLine($"writes resumed {load.FirstAcknowledgedAfter(partitionedAt).TotalSeconds:F1}s after the partition");
            var newMaster = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master on the majority side");
            Assert.AreNotEqual(master.Address, newMaster.Address, "the RootServer elected another master");
            var newTerm = ulong.Parse(await cluster.StatusValueAsync(newMaster, "term"), CultureInfo.InvariantCulture);
            Assert.IsTrue(newTerm > oldTerm, $"the new master's term {newTerm} is newer than {oldTerm}");
            // The stranded writer keeps asking the old master past its lease and its log_sync_timeout.
            await TestCluster.WaitUntilAsync(() => Task.FromResult(partitionedAt.Elapsed > TimeSpan.FromSeconds(8)
                && stranded.Count(s => s.InvokedMs > partitionedMs) >= 2), TimeSpan.FromSeconds(60), "stranded inserts sent after the partition");
            oldMasterLogWhileCut = UpsLogDump.Read(master, StrandedMarker());
            writer.Kill();
            await writer.WaitForExitAsync();
            await cluster.Hosts.HealAsync(master.Host.Number);
            await TestCluster.WaitUntilAsync(async () => await cluster.StatusValueAsync(master, "role") == "backup", TimeSpan.FromSeconds(60),
                "the healed old master is a backup");
            await WaitForEveryUpsAsync(cluster, "majority");
            await load.WaitForMoreAsync(200, "inserts after healing");
        }
        finally
        {
            if (writer is { HasExited: false })
                writer.Kill();
            writer?.Dispose();
            await load.StopAsync();
        }

        var afterCut = stranded.Where(s => s.InvokedMs > partitionedMs).ToList();
        var acknowledgedAfterCut = afterCut.Where(s => s.Ok).Select(s => s.Id).ToList();
        Assert.AreEqual(0, acknowledgedAfterCut.Count, $"the cut-off master acknowledged {string.Join(",", acknowledgedAfterCut.Take(20))}");
        var unacknowledged = afterCut.Select(s => $"stranded {s.Id}").ToHashSet();
        var loggedWhileCut = oldMasterLogWhileCut.Where(e => e.Term == oldTerm).SelectMany(e => e.Markers).Count(unacknowledged.Contains);
        TestContext.WriteLine($"{afterCut.Count} stranded inserts sent after the partition, {loggedWhileCut} of them in the cut-off master's log before healing");
        await AssertNoneLostAsync(cluster, load, TestContext);

        // Every UpdateServer caught up (same log_seq), then every log compared with the master's.
        var ups = cluster.Roles.Where(r => r.Role == "ups").ToList();
        await TestCluster.WaitUntilAsync(async () =>
        {
            var seqs = new HashSet<string>();
            foreach (var u in ups)
                seqs.Add(await cluster.StatusValueAsync(u, "log_seq"));
            return seqs.Count == 1;
        }, TimeSpan.FromSeconds(60), "every UpdateServer at the same log sequence");
        var leader = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master after healing");
        var reference = UpsLogDump.Read(leader, StrandedMarker()).ToDictionary(e => e.Sequence);
        foreach (var u in ups)
        {
            var log = UpsLogDump.Read(u, StrandedMarker());
            var kept = log.SelectMany(e => e.Markers).Where(unacknowledged.Contains).ToList();
            Assert.AreEqual(0, kept.Count, $"{u.Address} still logs unacknowledged entries: {string.Join(",", kept.Take(10))}");
            var differing = log.Where(e => reference.TryGetValue(e.Sequence, out var r) && (r.Term != e.Term || r.PayloadCrc != e.PayloadCrc)).ToList();
            Assert.AreEqual(0, differing.Count, $"{u.Address}'s log differs from the master's at {string.Join(",", differing.Take(10).Select(e => $"{e.Sequence}/t{e.Term}"))}");
            TestContext.WriteLine($"{u.Address}: {log.Count} log entries, memtable_rows {await cluster.StatusValueAsync(u, "memtable_rows")}");
        }
        var acknowledgedStranded = stranded.Where(s => s.Ok).Select(s => $"stranded {s.Id}").ToHashSet();
        Assert.IsTrue(reference.Values.SelectMany(e => e.Markers).Count(acknowledgedStranded.Contains) == acknowledgedStranded.Count,
            "the dump finds every acknowledged stranded insert in the master's log (so it would find the unacknowledged ones)");
        await using var check = await Sql.OpenAsync(cluster, "drill", outside);
        var present = (await check.RowsAsync($"SELECT id FROM t WHERE id > {StrandedBase}")).Select(int.Parse).ToHashSet();
        var readable = afterCut.Where(s => present.Contains(s.Id)).Select(s => s.Id).ToList();
        Assert.AreEqual(0, readable.Count, $"unacknowledged stranded inserts readable: {string.Join(",", readable.Take(20))}");
        var lostStranded = stranded.Where(s => s.Ok && !present.Contains(s.Id)).Select(s => s.Id).ToList();
        Assert.AreEqual(0, lostStranded.Count, $"acknowledged stranded inserts lost: {string.Join(",", lostStranded.Take(20))}");
    }

    // Fixtures/stranded_writer.py inside the MergeServer's host: 4 writers inserting ids above StrandedBase.
    private static Process StartStrandedWriter(RoleProcess mergeServer, ConcurrentQueue<(bool Ok, int Id, long InvokedMs)> results)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", mergeServer.Host!.Namespace, "/usr/bin/python3", "-u",
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "stranded_writer.py"), mergeServer.Ip,
            mergeServer.SqlPort.ToString(CultureInfo.InvariantCulture), "drill", StrandedBase.ToString(CultureInfo.InvariantCulture), "4" })
        {
            psi.ArgumentList.Add(a);
        }
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) =>
        {
            var parts = e.Data?.Split(' ');
            if (parts is { Length: >= 3 })
                results.Enqueue((parts[0] == "ok", int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture)));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
