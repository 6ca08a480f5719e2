using Microsoft.Extensions.Logging;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Engine;

// The engine as a backup: entries shipped from the master are appended to this UPS's own log
// unchanged and held (HeldLog); each is applied exactly as replay applies it (same versions, same
// MemTable path) once a commit point covers it (ApplyCommitted). A follower promoted to master
// applies its whole held tail: in majority mode once its new-term entry is committed (which commits
// the tail), in 0.4 shipping mode at once (the new master's log is the truth).
public sealed partial class UpdateEngine
{
    private MemTableChecksumMismatchException? _shippedFailure;
    private readonly HeldLog _held = new();
    // The last entry in the MemTable and the checksum after it, while entries are held (under the apply lock).
    private ulong _appliedSequence;
    private ulong _appliedChecksum;

    // Entries logged but not yet in the MemTable (0 on a master that took writes).
    public int HeldEntries => _held.Count;

    // The last log entry in the MemTable.
    public ulong AppliedSequence
    {
        get { lock (_applyLock) return _held.Count == 0 ? _committer.LastSequence : _appliedSequence; }
    }

    // The running MemTable checksum after the last applied entry (equal on master and backups at
    // the same log seq).
    public ulong MemTableChecksumValue
    {
        get { lock (_applyLock) return _checksum; }
    }

    // The last sequence in the log queue (received; LogSequence is the durable one).
    public ulong ReceivedSequence => _committer.LastSequence;

    // Logs the block and holds its entries until a commit point covers them (ApplyCommitted).
    // Completes with the block's last sequence once it is durable here. The whole block's MemTable
    // checksums are verified before any of it is logged; a mismatch fails this and every later
    // block (MemTableChecksumMismatchException names the log seq).
    public Task<ulong> ApplyShipped(ShippedLog log) => ApplyShippedLocked(log);

    // The master says every entry up to `commitPoint` is committed: the held ones it covers (that
    // this UPS has received) go into the MemTable and become visible; the commit point is what this
    // UPS stamps into entries if it is promoted. Returns the last applied sequence.
    public ulong ApplyCommitted(ulong commitPoint)
    {
        ulong maxVersion, applied;
        lock (_applyLock)
        {
            commitPoint = Math.Min(commitPoint, _committer.LastSequence);
            maxVersion = ApplyHeldLocked(commitPoint);
            applied = _held.Count == 0 ? _committer.LastSequence : _appliedSequence;
        }
        _committer.MarkCommitted(commitPoint);
        _watermark.Advance(maxVersion);
        MaybeMinorFreeze();
        return applied;
    }

    // A follower promoted to master: its whole log is committed now (majority mode: its new-term
    // entry is committed on a majority; shipping mode: the RootServer elected it) and goes into the
    // MemTable before it takes writes or serves reads.
    public void ApplyWholeLog()
    {
        ulong last;
        lock (_applyLock)
            last = _committer.LastSequence;
        ApplyCommitted(last);
    }

    // Under the apply lock: applies, in log order, the held entries `commitPoint` covers; returns
    // their highest commit version (0: none).
    private ulong ApplyHeldLocked(ulong commitPoint)
    {
        ulong maxVersion = 0;
        while (_held.TryTakeCovered(commitPoint, out var entry))
        {
            foreach (var m in entry.Payload.Mutations)
                _memTable.Apply(m.TableId, m.RowKey, entry.CommitVersion, m.Kind, m.Cells);
            MarkWritten(entry.Payload.Mutations, entry.CommitVersion);
            foreach (var mark in entry.Payload.AutoInc)
                _autoInc.Raise(mark.TableId, mark.HighWater);
            maxVersion = Math.Max(maxVersion, entry.CommitVersion);
            _appliedSequence = entry.LogSequence;
            _appliedChecksum = entry.ChecksumAfter;
        }
        _lastVersion = Math.Max(_lastVersion, maxVersion);
        return maxVersion;
    }

    // Under the apply lock: `entry` (the next in the log, its checksums verified) waits for a commit point.
    private void Hold(HeldEntry entry)
    {
        if (_held.Count == 0)
        {
            _appliedSequence = entry.LogSequence - 1;
            _appliedChecksum = _checksum;
        }
        _held.Add(entry);
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
            foreach (var entry in log.Entries)
                Hold(new HeldEntry(entry.LogSequence, entry.CommitVersion, entry.ChecksumAfter, entry.Payload));
            _checksum = checksum;
            return _committer.AppendShippedAsync(log.Bytes, log.FirstSequence, log.LastSequence, log.LastPayloadCrc, log.MaxCommitVersion, log.LastTerm);
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
