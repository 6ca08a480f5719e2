using BenchmarkDotNet.Attributes;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.Benchmarks;

// Writing and reading a 100k-row SSTable (16 KiB blocks, rows of an int key + 3 cells).
public class SSTableBench
{
    private const int Rows = 100_000;
    private const int Lookups = 10_000;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "oc-sstable-bench-" + Environment.ProcessId);
    private SSTableRow[] _rows = [];
    private byte[][] _lookupKeys = [];
    private SSTableReader? _reader;
    private SSTableReader? _cachedReader;

    [Params(SSTableCompressor.None, SSTableCompressor.Deflate, SSTableCompressor.Brotli, SSTableCompressor.Lz4, SSTableCompressor.Zstd)]
    public SSTableCompressor Compressor { get; set; }

    // BenchmarkDotNet's in-process toolchain does not await an async setup; block here (bench only).
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        Directory.CreateDirectory(_dir);
        _rows = new SSTableRow[Rows];
        for (var i = 0; i < Rows; i++)
        {
            _rows[i] = new SSTableRow(RowKeyCodec.Encode(ObObj.FromInt(i)), SSTableRowKind.Full,
            [
                new SSTableCell(1, ObObj.FromInt(i * 7)),
                new SSTableCell(2, ObObj.FromString("customer-" + (i % 5000))),
                new SSTableCell(3, ObObj.FromDecimal(i / 100m)),
            ]);
        }
        var rng = new Random(1);
        _lookupKeys = Enumerable.Range(0, Lookups).Select(_ => _rows[rng.Next(Rows)].Key).ToArray();
        await WriteAsync(ReadPath);
        _reader = await SSTableReader.OpenAsync(ReadPath);
        _cachedReader = await SSTableReader.OpenAsync(ReadPath, new BlockCache(256L << 20));
        await GetRandomCached(); // warm the cache
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _reader?.Dispose();
        _cachedReader?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string ReadPath => Path.Combine(_dir, $"read-{Compressor}.sst");

    [Benchmark(OperationsPerInvoke = Rows)]
    public Task<SSTableInfo> Write100k() => WriteAsync(Path.Combine(_dir, "write.sst"));

    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<long> Scan100k()
    {
        long n = 0;
        await foreach (var row in _reader!.ScanAsync())
            n += row.Cells.Length;
        return n;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public async Task<int> GetRandomUncached()
    {
        var found = 0;
        foreach (var key in _lookupKeys)
            found += await _reader!.GetAsync(key) is null ? 0 : 1;
        return found;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public async Task<int> GetRandomCached()
    {
        var found = 0;
        foreach (var key in _lookupKeys)
            found += await _cachedReader!.GetAsync(key) is null ? 0 : 1;
        return found;
    }

    private async Task<SSTableInfo> WriteAsync(string path)
    {
        await using var writer = SSTableWriter.Create(path, new SSTableWriterOptions { Compressor = Compressor });
        foreach (var row in _rows)
            await writer.AddRowAsync(row);
        return await writer.FinishAsync();
    }
}
