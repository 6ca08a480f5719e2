using Microsoft.Extensions.Configuration;
using OceanClassic.Common.Config;

namespace OceanClassic.ChunkServer;

public sealed class CsOptions : IValidatableOptions
{
    // A tablet is split at the daily merge once its baseline outgrows this (reported only for now).
    [ConfigurationKeyName("tablet_max_size")] public long TabletMaxSize { get; set; } = 256L << 20;

    // SSTable block cache budget (reported only until SSTables arrive).
    [ConfigurationKeyName("block_cache_size")] public long BlockCacheSize { get; set; } = 64L << 20;

    public IEnumerable<string> Validate()
    {
        if (TabletMaxSize < 1 << 20)
            yield return $"tablet_max_size: {TabletMaxSize} is below 1048576 bytes";
        if (BlockCacheSize < 0)
            yield return $"block_cache_size: {BlockCacheSize} must not be negative";
    }
}
