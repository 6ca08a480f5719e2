using System.Diagnostics;
using System.Globalization;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.ObClient;

namespace OceanClassic.Benchmarks;

// Daily-merge benchmark against a running cluster (scripts/bench.sh merge starts one): loads sysbench-like
// rows with multi-row INSERTs, measures point selects with the data only in the UpdateServer, runs
// ALTER SYSTEM MAJOR FREEZE and times the merge until __all_merge_stat shows every ChunkServer merged,
// waits for the UPS release, measures point selects again with the data in tablets, and prints the
// ChunkServers' block cache counters.
// args: mysql_port rs_address rows select_seconds threads [compression: none|lz4|zstd]
public static class MergeBench
{
    private const int Batch = 1000;

    public static async Task RunAsync(string[] args)
    {
        var port = int.Parse(args[0], CultureInfo.InvariantCulture);
        var rs = args[1];
        var rows = int.Parse(args[2], CultureInfo.InvariantCulture);
        var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
        var threads = int.Parse(args[4], CultureInfo.InvariantCulture);
        var compression = args.Length > 5 && args[5].Length > 0 ? $" COMPRESSION='{args[5]}'" : "";
        var cs = $"Server=127.0.0.1;Port={port};User=root;Password=;ConnectTimeout=10;CommandTimeout=600";
        // bench.sh names the cluster's secret file (cluster.sh writes one per cluster directory).
        var secretFile = Environment.GetEnvironmentVariable("OB_CLUSTER_SECRET_FILE");
        var secret = secretFile is { Length: > 0 } && File.Exists(secretFile) ? System.Text.Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(secretFile)).Trim()) : [];
        await using var pool = new RpcClientPool(new RpcOptions { DefaultTimeout = TimeSpan.FromSeconds(10), ClusterSecret = secret });

        await using (var c = await OpenAsync(cs))
        {
            await ExecAsync(c, "DROP DATABASE IF EXISTS mbench");
            await ExecAsync(c, "CREATE DATABASE mbench");
            await ExecAsync(c, "CREATE TABLE mbench.sbtest1 (id INT NOT NULL, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL, PRIMARY KEY (id))" + compression);
        }
        var load = Stopwatch.StartNew();
        var next = -Batch;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var c = await OpenAsync(cs + ";Database=mbench");
            var random = new Random();
            int start;
            while ((start = Interlocked.Add(ref next, Batch)) < rows)
            {
                var values = string.Join(",", Enumerable.Range(start, Math.Min(Batch, rows - start)).Select(i =>
                    $"({i},{random.Next(rows)},'{Digits(random, 11, 10)}','{Digits(random, 5, 10)}')"));
                await ExecAsync(c, "INSERT INTO sbtest1 VALUES " + values);
            }
        })));
        Console.WriteLine($"load: {rows} rows in {load.Elapsed.TotalSeconds:F1} s ({rows / load.Elapsed.TotalSeconds:F0} rows/s, 4 connections x {Batch}-row INSERTs)");

        await PointSelectsAsync("point select, data in the UPS only", cs, rows, seconds, threads);

        await using (var c = await OpenAsync(cs))
        {
            var clock = Stopwatch.StartNew();
            await ExecAsync(c, "ALTER SYSTEM MAJOR FREEZE");
            var frozen = ulong.Parse((await StatusAsync(pool, rs)).Values["frozen_version"], CultureInfo.InvariantCulture);
            List<string[]> stat;
            while (true)
            {
                stat = await RowsAsync(c, "SELECT address, frozen_version, merged_version, tablets_total, tablets_merged FROM __all_merge_stat");
                if (stat.Count > 0 && stat.All(r => ulong.Parse(r[2], CultureInfo.InvariantCulture) >= frozen && r[3] == r[4]))
                    break;
                await Task.Delay(100);
            }
            var mergeSeconds = clock.Elapsed.TotalSeconds;
            var tablets = await RowsAsync(c, "SELECT row_count, size_bytes, replicas FROM __all_tablet WHERE table_name = 'mbench.sbtest1'");
            var tabletRows = tablets.Sum(t => long.Parse(t[0], CultureInfo.InvariantCulture));
            var bytes = tablets.Sum(t => long.Parse(t[1], CultureInfo.InvariantCulture));
            var replicas = tablets.Sum(t => t[2].Split(',').Length);
            Console.WriteLine($"merge to version {frozen}: {mergeSeconds:F1} s wall (freeze to every CS merged); {tablets.Count} tablets x {replicas / Math.Max(1, tablets.Count)} replicas, " +
                $"{tabletRows} rows, {bytes / 1e6:F1} MB per copy; {tabletRows / mergeSeconds:F0} rows/s, {bytes / 1e6 / mergeSeconds:F1} MB/s per replica set " +
                $"({tabletRows * replicas / Math.Max(1, tablets.Count) / mergeSeconds:F0} rows/s, {bytes * replicas / Math.Max(1, tablets.Count) / 1e6 / mergeSeconds:F1} MB/s written cluster-wide)");
            foreach (var r in stat)
            {
                var s = await StatusAsync(pool, r[0]);
                Console.WriteLine($"  {r[0]}: merge_rows={s.Values["merge_rows"]} merge_bytes={s.Values["merge_bytes"]} merge_seconds={s.Values["merge_seconds"]}");
            }
            var release = Stopwatch.StartNew();
            while (ulong.Parse((await StatusAsync(pool, rs)).Values["released_version"], CultureInfo.InvariantCulture) < frozen)
                await Task.Delay(100);
            Console.WriteLine($"UPS released the frozen increments {release.Elapsed.TotalSeconds:F1} s after the merge finished");
            var before = await CacheAsync(pool, stat);
            await PointSelectsAsync("point select, data in tablets", cs, rows, seconds, threads);
            var after = await CacheAsync(pool, stat);
            Report("block cache", after.Hits - before.Hits, after.Misses - before.Misses);
            Report("row cache", after.RowHits - before.RowHits, after.RowMisses - before.RowMisses);
            Console.WriteLine($"(block cache cumulative since start incl. merge: {after.Hits} hits, {after.Misses} misses)");
        }
    }

    private static void Report(string cache, long hits, long misses) =>
        Console.WriteLine($"{cache} during the tablet point selects: {hits} hits, {misses} misses, hit ratio {(hits + misses == 0 ? 0 : 100.0 * hits / (hits + misses)):F1}%");

    private static async Task<(long Hits, long Misses, long RowHits, long RowMisses)> CacheAsync(RpcClientPool pool, List<string[]> servers)
    {
        long hits = 0, misses = 0, rowHits = 0, rowMisses = 0;
        foreach (var r in servers)
        {
            var s = await StatusAsync(pool, r[0]);
            hits += long.Parse(s.Values["block_cache_hits"], CultureInfo.InvariantCulture);
            misses += long.Parse(s.Values["block_cache_misses"], CultureInfo.InvariantCulture);
            rowHits += long.Parse(s.Values["row_cache_hits"], CultureInfo.InvariantCulture);
            rowMisses += long.Parse(s.Values["row_cache_misses"], CultureInfo.InvariantCulture);
        }
        return (hits, misses, rowHits, rowMisses);
    }

    private static async Task PointSelectsAsync(string what, string cs, int rows, double seconds, int threads)
    {
        var latencies = new List<double>();
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            await using var c = await OpenAsync(cs + ";Database=mbench");
            var random = new Random(t);
            var local = new List<double>();
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                var start = Stopwatch.GetTimestamp();
                var got = await RowsAsync(c, $"SELECT c FROM sbtest1 WHERE id = {random.Next(rows)}");
                local.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (got.Count != 1)
                    throw new InvalidOperationException("point select found no row");
            }
            lock (latencies)
                latencies.AddRange(local);
        })));
        latencies.Sort();
        Console.WriteLine($"{what}: {threads} threads x {seconds} s: {latencies.Count / stop.Elapsed.TotalSeconds:F0} qps, " +
            $"avg {latencies.Average():F2} ms, p50 {latencies[latencies.Count / 2]:F2} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F2} ms");
    }

    private static string Digits(Random random, int groups, int width) =>
        string.Join("-", Enumerable.Range(0, groups).Select(_ => random.NextInt64(0, 10_000_000_000).ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)));

    private static async Task<ObConnection> OpenAsync(string cs)
    {
        var c = new ObConnection(cs);
        await c.OpenAsync();
        return c;
    }

    private static async Task ExecAsync(ObConnection c, string sql)
    {
        await using var command = new ObCommand(sql, c);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string[]>> RowsAsync(ObConnection c, string sql)
    {
        await using var command = new ObCommand(sql, c);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
                cells[i] = reader.IsDBNull(i) ? "" : reader.GetString(i);
            rows.Add(cells);
        }
        return rows;
    }

    private static Task<StatusResponse> StatusAsync(RpcClientPool pool, string address) =>
        pool.CallAsync(address, PacketCodes.Status, new Empty(), StatusResponse.Parser);
}
