using OceanClassic.UpdateServer.Replication;

namespace OceanClassic.UpdateServer.Service;

// The engine as a backup: entries shipped from the master are applied exactly as replay applies
// them (same versions, same MemTable path) and appended to this UPS's own log unchanged.
public sealed partial class UpdateEngine
{
    // The last sequence in the log queue (received; LogSequence is the durable one).
    public ulong ReceivedSequence => _committer.LastSequence;

    // Completes with the block's last sequence once it is durable here.
    public Task<ulong> ApplyShipped(ShippedLog log)
    {
        lock (_applyLock)
        {
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
            return _committer.AppendShippedAsync(log.Bytes, log.FirstSequence, log.LastSequence, maxVersion);
        }
    }

    // A planned switch: after the gate is fenced, the last sequence any write got (none gets one later).
    public ulong LastAssignedSequence()
    {
        lock (_applyLock)
            return _committer.LastSequence;
    }
}
