using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Engine;

public sealed record UpdateEngineOptions(string DataDir)
{
    public bool SyncLog { get; init; } = true;
    // With SyncLog: log files written with O_DIRECT and fdatasync where the file system allows it.
    public bool DirectIoLog { get; init; } = true;
    public long CommitLogSize { get; init; } = 64L << 20;
    // The active MemTable size (bytes) that triggers a minor freeze and dump (0: never automatically).
    public long ActiveMemLimit { get; init; } = 1L << 30;
    // How long the group committer waits for more entries before a write+fsync (zero: never).
    public TimeSpan GroupCommitWait { get; init; } = TimeSpan.FromMicroseconds(200);
    // How long a scan at a read version above the committed version waits for it.
    public TimeSpan ReadVersionWait { get; init; } = TimeSpan.FromSeconds(2);
    // Defaults for BeginTx requests that do not set their own.
    public TimeSpan LockWaitTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan TxIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);
    // How often idle transactions are looked for.
    public TimeSpan TxSweepInterval { get; init; } = TimeSpan.FromSeconds(1);
    public UpsFaults Faults { get; init; } = new();
    // Null: a lone UPS that always writes and replies once a batch is durable locally.
    public IWriteGate? WriteGate { get; init; }
    public ILogReplicator? Replicator { get; init; }
    // Rows an increment scan walks (visible or not) on the connection's read loop before it continues on the
    // thread pool (UpdateEngine.Scan.cs): a sysbench range of 100 rows, or a batch of point gets, fits.
    public int ScanLoopRows { get; init; } = 1024;
    // Null: no increment leases (every ChunkServer read of the UPS's tables asks it for increments).
    public Leases.IncrementLeases? IncrementLeases { get; init; }
}
