using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Engine;

// A follower's log entries above the commit point (OceanBase 0.5, Raft): logged here (fsynced and
// counted toward a majority) but not in the MemTable. An entry is applied, in log order, once a
// commit point covers it: the one its master's fetch replies and entry stamps carry, the one a
// restart reads back from the log, or (a promoted follower) its own new-term entry's commit. So
// the MemTable of a follower only ever holds committed entries, and cutting a divergent tail
// never has to take anything out of it. Under the engine's apply lock.
internal sealed class HeldLog
{
    private readonly Queue<HeldEntry> _entries = new();
    private int _count;

    // Readable without the apply lock (the read gate of a new master).
    public int Count => Volatile.Read(ref _count);

    public ulong LastSequence => _entries.Count == 0 ? 0 : _lastSequence;

    private ulong _lastSequence;

    public void Add(HeldEntry entry)
    {
        _entries.Enqueue(entry);
        _lastSequence = entry.LogSequence;
        Volatile.Write(ref _count, _entries.Count);
    }

    // The oldest held entry when `commitPoint` covers it.
    public bool TryTakeCovered(ulong commitPoint, out HeldEntry entry)
    {
        if (_entries.TryPeek(out entry) && entry.LogSequence <= commitPoint)
        {
            _entries.Dequeue();
            Volatile.Write(ref _count, _entries.Count);
            return true;
        }
        return false;
    }
}

// `ChecksumAfter`: the running MemTable checksum once the entry is applied.
internal readonly record struct HeldEntry(ulong LogSequence, ulong CommitVersion, ulong ChecksumAfter, CommitLogPayload Payload);
