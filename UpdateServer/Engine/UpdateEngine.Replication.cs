using Microsoft.Extensions.Logging;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Engine;

// The engine as a backup: entries shipped from the master are applied exactly as replay applies
// them (same versions, same MemTable path) and appended to this UPS's own log unchanged.
public sealed partial class UpdateEngine
{
    private MemTableChecksumMismatchException? _shippedFailure;

    // The running MemTable checksum after the last applied entry (equal on master and backups at
    // the same log seq).
    public ulong MemTableChecksumValue
    {
        get { lock (_applyLock) return _checksum; }
    }

    // The last sequence in the log queue (received; LogSequence is the durable one).
    public ulong ReceivedSequence => _committer.LastSequence;

    // Completes with the block's last sequence once it is durable here.
    // The whole block's MemTable checksums are verified before any of it is applied; a mismatch
    // fails this and every later block (MemTableChecksumMismatchException names the log seq).
    public Task<ulong> ApplyShipped(ShippedLog log)
    {
        var durable = ApplyShippedLocked(log);
        MaybeMinorFreeze();
        return durable;
    }

    private Task<ulong> ApplyShippedLocked(ShippedLog log)
    {
        lock (_applyLock)
        {
            if (_shippedFailure is not null)
                return Task.FromException<ulong>(_shippedFailure);
            // A block that does not continue the log is refused before its checksums are judged
            // (it says nothing about this MemTable) and before anything is applied.
            if (log.FirstSequence != _committer.LastSequence + 1)
                throw new InvalidOperationException($"shipped log starts at {log.FirstSequence}, the log continues at {_committer.LastSequence + 1}");
            var checksum = _checksum;
            try
            {
                foreach (var entry in log.Entries)
                {
                    checksum = MemTableChecksumMismatchException.Verify(checksum, entry.LogSequence, entry.CommitVersion,
                        entry.ChecksumBefore, entry.ChecksumAfter, entry.Payload.Mutations);
                }
            }
            catch (MemTableChecksumMismatchException ex)
            {
                _shippedFailure = ex;
                _logger.LogCritical(ex, "backup stops applying shipped log");
                return Task.FromException<ulong>(ex);
            }
            _checksum = checksum;
            ulong maxVersion = 0;
            foreach (var entry in log.Entries)
            {
                foreach (var m in entry.Payload.Mutations)
                    _memTable.Apply(m.TableId, m.RowKey, entry.CommitVersion, m.Kind, m.Cells);
                foreach (var mark in entry.Payload.AutoInc)
                    _autoInc.Raise(mark.TableId, mark.HighWater);
                maxVersion = Math.Max(maxVersion, entry.CommitVersion);
            }
            _lastVersion = Math.Max(_lastVersion, maxVersion);
            return _committer.AppendShippedAsync(log.Bytes, log.FirstSequence, log.LastSequence, log.LastPayloadCrc, maxVersion, log.LastTerm);
        }
    }

    // The term of the last durable entry (with LogSequence: what a majority election compares).
    public ulong DurableTerm => _committer.DurableTerm;

    // The highest sequence whose writers were answered (the commit point new entries carry; after a
    // restart, the highest one the log carries).
    public ulong AcknowledgedSequence => _committer.AcknowledgedSequence;

    // A new master's first entry of its term (majority mode): an empty entry, logged past the write
    // gate (which stays fenced until it is committed). Completes once it is committed on a majority;
    // faults like any write that is not (NoReplicationMajority, a lost role).
    public Task<ulong> AppendTermStartAsync()
    {
        lock (_applyLock)
        {
            var entry = new CommitLogPayload([], []).EncodeWithHeaderSpace();
            return AppendLogged(entry, commitVersion: 0, []);
        }
    }

    // A planned switch: after the gate is fenced, the last sequence any write got (none gets one later).
    public ulong LastAssignedSequence()
    {
        lock (_applyLock)
            return _committer.LastSequence;
    }
}
