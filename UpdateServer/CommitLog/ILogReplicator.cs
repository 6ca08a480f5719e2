namespace OceanClassic.UpdateServer.CommitLog;

// The seam between the commit path and replication (DESIGN §7): the group committer hands every
// batch it made durable locally to the replicator and replies to the batch's writers only when
// the returned task completes. Stage 0 (ups_replication = shipping) waits for the backups the sync
// mode asks for; majority mode waits for a majority commit point (both in LogShippingReplicator).
public interface ILogReplicator
{
    // `batch` holds whole log entries [firstSequence, lastSequence] exactly as written; it is only
    // valid during the call. `ownEntries`: it holds entries this UPS wrote as master (not only ones
    // shipped from its master). False means the batch may not survive a failover (this UPS stopped
    // being the master before the backups had it), so its writers get an error; a faulted task's
    // error (an RpcException: no majority in time) goes to the writers as it is.
    Task<bool> ReplicateAsync(ReadOnlyMemory<byte> batch, ulong firstSequence, ulong lastSequence, bool ownEntries);

    // Called on the loop thread just before the batch is written here: a replicator may hand it to
    // the backups now, so that their fsyncs run while this one does (majority mode). Nothing counts
    // it as durable here yet; ReplicateAsync follows once it is, or LocalWriteFailed if the write failed.
    void BatchFormed(ReadOnlySpan<byte> batch, ulong firstSequence, ulong lastSequence)
    {
    }

    // The local write failed and its batch was cut from the log: entries handed over by BatchFormed
    // may exist on backups and nowhere here (their sequences will be reused).
    void LocalWriteFailed()
    {
    }

    // The UPS term this master writes its own entries in (stamped into each, EntryStamp).
    ulong Term { get; }
}

// Whether this UpdateServer may accept a write now (master with a valid lease). Checked under the
// engine's apply lock, so a write either passed it before a log entry got its sequence or failed.
public interface IWriteGate
{
    void ThrowIfNotWritable();
}

public sealed class ReplicationAbortedException()
    : IOException("the write may not survive a failover: this UpdateServer lost the master role before its backups acknowledged it");
