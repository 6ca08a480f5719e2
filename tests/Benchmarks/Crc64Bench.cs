using BenchmarkDotNet.Attributes;
using OceanClassic.Common.Checksums;

namespace OceanClassic.Benchmarks;

public class Crc64Bench
{
    private readonly byte[] _data = new byte[64 * 1024];

    [GlobalSetup]
    public void Setup() => new Random(42).NextBytes(_data);

    [Benchmark]
    public ulong Compute64KiB() => Crc64.Compute(_data);
}
