using System.Diagnostics;
using System.Globalization;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;
using static OceanClassic.Benchmarks.UpsWriteThroughput;

namespace OceanClassic.Benchmarks;

// How long a SIGKILLed UpdateServer takes to serve again: once after replaying its whole log, once
// after a minor freeze (load the dump, replay only the log after it). Real RS + UPS processes.
public static class UpsRestartBench
{
    public static async Task RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
        var dir = Directory.CreateTempSubdirectory("obupsrestart").FullName;
        var rsPort = FreePort();
        var upsPort = FreePort();
        string[] upsArgs = ["--log_sync_type=0", "--active_mem_limit=68719476736"];
        using var rs = StartRole("RootServer", dir, rsPort, rsPort, []);
        var ups = StartRole("UpdateServer", dir, upsPort, rsPort, upsArgs);
        try
        {
            await using var pool = new RpcClientPool(new RpcOptions { DefaultTimeout = TimeSpan.FromSeconds(60) });
            var address = $"127.0.0.1:{upsPort}";
            await WaitForAsync(pool, address);
            long next = 0;
            await WriteAsync(pool, address, rows, () => Interlocked.Increment(ref next));
            Console.WriteLine($"{"restart",-34} {"rows",10} {"replayed",10} {"log MB",8} {"dump MB",8} {"seconds",8}");

            Stop(ups);
            (ups, var fullReplay) = await RestartAsync(pool, address, dir, upsPort, rsPort, upsArgs);
            await ReportAsync(pool, address, dir, "whole log replayed", fullReplay);

            await pool.CallAsync(address, PacketCodes.UpsMinorFreeze, new Empty(), MinorFreezeResponse.Parser);
            await WriteAsync(pool, address, 10_000, () => Interlocked.Increment(ref next));
            Stop(ups);
            (ups, var fromDump) = await RestartAsync(pool, address, dir, upsPort, rsPort, upsArgs);
            await ReportAsync(pool, address, dir, "dump loaded + log after it", fromDump);
        }
        finally
        {
            Stop(ups);
            Stop(rs);
            Directory.Delete(dir, true);
        }
    }

    private static async Task WriteAsync(RpcClientPool pool, string address, long count, Func<long> nextKey)
    {
        long written = 0;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref written) <= count)
                await pool.CallAsync(address, PacketCodes.UpsApply, Insert(nextKey()), ApplyResponse.Parser);
        })));
    }

    private static async Task<(Process Ups, TimeSpan Took)> RestartAsync(RpcClientPool pool, string address, string dir, int port, int rsPort, string[] args)
    {
        var clock = Stopwatch.StartNew();
        var ups = StartRole("UpdateServer", dir, port, rsPort, args);
        while (true)
        {
            try
            {
                var status = await pool.CallAsync(address, PacketCodes.Status, new Empty(), StatusResponse.Parser);
                if (status.Values.ContainsKey("log_seq"))
                    return (ups, clock.Elapsed);
            }
            catch (RpcException)
            {
            }
            await Task.Delay(20);
        }
    }

    private static async Task ReportAsync(RpcClientPool pool, string address, string dir, string what, TimeSpan took)
    {
        var status = await pool.CallAsync(address, PacketCodes.Status, new Empty(), StatusResponse.Parser);
        static double Mb(string path) => Directory.Exists(path) ? Directory.GetFiles(path).Sum(f => new FileInfo(f).Length) / 1048576.0 : 0;
        var upsDir = Path.Combine(dir, "UpdateServer");
        Console.WriteLine($"{what,-34} {status.Values["memtable_rows"],10} {status.Values["replayed_entries"],10} {Mb(Path.Combine(upsDir, "commitlog")),8:F1} {Mb(Path.Combine(upsDir, "dump")),8:F1} {took.TotalSeconds,8:F2}");
    }
}
