using Microsoft.Extensions.Configuration;
using OceanClassic.Common.Config;

namespace OceanClassic.UpdateServer;

public sealed class UpsOptions : IValidatableOptions
{
    // 1: fsync every group-commit batch before replying; 0: write only (a host crash may lose
    // acknowledged writes; a process crash does not).
    [ConfigurationKeyName("log_sync_type")] public int LogSyncType { get; set; } = 1;
    [ConfigurationKeyName("commit_log_size")] public long CommitLogSize { get; set; } = 64L << 20;
    [ConfigurationKeyName("active_mem_limit")] public long ActiveMemLimit { get; set; } = 1L << 30;

    public IEnumerable<string> Validate()
    {
        if (LogSyncType is not (0 or 1))
            yield return $"log_sync_type: {LogSyncType} must be 0 (no fsync) or 1 (fsync each batch)";
        if (CommitLogSize < 1L << 20)
            yield return $"commit_log_size: {CommitLogSize} must be at least 1048576 bytes (1 MiB)";
        if (ActiveMemLimit < 1L << 20)
            yield return $"active_mem_limit: {ActiveMemLimit} must be at least 1048576 bytes (1 MiB)";
    }
}
