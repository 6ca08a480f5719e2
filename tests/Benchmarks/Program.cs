using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using OceanClassic.Benchmarks;

// rpc          plain timed RPC echo throughput against a real Kestrel server on loopback
// ups [secs]   autocommit inserts through a real UpdateServer (fsync on) with 1, 16 and 64 writers
// ups-apply [writers] [secs] [nosync]   autocommit inserts straight into an UpdateEngine (no RPC)
// ups-restart [rows]   restart time of a SIGKILLed UpdateServer: whole-log replay vs dump + log after it
// memtable [rounds]   CPU time per MemTable insert, update and point read (MemTableApplyBench)
// merge port rs rows secs threads   daily-merge benchmark against a running cluster (scripts/bench.sh merge)
// bdn [filter] [BenchmarkDotNet options]   micro benchmarks (Crc64, frame encode/parse, the SQL parser on a 1 MiB INSERT), e.g. bdn '*' --job short
switch (args.FirstOrDefault())
{
    case "rpc":
        await RpcThroughput.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "ups":
        await UpsWriteThroughput.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "ups-apply":
        await UpsApplyBench.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "ups-restart":
        await UpsRestartBench.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "memtable":
        MemTableApplyBench.RunCpu(args.Skip(1).ToArray());
        return 0;
    case "merge":
        await MergeBench.RunAsync(args.Skip(1).ToArray());
        return 0;
    case "bdn":
        var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
        string[] rest = args.Length > 2 ? args[2..] : [];
        // In-process: the assembly name (OceanClassic.Benchmarks) differs from the project file name,
        // which BenchmarkDotNet's out-of-process build cannot resolve.
        BenchmarkSwitcher.FromAssembly(typeof(Crc64Bench).Assembly)
            .Run(["--inProcess", "--filter", args.Length > 1 ? args[1] : "*", .. rest], config);
        return 0;
    default:
        Console.Error.WriteLine("usage: Benchmarks rpc [seconds] | ups [seconds] | ups-apply [writers] [seconds] [nosync] | ups-restart [rows] | merge port rs rows secs threads | bdn [filter] [BenchmarkDotNet options]");
        return 2;
}
