using Microsoft.Extensions.Configuration;
using OceanClassic.Common.Config;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.Configuration;

public sealed class CsOptions : IValidatableOptions
{
    // A tablet is split at the daily merge once its baseline outgrows this.
    [ConfigurationKeyName("tablet_max_size")] public long TabletMaxSize { get; set; } = 256L << 20;

    // SSTable block cache budget.
    [ConfigurationKeyName("block_cache_size")] public long BlockCacheSize { get; set; } = 64L << 20;
    [ConfigurationKeyName("row_cache_size")] public long RowCacheSize { get; set; } = 32L << 20;

    // Layout of the SSTables the daily merge writes.
    [ConfigurationKeyName("tablet_block_size")] public int TabletBlockSize { get; set; } = 16 * 1024;
    [ConfigurationKeyName("compress_method")] public string CompressMethod { get; set; } = "none";
    [ConfigurationKeyName("use_bloom_filter")] public bool UseBloomFilter { get; set; } = true;

    // Daily merge pace (MB of merged rows per second; 0 = unthrottled), so reads go on meanwhile.
    [ConfigurationKeyName("merge_max_mb_per_sec")] public int MergeMaxMbPerSec { get; set; } = 64;

    public SSTableWriterOptions WriterOptions()
    {
        SSTableCompressorNames.TryParse(CompressMethod, out var compressor);
        return new SSTableWriterOptions { BlockSize = TabletBlockSize, Compressor = compressor, UseBloomFilter = UseBloomFilter };
    }

    public IEnumerable<string> Validate()
    {
        if (TabletMaxSize < 1 << 20)
            yield return $"tablet_max_size: {TabletMaxSize} is below 1048576 bytes";
        if (BlockCacheSize < 0)
            yield return $"block_cache_size: {BlockCacheSize} must not be negative";
        if (RowCacheSize < 0)
            yield return $"row_cache_size: {RowCacheSize} must not be negative";
        if (TabletBlockSize is < SSTableWriterOptions.MinBlockSize or > SSTableWriterOptions.MaxBlockSize)
            yield return $"tablet_block_size: {TabletBlockSize} is outside {SSTableWriterOptions.MinBlockSize}..{SSTableWriterOptions.MaxBlockSize}";
        if (!SSTableCompressorNames.TryParse(CompressMethod, out _))
            yield return $"compress_method: '{CompressMethod}' is not none, deflate, brotli, lz4 or zstd";
        if (MergeMaxMbPerSec < 0)
            yield return $"merge_max_mb_per_sec: {MergeMaxMbPerSec} must not be negative";
    }
}
