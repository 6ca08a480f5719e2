namespace OceanClassic.MergeServer.Engine.Session;

// The SQL engine's settings, one set per MergeServer (MergeServerRole fills them from its config): what
// sessions report and enforce, and the budgets of the write retry and of statement memory.
public sealed class EngineOptions
{
    // What VERSION() and @@version report; keep equal to the handshake's server version.
    public string ServerVersion { get; set; } = "5.7.25-OceanClassic-0.4";

    public string VersionComment { get; set; } = "OceanClassic (OceanBase 0.4 architecture)";

    // Auto-increment ids fetched from the UPS at once and handed out locally.
    public int AutoIncrementBlock { get; set; } = 100;

    // How long a write that surely was not applied is resent while the UPS master is unreachable or
    // changing: twice the failover time at the default lease (8.2 s), so a failover fails no write.
    public TimeSpan UpsUnavailableBudget { get; set; } =
        Common.Config.UpsLeaseTimes.WriteRetryBudget(Common.Config.UpsLeaseTimes.DefaultLease, Common.Config.UpsLeaseTimes.DefaultHeartbeat);

    public int MaxAllowedPacket { get; set; } = 64 * 1024 * 1024;

    // @@max_connections and @@connect_timeout (seconds) as configured; the MySQL listener enforces them.
    public int MaxConnections { get; set; } = 10000;

    public int ConnectTimeoutSeconds { get; set; } = 10;

    // The bootstrap account (mysql_user / mysql_password): 'user'@'%' with every privilege (Accounts/AccountDirectory).
    public string BootstrapUser { get; set; } = "root";

    public string BootstrapPassword { get; set; } = "";

    // Bytes one statement's joins, set operations and subquery results may hold (ms_join_memory_limit).
    public long JoinMemoryLimit { get; set; } = 256L << 20;

    // Bytes one statement's ORDER BY, GROUP BY and DISTINCT rows may hold (ms_sort_memory_limit).
    public long SortMemoryLimit { get; set; } = 256L << 20;
}
