using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using OceanClassic.Common.Types;

namespace OceanClassic.Benchmarks;

// Autocommit single-row inserts through the UpdateServer RPC against a real RootServer + UpdateServer
// (Release builds, temp data dir, log_sync_type=1 = fsync every batch) with 1, 16 and 64 writers.
// Prints writes/s, fsyncs/s and writes per fsync (group commit) from the UPS's own counters.
public static class UpsWriteThroughput
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var dir = Directory.CreateTempSubdirectory("obupsbench").FullName;
        var rsPort = FreePort();
        var upsPort = FreePort();
        using var rs = StartRole("RootServer", dir, rsPort, rsPort, []);
        // BENCH_UPS_ARGS: more UPS settings, e.g. "--group_commit_wait_us=0".
        var extra = (Environment.GetEnvironmentVariable("BENCH_UPS_ARGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var ups = StartRole("UpdateServer", dir, upsPort, rsPort, ["--log_sync_type=1", .. extra]);
        try
        {
            var options = new RpcOptions { DefaultTimeout = TimeSpan.FromSeconds(30) };
            await using var pool = new RpcClientPool(options);
            var address = $"127.0.0.1:{upsPort}";
            await WaitForAsync(pool, address);
            Console.WriteLine($"{"writers",8} {"writes/s",12} {"fsyncs/s",10} {"writes/fsync",13} {"p99 ms",8}");
            long nextKey = 0;
            foreach (var writers in new[] { 1, 16, 64 })
                await MeasureAsync(pool, address, writers, TimeSpan.FromSeconds(seconds), () => Interlocked.Increment(ref nextKey));
        }
        finally
        {
            Stop(ups);
            Stop(rs);
            Directory.Delete(dir, true);
        }
    }

    private static async Task MeasureAsync(RpcClientPool pool, string address, int writers, TimeSpan duration, Func<long> nextKey)
    {
        var before = await StatusAsync(pool, address);
        var latencies = new List<double>[writers];
        long writes = 0;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var request = Insert(nextKey());
                var start = Stopwatch.GetTimestamp();
                await pool.CallAsync(address, PacketCodes.UpsApply, request, ApplyResponse.Parser);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref writes);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        var after = await StatusAsync(pool, address);
        var fsyncs = after.Fsyncs - before.Fsyncs;
        var all = latencies.SelectMany(l => l).Order().ToList();
        var p99 = all.Count == 0 ? 0 : all[(int)(all.Count * 0.99)];
        Console.WriteLine($"{writers,8} {writes / elapsed,12:F0} {fsyncs / elapsed,10:F0} {(fsyncs == 0 ? 0 : (double)writes / fsyncs),13:F1} {p99,8:F2}");
    }

    internal static ApplyRequest Insert(long id)
    {
        var cells = new ArrayBufferWriter<byte>(64);
        CellCodec.WriteVarUInt(cells, 1);
        CellCodec.Write(cells, ObObj.FromInt(id));
        CellCodec.WriteVarUInt(cells, 2);
        CellCodec.Write(cells, ObObj.FromString("sysbench-like payload 0123456789"));
        var request = new ApplyRequest();
        request.Mutations.Add(new RowMutation
        {
            TableId = 1000,
            Rowkey = ByteString.CopyFrom(RowKeyCodec.Encode(ObObj.FromInt(id))),
            Op = MutationOp.MutInsert,
            Cells = ByteString.CopyFrom(cells.WrittenSpan),
        });
        return request;
    }

    private static async Task<(long Fsyncs, long Batches)> StatusAsync(RpcClientPool pool, string address)
    {
        var status = await pool.CallAsync(address, PacketCodes.Status, new Empty(), StatusResponse.Parser);
        long Get(string key) => status.Values.TryGetValue(key, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0;
        return (Get("fsyncs"), Get("commit_batches"));
    }

    // Writes are refused until the UPS holds the master lease from the RootServer.
    internal static async Task WaitForAsync(RpcClientPool pool, string address)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                var status = await pool.CallAsync(address, PacketCodes.Status, new Empty(), StatusResponse.Parser);
                if (status.Values.TryGetValue("role", out var role) && role == "master")
                    return;
                await Task.Delay(100);
            }
            catch (RpcException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"UpdateServer at {address} did not become master");
    }

    internal static Process StartRole(string role, string dir, int port, int rsPort, string[] extra)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OceanClassic.sln")))
            root = root.Parent;
        var binary = Path.Combine(root!.FullName, role, "bin", "Release", "net10.0", "OceanClassic." + role);
        if (!File.Exists(binary))
            throw new FileNotFoundException($"{binary} is not built (dotnet build -c Release)");
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { $"--port={port}", $"--rs=127.0.0.1:{rsPort}", $"--data_dir={Path.Combine(dir, role)}", "--log_level=Warning" }.Concat(extra))
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{role}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
