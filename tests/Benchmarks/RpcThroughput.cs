using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using OceanClassic.Common.Protos.Test;
using OceanClassic.Common.Rpc;

namespace OceanClassic.Benchmarks;

// Timed echo loops (64-byte payload): one sequential caller on one connection, then 16 concurrent
// callers sharing a pool. Prints requests/s and allocation per request.
public static class RpcThroughput
{
    public static async Task RunAsync(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        var options = new RpcOptions();
        await using var server = await EchoServer.StartAsync(options);
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[64]) };

        await using (var connection = await RpcConnection.ConnectAsync(server.Address, options))
        {
            await MeasureAsync("warm-up", 1, TimeSpan.FromSeconds(1),
                () => connection.CallAsync(EchoServer.Echo, request, EchoResponse.Parser, options.DefaultTimeout, default));
            await MeasureAsync("1 caller, 1 connection", 1, duration,
                () => connection.CallAsync(EchoServer.Echo, request, EchoResponse.Parser, options.DefaultTimeout, default));
        }

        foreach (int callers in new[] { 16, 64 })
        {
            await using var pool = new RpcClientPool(options);
            await MeasureAsync($"{callers} callers, pool of {options.ConnectionsPerPeer}", callers, duration,
                () => pool.CallAsync(server.Address, EchoServer.Echo, request, EchoResponse.Parser));
        }
    }

    private static async Task MeasureAsync(string name, int callers, TimeSpan duration, Func<Task<EchoResponse>> call)
    {
        long completed = 0;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        int gen0Before = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                await call();
                Interlocked.Increment(ref completed);
            }
        }));
        await Task.WhenAll(workers);
        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        Console.WriteLine(
            $"{name,-28} {completed / watch.Elapsed.TotalSeconds,12:N0} req/s   {allocated / Math.Max(1, completed),6:N0} B/req   gen0 {GC.CollectionCount(0) - gen0Before}");
    }
}
