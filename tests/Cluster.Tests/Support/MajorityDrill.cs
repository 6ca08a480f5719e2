namespace OceanClassic.Cluster.Tests.Support;

// The three-UpdateServer cluster of the majority-replication drills (UpsMajorityDrillTests,
// UpsMajoritySwitchTests): fast failover, a 2 s log_sync_timeout, table drill.t, and the checks the
// drills share (every UPS in one mode and term; no acknowledged insert lost).
public static class MajorityDrill
{
    public static Dictionary<string, string> Settings(bool majority)
    {
        var settings = UpsCluster.FastFailover();
        if (majority)
            settings["ups_replication"] = "majority";
        settings["log_sync_timeout"] = "2s";
        return settings;
    }

    public static async Task<TestCluster> StartAsync(bool majority)
    {
        var cluster = await TestCluster.StartAsync(new ClusterOptions { Ups = 3, Cs = 1, Settings = Settings(majority) });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE drill");
            await c.ExecAsync("CREATE TABLE drill.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        await WaitForEveryUpsAsync(cluster, majority ? "majority" : "shipping");
        return cluster;
    }

    // Every running UPS reports `replication` and the same term as the master.
    public static Task WaitForEveryUpsAsync(TestCluster cluster, string replication) =>
        TestCluster.WaitUntilAsync(async () =>
        {
            await using var view = await Sql.OpenAsync(cluster);
            var rows = await view.RowsAsync("SELECT replication, term FROM __all_ups_stat WHERE status = 'alive'");
            var running = cluster.Roles.Count(r => r.Role == "ups" && r.Running);
            return rows.Count == running && rows.Distinct().Count() == 1 && rows[0].StartsWith(replication + "|", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), $"every UpdateServer in {replication} mode and one term");

    public static async Task AssertNoneLostAsync(TestCluster cluster, InsertLoad load, TestContext context)
    {
        await using var check = await Sql.OpenAsync(cluster, "drill");
        var present = (await check.RowsAsync("SELECT id FROM t")).Select(int.Parse).ToHashSet();
        var lost = load.Acknowledged.Keys.Where(id => !present.Contains(id)).ToList();
        context.WriteLine($"{load.Acknowledged.Count} acknowledged inserts, {present.Count} rows present, {load.Failed} failed statements ({load.LastError})");
        Assert.AreEqual(0, lost.Count, $"acknowledged but lost: {string.Join(",", lost.Take(20))}\n{cluster.Logs()}");
    }
}
