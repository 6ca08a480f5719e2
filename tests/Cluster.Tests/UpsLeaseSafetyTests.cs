using System.Collections.Concurrent;
using System.Diagnostics;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;
using OceanClassic.ObClient;
using OceanClassic.ObClient.Errors;

namespace OceanClassic.Cluster.Tests;

// The RootServer's UPS master decisions survive what could make them lose acknowledged writes:
// its own restart (the old master may still hold its lease), a backup the master dropped from
// its sync set (it lacks writes the master acknowledged afterwards), and a master paused past its
// lease (it must refuse writes the moment it resumes). Real processes, SIGKILL,
// SIGSTOP/SIGCONT.
[TestClass]
public sealed class UpsLeaseSafetyTests
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000)]
    public async Task RestartingTheRootServerKeepsTheUpsMasterAndLosesNoAcknowledgedWrite()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = UpsCluster.FastFailover() });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE rsr");
            await c.ExecAsync("CREATE TABLE rsr.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
        var backup = cluster.Roles.Single(r => r.Role == "ups" && r != master);
        var rs = cluster.RootServer;
        await using var roles = new UpsRoleWatch(cluster);
        var load = new InsertLoad(cluster, writers: 4, database: "rsr");
        try
        {
            // Round 1: kill -9 and restart the RS under load. Round 2: the same while the master is
            // paused, so the backup heartbeats the new RS first (an RS that forgot the master elects it).
            for (var round = 1; round <= 2; round++)
            {
                await load.WaitForMoreAsync(100, $"inserts before round {round}");
                if (round == 2)
                    Assert.AreEqual(0, Posix.Kill(master.Pid, SigStop));
                var clock = Stopwatch.StartNew();
                rs.Kill();
                rs.Start();
                await TestCluster.WaitUntilAsync(async () => (await cluster.ServersAsync()).Any(s => s.Address == backup.Address && s.Alive),
                    TimeSpan.FromSeconds(30), "the backup registered with the restarted RS");
                if (round == 2)
                {
                    await Task.Delay(600); // three more heartbeats of the backup alone
                    Assert.AreEqual(0, Posix.Kill(master.Pid, SigCont));
                    TestContext.WriteLine($"round 2: the master was paused for {clock.Elapsed.TotalSeconds:F1}s across the RS restart");
                }
                await load.WaitForMoreAsync(100, $"inserts after the RS restart (round {round})");
                TestContext.WriteLine($"round {round}: writes went on {clock.Elapsed.TotalSeconds:F1}s after the RS was killed");
                Assert.AreEqual(master.Address, await cluster.StatusValueAsync(rs, "ups_master"));
            }
        }
        finally
        {
            Posix.Kill(master.Pid, SigCont);
            await load.StopAsync();
        }
        await roles.StopAsync();

        TestContext.WriteLine($"{roles.Samples} role samples; masters seen: {string.Join(",", roles.MastersSeen)}");
        Assert.AreEqual(0, roles.TwoMasters, "both UpdateServers said they were master at once");
        CollectionAssert.AreEqual(new[] { master.Address }, roles.MastersSeen.ToArray(), "the master role moved");
        Assert.IsFalse(rs.ReadLog().Contains($"UpdateServer master is now {backup.Address}", StringComparison.Ordinal));
        await using var check = await Sql.OpenAsync(cluster, "rsr");
        // The pause may have made the master drop the backup for a moment; it rejoins.
        var expected = new[] { $"{master.Address}|master|1", $"{backup.Address}|backup|1" };
        var stat = new List<string>();
        await WithLogsAsync(cluster, () => TestCluster.WaitUntilAsync(async () =>
            (stat = await check.RowsAsync("SELECT address, role, in_sync FROM __all_ups_stat ORDER BY role DESC")).SequenceEqual(expected),
            TimeSpan.FromSeconds(20), "one master and the backup in sync in __all_ups_stat"), () => string.Join(" / ", stat));
        await load.AssertNoneLostAsync(check);
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task ABackupDroppedFromTheSyncSetIsNotElectedWhenTheMasterDies()
    {
        var settings = UpsCluster.FastFailover();
        settings["slave_sync_timeout"] = "500ms";
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = settings });
        await using var c = await Sql.OpenAsync(cluster);
        await c.ExecAsync("CREATE DATABASE oos");
        await c.ExecAsync("CREATE TABLE oos.t (id INT PRIMARY KEY, v VARCHAR(40))");
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
        var backup = cluster.Roles.Single(r => r.Role == "ups" && r != master);
        var rs = cluster.RootServer;
        Assert.IsTrue(await InSyncAsync(cluster, backup));
        for (var id = 1; id <= 20; id++)
            await c.ExecAsync($"INSERT INTO oos.t VALUES ({id}, 'both')");

        // The backup hangs; the master drops it, tells the RS, and goes on acknowledging.
        Assert.AreEqual(0, Posix.Kill(backup.Pid, SigStop));
        try
        {
            var first = Stopwatch.StartNew();
            await c.ExecAsync("INSERT INTO oos.t VALUES (21, 'master only')");
            TestContext.WriteLine($"the first write after the backup hung took {first.ElapsedMilliseconds} ms (slave_sync_timeout 500 ms + reporting the drop)");
            for (var id = 22; id <= 40; id++)
                await c.ExecAsync($"INSERT INTO oos.t VALUES ({id}, 'master only')");
            Assert.IsFalse(await InSyncAsync(cluster, backup), "the RS still holds the dropped backup as in sync");
            Assert.AreEqual("", await cluster.StatusValueAsync(rs, "ups_in_sync"));
            StringAssert.Contains(await cluster.StatusValueAsync(master, "dropped_backups"), backup.Address);
            CollectionAssert.AreEqual(new[] { $"{master.Address}|1", $"{backup.Address}|0" },
                await c.RowsAsync("SELECT address, in_sync FROM __all_ups_stat ORDER BY role DESC"));

            // The master dies; the backup (lacking 21..40) comes back and must not take over.
            master.Kill();
        }
        finally
        {
            Posix.Kill(backup.Pid, SigCont);
        }
        var killedAt = Stopwatch.StartNew();
        await TestCluster.WaitUntilAsync(async () => (await cluster.StatusValueAsync(rs, "ups_election_blocked")).Length > 0,
            TimeSpan.FromSeconds(20), "the RS reports that no UPS can be elected");
        TestContext.WriteLine($"election blocked {killedAt.Elapsed.TotalSeconds:F1}s after the kill: {await cluster.StatusValueAsync(rs, "ups_election_blocked")}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // well past the lease: an election would have happened
        Assert.AreEqual(master.Address, await cluster.StatusValueAsync(rs, "ups_master"), "the RS elected the out-of-sync backup");
        Assert.AreEqual("backup", await cluster.StatusValueAsync(backup, "role"));
        StringAssert.Contains(await cluster.StatusValueAsync(rs, "ups_election_blocked"), backup.Address);
        await rs.WaitForLogAsync("fail:.*no UpdateServer master can be elected", "an ERROR line in the RS log says why writes are unavailable");

        // The old master returns: it is the master again, the backup catches up and rejoins.
        master.Start();
        var lastError = "";
        await WithLogsAsync(cluster, () => TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                await using var w = await Sql.OpenAsync(cluster, "oos");
                await w.ExecAsync("INSERT INTO t VALUES (41, 'after')");
                return true;
            }
            catch (ObException e) when (e.ErrorCode == 1062)
            {
                return true; // an earlier attempt went through after all
            }
            catch (ObException e)
            {
                lastError = e.Message;
                return false;
            }
        }, TimeSpan.FromSeconds(60), "writes on the returned master"), () => lastError);
        Assert.AreEqual(master.Address, await cluster.StatusValueAsync(rs, "ups_master"));
        await using var after = await Sql.OpenAsync(cluster, "oos");
        var ids = (await after.RowsAsync("SELECT id FROM t")).Select(int.Parse).ToHashSet();
        var lost = Enumerable.Range(1, 41).Where(id => !ids.Contains(id)).ToList();
        Assert.AreEqual(0, lost.Count, $"acknowledged but lost: {string.Join(",", lost)}");
        await TestCluster.WaitUntilAsync(() => InSyncAsync(cluster, backup), TimeSpan.FromSeconds(30), "the backup is in sync again");
    }

    [TestMethod]
    [Timeout(180_000)]
    public async Task AMasterPausedPastItsLeaseAcceptsNoWriteWhenItResumesAndLosesNoAcknowledgedOne()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1 });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE paused");
            await c.ExecAsync("CREATE TABLE paused.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
        var backup = cluster.Roles.Single(r => r.Role == "ups" && r != master);
        var load = new InsertLoad(cluster, writers: 4, database: "paused");
        try
        {
            await load.WaitForMoreAsync(200, "inserts before the pause");
            Assert.AreEqual(0, Posix.Kill(master.Pid, SigStop));
            try
            {
                await TestCluster.WaitUntilAsync(async () => (await cluster.ServersAsync()).Any(s => s.Address == backup.Address && s.IsUpsMaster),
                    TimeSpan.FromSeconds(30), "the backup elected while the master is paused");
                await load.WaitForMoreAsync(200, "inserts on the new master");
            }
            finally
            {
                Assert.AreEqual(0, Posix.Kill(master.Pid, SigCont));
            }
            // At once after it resumes: its lease ran out on its own clock (and the RS names the other master).
            var error = await Assert.ThrowsExceptionAsync<Common.Rpc.RpcException>(() => cluster.Rpc.CallAsync(master.Address, PacketCodes.UpsAllocAutoInc,
                new AllocAutoIncRequest { TableId = 1, Count = 1 }, AllocAutoIncResponse.Parser, TimeSpan.FromSeconds(10)));
            Assert.AreEqual(WireErrorCodes.NotMaster, error.Code, error.Message);
            await TestCluster.WaitUntilAsync(async () => await cluster.StatusValueAsync(master, "role") == "backup", TimeSpan.FromSeconds(30), "the resumed master follows as a backup");
            await load.WaitForMoreAsync(100, "inserts after the old master resumed");
        }
        finally
        {
            await load.StopAsync();
        }
        await using var check = await Sql.OpenAsync(cluster, "paused");
        await load.AssertNoneLostAsync(check);
    }

    private static async Task WithLogsAsync(TestCluster cluster, Func<Task> wait, Func<string>? lastError = null)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException e)
        {
            throw new AssertFailedException($"{e.Message} (last error: {lastError?.Invoke()})\n{cluster.Logs()}");
        }
    }

    private static async Task<bool> InSyncAsync(TestCluster cluster, RoleProcess ups) =>
        (await cluster.ServersAsync()).Single(s => s.Address == ups.Address).UpsInSync;

    // Samples every UPS's own view of its role (what __all_ups_stat shows) every 50 ms.
    private sealed class UpsRoleWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly ConcurrentDictionary<string, bool> _masters = new();
        private int _samples;
        private int _twoMasters;

        public UpsRoleWatch(TestCluster cluster) => _loop = Task.Run(() => RunAsync(cluster));

        public int Samples => Volatile.Read(ref _samples);
        public int TwoMasters => Volatile.Read(ref _twoMasters);
        public IEnumerable<string> MastersSeen => _masters.Keys.Order(StringComparer.Ordinal);

        private async Task RunAsync(TestCluster cluster)
        {
            var ups = cluster.Roles.Where(r => r.Role == "ups").ToList();
            while (!_stop.IsCancellationRequested)
            {
                var roles = await Task.WhenAll(ups.Select(async u =>
                {
                    try
                    {
                        return (u.Address, Role: await cluster.StatusValueAsync(u, "role", _stop.Token));
                    }
                    catch (Exception e) when (e is Common.Rpc.RpcException or OperationCanceledException)
                    {
                        return (u.Address, Role: "");
                    }
                }));
                var masters = roles.Where(r => r.Role == "master").ToList();
                foreach (var m in masters)
                    _masters[m.Address] = true;
                if (masters.Count > 1)
                    Interlocked.Increment(ref _twoMasters);
                Interlocked.Increment(ref _samples);
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }
    }
}
