using Microsoft.Extensions.Configuration;
using OceanClassic.Common.Config;

namespace OceanClassic.UpdateServer;

public sealed class UpsOptions : IValidatableOptions
{
    // 1: fsync every group-commit batch before replying; 0: write only (a host crash may lose
    // acknowledged writes; a process crash does not).
    [ConfigurationKeyName("log_sync_type")] public int LogSyncType { get; set; } = 1;
    // 1: with log_sync_type 1, log files are written with O_DIRECT and fdatasync (less CPU per commit
    // than the page cache and fsync); falls back to the page cache where the file system refuses O_DIRECT.
    [ConfigurationKeyName("log_direct_io")] public int LogDirectIo { get; set; } = 1;
    [ConfigurationKeyName("commit_log_size")] public long CommitLogSize { get; set; } = 64L << 20;
    // Microseconds the group committer waits for more entries before a write+fsync, when the last
    // batch showed concurrent writers (0: off).
    [ConfigurationKeyName("group_commit_wait_us")] public int GroupCommitWaitUs { get; set; } = 200;
    [ConfigurationKeyName("active_mem_limit")] public long ActiveMemLimit { get; set; } = 1L << 30;

    // How long a write waits for a row lock before error 1205.
    [ConfigurationKeyName("lock_wait_timeout")] public string LockWaitTimeout { get; set; } = "10s";
    // A transaction with no statement for this long is rolled back and its locks released.
    [ConfigurationKeyName("ob_tx_idle_timeout")] public string TxIdleTimeout { get; set; } = "60s";

    // Backups: 0 reply without waiting for them, 1 after they received a batch, 2 after they fsynced it.
    [ConfigurationKeyName("wait_slave_sync_type")] public int WaitSlaveSyncType { get; set; } = 2;
    // A backup that does not acknowledge a batch within this leaves the sync set until it catches up.
    [ConfigurationKeyName("slave_sync_timeout")] public string SlaveSyncTimeout { get; set; } = "1s";
    // shipping (0.4 log shipping) or majority (a majority of the UpdateServers has each write fsynced).
    // The RootServer's setting (ALTER SYSTEM SET ups_replication) replaces this once it answers.
    [ConfigurationKeyName("ups_replication")] public string UpsReplication { get; set; } = "shipping";
    // Majority mode: a write no majority has fsynced within this fails (error 6103, outcome unknown).
    [ConfigurationKeyName("log_sync_timeout")] public string LogSyncTimeout { get; set; } = "3s";
    // Increment leases (Leases/IncrementLeases.cs): how long a ChunkServer may serve a table not written
    // for this long from its baselines alone, without asking for increments (0: no leases).
    [ConfigurationKeyName("increment_lease_time")] public string IncrementLeaseTime { get; set; } = "1s";

    public IEnumerable<string> Validate()
    {
        foreach (var p in ConfigDuration.Check("increment_lease_time", IncrementLeaseTime, TimeSpan.Zero))
            yield return p;
        foreach (var p in ConfigDuration.Check("slave_sync_timeout", SlaveSyncTimeout, TimeSpan.FromMilliseconds(10)))
            yield return p;
        if (WaitSlaveSyncType is not (0 or 1 or 2))
            yield return $"wait_slave_sync_type: {WaitSlaveSyncType} must be 0 (async), 1 (received) or 2 (fsynced)";
        foreach (var p in ConfigDuration.Check("log_sync_timeout", LogSyncTimeout, TimeSpan.FromMilliseconds(10)))
            yield return p;
        if (Replication.ReplicationModes.Parse(UpsReplication) is null)
            yield return $"ups_replication: '{UpsReplication}' must be shipping or majority";
        foreach (var p in ConfigDuration.Check("lock_wait_timeout", LockWaitTimeout, TimeSpan.FromMilliseconds(1)))
            yield return p;
        foreach (var p in ConfigDuration.Check("ob_tx_idle_timeout", TxIdleTimeout, TimeSpan.FromMilliseconds(10)))
            yield return p;
        if (LogSyncType is not (0 or 1))
            yield return $"log_sync_type: {LogSyncType} must be 0 (no fsync) or 1 (fsync each batch)";
        if (LogDirectIo is not (0 or 1))
            yield return $"log_direct_io: {LogDirectIo} must be 0 (page cache and fsync) or 1 (O_DIRECT and fdatasync)";
        if (GroupCommitWaitUs is < 0 or > 100_000)
            yield return $"group_commit_wait_us: {GroupCommitWaitUs} must be between 0 and 100000";
        if (CommitLogSize < 1L << 20)
            yield return $"commit_log_size: {CommitLogSize} must be at least 1048576 bytes (1 MiB)";
        if (ActiveMemLimit < 1L << 20)
            yield return $"active_mem_limit: {ActiveMemLimit} must be at least 1048576 bytes (1 MiB)";
    }
}
