using System.Diagnostics;
using System.Globalization;
using OceanClassic.Cluster.Tests.Support;

namespace OceanClassic.Cluster.Tests;

// The drill of issue 25 at default settings (rs_lease_time): the primary RootServer is stopped
// (SIGSTOP) for 12 s under DDL load (tables created and filled) and row writes, then resumed; run
// after run, whichever RS is primary. No acknowledged table or row may be lost, no table may show
// another's rows, and no table id may ever name two tables. CI runs 3 runs; a soak sets
// OCEANCLASSIC_RS_DRILL_RUNS (e.g. 20).
[TestClass]
public sealed class RootServerPairDrillTests
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(12);

    private static int Runs =>
        int.TryParse(Environment.GetEnvironmentVariable("OCEANCLASSIC_RS_DRILL_RUNS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var runs) && runs > 0
            ? runs
            : 3;

    [TestMethod]
    [Timeout(3_600_000)]
    public async Task TwelveSecondPausesOfThePrimaryUnderDdlAndWriteLoadLoseNoAcknowledgedDdlOrRowAndReuseNoTableId()
    {
        await using var cluster = await TestCluster.StartAsync(new ClusterOptions { Rs = 2, Cs = 1 });
        var pair = new RsPairWatch(cluster);
        await pair.WaitSettledAsync(TimeSpan.FromSeconds(60));
        await using (var c = await Sql.OpenAsync(cluster))
        {
            await c.ExecAsync("CREATE DATABASE drill");
            await c.ExecAsync("CREATE TABLE drill.t (id INT PRIMARY KEY, v VARCHAR(40))");
        }
        var rows = new InsertLoad(cluster, writers: 4);
        var ddl = new DdlLoad(cluster, writers: 2, database: "drill", prefix: "d");
        var outcomes = new List<string>();
        try
        {
            await ddl.WaitForMoreTablesAsync(3, "tables before the first pause");
            for (var run = 1; run <= Runs; run++)
            {
                var (primary, backup) = await pair.WaitSettledAsync(TimeSpan.FromSeconds(120));
                var tables = ddl.Acknowledged.Count;
                var clock = Stopwatch.StartNew();
                primary.Pause();
                try
                {
                    await Task.Delay(Pause);
                }
                finally
                {
                    primary.Resume();
                }
                var (now, _) = await pair.WaitSettledAsync(TimeSpan.FromSeconds(120));
                await ddl.WaitForMoreTablesAsync(2, $"tables after pause {run}");
                await rows.WaitForMoreAsync(50, $"rows after pause {run}");
                await pair.CheckTableIdsAsync("drill");
                outcomes.Add($"run {run}: paused {primary.Address}; primary now {now.Address}"
                    + $" ({(now.Address == backup.Address ? "took over" : "kept")}); {ddl.Acknowledged.Count - tables} tables acknowledged meanwhile;"
                    + $" settled {clock.Elapsed.TotalSeconds:0.0}s after the pause began");
            }
        }
        finally
        {
            await ddl.StopAsync();
            await rows.StopAsync();
        }
        Console.WriteLine(string.Join("\n", outcomes));
        var ids = await pair.CheckTableIdsAsync("drill");
        await using (var c = await Sql.OpenAsync(cluster, "drill"))
        {
            await ddl.AssertNoneLostAsync(c);
            await rows.AssertNoneLostAsync(c);
        }
        Console.WriteLine($"{Runs} runs: {ddl.Acknowledged.Count} tables and {ddl.Acknowledged.Values.Sum(r => r.Count)} of their rows acknowledged,"
            + $" {rows.Acknowledged.Count} rows of t; {ids.Count} tables with distinct ids; none lost;"
            + $" failed (unacknowledged) statements: {ddl.Failed} DDL load, {rows.Failed} row load");
    }
}
