using OceanClassic.Cluster.Tests.Support;
using OceanClassic.ObClient;

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
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();
        var ups = cluster.Get("ups");
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var id = w * 1_000_000;
            ObConnection? c = null;
            while (!stop.IsCancellationRequested)
            {
                id++;
                try
                {
                    c ??= await Sql.OpenAsync(cluster, "dur");
                    await c.ExecAsync($"INSERT INTO t VALUES ({id}, 'row {id}')");
                    acknowledged.Add(id);
                }
                catch (ObException)
                {
                    // Not acknowledged: it may or may not be there; only acknowledged rows must be.
                    if (c is not null && c.State != System.Data.ConnectionState.Open)
                    {
                        await c.DisposeAsync();
                        c = null;
                    }
                    await Task.Delay(20);
                }
            }
            if (c is not null)
                await c.DisposeAsync();
        })).ToList();

        await TestCluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Count > 300), TimeSpan.FromSeconds(60), "inserts before the kill");
        ups.Kill();
        var atKill = acknowledged.Count;
        await Task.Delay(500);
        ups.Start();
        await TestCluster.WaitUntilAsync(() => Task.FromResult(acknowledged.Count > atKill + 300), TimeSpan.FromSeconds(60), "inserts after the restart");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        await using var check = await Sql.OpenAsync(cluster, "dur");
        var present = (await check.RowsAsync("SELECT id FROM t")).Select(int.Parse).ToHashSet();
        var lost = acknowledged.Where(id => !present.Contains(id)).ToList();
        Assert.AreEqual(0, lost.Count, $"acknowledged but lost: {string.Join(",", lost.Take(20))}");
        StringAssert.Contains(ups.ReadLog(), "replayed");
    }
}
