using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.Engine;

namespace OceanClassic.Benchmarks;

// ups-apply [writers] [seconds] [nosync]: autocommit single-row inserts straight into an UpdateEngine
// (no RPC, no process boundary), fsync on unless "nosync" (the CPU path alone). Separates the engine's
// own cost (apply lock, MemTable, group commit) from what `ups` adds over the wire.
public static class UpsApplyBench
{
    public static async Task RunAsync(string[] args)
    {
        var writers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var sync = args.Length <= 2 || args[2] != "nosync";
        var dir = Path.Combine(Path.GetTempPath(), "upsbench-" + Guid.NewGuid().ToString("N"));
        var engine = await UpdateEngine.OpenAsync(new UpdateEngineOptions(dir) { SyncLog = sync }, NullLogger.Instance);
        long next = 0, done = 0;
        using var stop = new CancellationTokenSource();

        async Task WriterAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var id = Interlocked.Increment(ref next);
                var cells = new ArrayBufferWriter<byte>();
                CellCodec.WriteVarUInt(cells, 1);
                CellCodec.Write(cells, ObObj.FromInt(id));
                var request = new ApplyRequest();
                request.Mutations.Add(new RowMutation
                {
                    TableId = 1001,
                    Rowkey = ByteString.CopyFrom(RowKeyCodec.Encode(ObObj.FromInt(id))),
                    Op = MutationOp.MutInsert,
                    Cells = ByteString.CopyFrom(cells.WrittenSpan),
                });
                await engine.ApplyAsync(request, CancellationToken.None);
                Interlocked.Increment(ref done);
            }
        }

        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(WriterAsync)).ToArray();
        await Task.Delay(1000); // warm-up
        var d0 = Interlocked.Read(ref done);
        var f0 = engine.Fsyncs;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var d1 = Interlocked.Read(ref done);
        var f1 = engine.Fsyncs;
        var elapsed = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sync={sync} writers={writers} writes/s={(d1 - d0) / elapsed:F0} fsyncs/s={(f1 - f0) / elapsed:F0} writes/fsync={(double)(d1 - d0) / Math.Max(1, f1 - f0):F1}"));
        await engine.DisposeAsync();
        Directory.Delete(dir, true);
    }
}
