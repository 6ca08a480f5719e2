// Run by hand (not a test): dotnet run -c Release tests/UpdateServer.Tests/Bench/ups-apply-bench.cs -- WRITERS SECONDS [nosync]
#:project ../../../UpdateServer/UpdateServer.csproj
#:property PublishAot=false
#:property TreatWarningsAsErrors=false
#:property Nullable=enable
#:property IsTestProject=false
using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.Service;

// Autocommit single-row inserts straight into the engine, fsync on, N concurrent writers.
var writers = args.Length > 0 ? int.Parse(args[0]) : 64;
var seconds = args.Length > 1 ? double.Parse(args[1]) : 5;
var sync = args.Length <= 2 || args[2] != "nosync"; // "nosync": the CPU path alone, without fsync
var dir = Path.Combine(Path.GetTempPath(), "upsbench-" + Guid.NewGuid().ToString("N"));
using var engine = UpdateEngine.OpenAsync(new UpdateEngineOptions(dir) { SyncLog = sync }, NullLogger.Instance).GetAwaiter().GetResult();
long next = 0, done = 0;
var stop = false;
async Task Writer()
{
    while (!Volatile.Read(ref stop))
    {
        var id = Interlocked.Increment(ref next);
        var w = new ArrayBufferWriter<byte>();
        CellCodec.WriteVarUInt(w, 1); CellCodec.Write(w, ObObj.FromInt(id));
        var req = new ApplyRequest();
        req.Mutations.Add(new RowMutation { TableId = 1001, Rowkey = ByteString.CopyFrom(RowKeyCodec.Encode(ObObj.FromInt(id))), Op = MutationOp.MutInsert, Cells = ByteString.CopyFrom(w.WrittenSpan) });
        await engine.ApplyAsync(req, CancellationToken.None);
        Interlocked.Increment(ref done);
    }
}
var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(Writer)).ToArray();
await Task.Delay(1000);
var d0 = Interlocked.Read(ref done); var f0 = engine.Fsyncs; var sw = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
var d1 = Interlocked.Read(ref done); var f1 = engine.Fsyncs; var el = sw.Elapsed.TotalSeconds;
Volatile.Write(ref stop, true);
await Task.WhenAll(tasks);
Console.WriteLine($"sync={sync} writers={writers} writes/s={(d1 - d0) / el:F0} fsyncs/s={(f1 - f0) / el:F0} writes/fsync={(double)(d1 - d0) / Math.Max(1, f1 - f0):F1}");
engine.Dispose();
Directory.Delete(dir, true);
