namespace OceanClassic.UpdateServer.Replication;

public sealed record ReplicationOptions(string LogDirectory)
{
    // wait_slave_sync_type: 0 async, 1 reply after the backups received a batch, 2 after they fsynced it.
    public int SyncType { get; init; } = 2;
    // slave_sync_timeout: a backup that has not acknowledged a batch by then leaves the sync set.
    public TimeSpan SyncTimeout { get; init; } = TimeSpan.FromSeconds(1);
    public int MaxFetchBytes { get; init; } = 4 << 20;
    // ups_replication at start (the RootServer's setting replaces it with the first heartbeat reply).
    public ReplicationMode Mode { get; init; } = ReplicationMode.Shipping;
    // log_sync_timeout, majority mode: a write no majority has fsynced by then fails (never "commits anyway").
    public TimeSpan LogSyncTimeout { get; init; } = TimeSpan.FromSeconds(3);
    // A backup told that the master pruned the log it needs copies the master's dump with this
    // (the master's address) and restarts its engine from it. Null: not supported here.
    public Func<string, CancellationToken, Task>? CopyDumpFrom { get; init; }
    public string DataDirectory => Path.GetDirectoryName(LogDirectory) ?? ".";
}
