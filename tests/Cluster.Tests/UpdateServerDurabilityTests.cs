using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

[TestClass]
public sealed class UpdateServerDurabilityTests
{
    [TestMethod]
    [Timeout(240_000)]
    public async Task EveryAcknowledgedInsertSurvivesKill9OfTheUpdateServer()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Cs = 2 });
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE dur");
            await c.ExecAsync("CREATE TABLE dur.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        var ups = cluster.Get("ups");
        var load = new InsertLoad(cluster, writers: 4, database: "dur");

        await load.WaitForMoreAsync(300, "inserts before the kill");
        ups.Kill();
        await Task.Delay(500);
        ups.Start();
        await load.WaitForMoreAsync(300, "inserts after the restart");
        await load.StopAsync();

        await using var check = await Sql.OpenAsync(cluster, "dur");
        await load.AssertNoneLostAsync(check);
        await ups.WaitForLogAsync("replayed", "the restart replayed the log");
    }
}
