using System.Globalization;
using System.Text;
using OceanClassic.Cluster.Tests.Support;
using OceanClassic.Common.Protos;

namespace OceanClassic.Cluster.Tests;

[TestClass]
public sealed class MinorFreezeTests
{
    [TestMethod]
    [Timeout(240_000)]
    public async Task AKilledUpdateServerRestartsFromItsDumpAndReplaysOnlyTheLogAfterIt()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions
        {
            Cs = 1,
            Settings = new Dictionary<string, string> { ["active_mem_limit"] = "1048576" },
        });
        var ups = cluster.Get("ups");
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE mf");
            await c.ExecAsync("USE mf");
            await c.ExecAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT, s VARCHAR(200))");
            var filler = new string('m', 150);
            for (var batch = 0; batch < 50; batch++)
            {
                var sql = new StringBuilder("INSERT INTO t VALUES ");
                for (var i = 0; i < 100; i++)
                {
                    var id = (batch * 100) + i;
                    sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}({id}, {id}, '{filler}')");
                }
                await c.ExecAsync(sql.ToString());
            }

            // Over active_mem_limit: the UPS froze and dumped on its own.
            await TestCluster.WaitUntilAsync(async () => long.Parse((await cluster.StatusAsync(ups)).Values["minor_freezes"], CultureInfo.InvariantCulture) >= 1,
                TimeSpan.FromSeconds(30), "an automatic minor freeze");
            await c.ExecAsync("UPDATE t SET v = v + 1 WHERE id < 10");
            await c.ExecAsync("ALTER SYSTEM MINOR FREEZE");
            var stat = await c.RowsAsync("SELECT frozen_memtable_bytes > 0, active_memtable_bytes < frozen_memtable_bytes FROM __all_ups_stat");
            CollectionAssert.AreEqual(new[] { "1|1" }, stat);
            for (var id = 5000; id < 5010; id++)
                await c.ExecAsync($"INSERT INTO t VALUES ({id}, {id}, 'after')");
        }

        ups.Kill();
        ups.Start();
        await using var check = await Sql.OpenAsync(cluster, "mf");
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                return (await check.ScalarAsync("SELECT COUNT(*) FROM t"))?.ToString() == "5010";
            }
            catch (ObClient.Errors.ObException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "every row back after the restart");
        Assert.AreEqual("55", (await check.ScalarAsync("SELECT SUM(v) FROM t WHERE id < 10"))?.ToString(), "updates before the dump survive");
        Assert.AreEqual("after", (await check.ScalarAsync("SELECT s FROM t WHERE id = 5009"))?.ToString());
        var status = await cluster.StatusAsync(ups);
        Assert.AreEqual("10", status.Values["replayed_entries"], "only the 10 inserts after the dump are replayed");
        await ups.WaitForLogAsync("dump loaded", "the restart loaded the dump");
    }

    [TestMethod]
    [Timeout(240_000)]
    public async Task ABackupWhoseLogTheMasterPrunedCopiesTheDumpFollowsAndTakesOver()
    {
        var settings = UpsCluster.FastFailover();
        settings["commit_log_size"] = "1048576";
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 2, Cs = 1, Settings = settings });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE pr");
            await c.ExecAsync("CREATE TABLE pr.t (id INT PRIMARY KEY, s VARCHAR(1100))");
        }
        await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        var master = await cluster.UpsMasterAsync() ?? throw new AssertFailedException("no master");
        var backup = cluster.Roles.Single(r => r.Role == "ups" && r != master);
        backup.Kill();

        var next = 0;
        await using (var c = await Sql.OpenAsync(cluster, "pr"))
        {
            async Task InsertMegabytesAsync(int megabytes)
            {
                var filler = new string('p', 1000);
                for (var statement = 0; statement < megabytes * 10; statement++)
                {
                    var sql = new StringBuilder("INSERT INTO t VALUES ");
                    for (var i = 0; i < 100; i++, next++)
                        sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}({next}, '{filler}')");
                    await c.ExecAsync(sql.ToString());
                }
            }
            // More than the master's in-memory cache of recent log (16 MB), which would feed the backup.
            await InsertMegabytesAsync(20);
            await c.ExecAsync("ALTER SYSTEM MINOR FREEZE");
            await InsertMegabytesAsync(2);
            await c.ExecAsync("ALTER SYSTEM MINOR FREEZE");
        }
        await master.WaitForLogAsync("[1-9][0-9]* old log files deleted", "the master pruned its log");

        backup.Start();
        await TestCluster.WaitUntilAsync(async () =>
        {
            var target = await cluster.StatusValueAsync(master, "log_seq");
            return await cluster.StatusValueAsync(backup, "log_seq") == target;
        }, TimeSpan.FromSeconds(60), "the backup catches up with the master");
        await backup.WaitForLogAsync("installed the dump copied from", "the backup installed the master's dump");
        await master.WaitForLogAsync(@"dump written: \S+ \(delta after log seq", "the second freeze wrote a delta");
        await backup.WaitForLogAsync(@"dump loaded: \S+ \(([2-9]|[1-9][0-9]+) files from its base\)", "the backup copied the base and the delta");
        try
        {
            await cluster.WaitForBackupsInSyncAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail(cluster.Logs() + "\nSYNC " + await cluster.StatusValueAsync(master, "sync_backups") + " B " + await cluster.StatusValueAsync(backup, "log_seq") + " M " + await cluster.StatusValueAsync(master, "log_seq"));
        }

        master.Kill();
        await using var check = await Sql.OpenAsync(cluster, "pr");
        await TestCluster.WaitUntilAsync(async () =>
        {
            try
            {
                await check.ExecAsync($"INSERT INTO t VALUES ({next}, 'after failover')");
                return true;
            }
            catch (ObClient.Errors.ObException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "writes on the former backup");
        Assert.AreEqual((next + 1).ToString(CultureInfo.InvariantCulture), (await check.ScalarAsync("SELECT COUNT(*) FROM t"))?.ToString());
    }
}
