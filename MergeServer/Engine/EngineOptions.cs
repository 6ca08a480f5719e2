namespace OceanClassic.MergeServer.Engine;

public sealed class EngineOptions
{
    // What VERSION() and @@version report; keep equal to the handshake's server version.
    public string ServerVersion { get; set; } = "5.7.25-OceanClassic-0.4";

    public string VersionComment { get; set; } = "OceanClassic (OceanBase 0.4 architecture)";

    // Auto-increment ids fetched from the UPS at once and handed out locally.
    public int AutoIncrementBlock { get; set; } = 100;

    // How long a write keeps retrying a write conflict (1213) or an unreachable UPS before giving up.
    public TimeSpan WriteRetryBudget { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan UpsUnavailableBudget { get; set; } = TimeSpan.FromSeconds(8);

    public int MaxAllowedPacket { get; set; } = 64 * 1024 * 1024;

    // Bytes one statement's joins, set operations and subquery results may hold (ms_join_memory_limit).
    public long JoinMemoryLimit { get; set; } = 256L << 20;
}
