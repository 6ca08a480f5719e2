using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Replication;

// The last few MB of log batches in memory, so backups that keep up are fed without reading
// files; older entries come from the commit-log files (CommitLogReader).
public sealed class RecentLogCache(long capacityBytes = 16L << 20)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<(ulong First, ulong Last, byte[] Bytes)> _segments = new();
    private long _bytes;

    public void Add(ReadOnlySpan<byte> batch, ulong first, ulong last)
    {
        var copy = batch.ToArray();
        lock (_lock)
        {
            if (_segments.Last is { } tail && tail.Value.Last + 1 != first)
                ClearLocked();
            _segments.AddLast((first, last, copy));
            _bytes += copy.Length;
            while (_bytes > capacityBytes && _segments.Count > 1)
            {
                _bytes -= _segments.First!.Value.Bytes.Length;
                _segments.RemoveFirst();
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
            ClearLocked();
    }

    private void ClearLocked()
    {
        _segments.Clear();
        _bytes = 0;
    }

    // Entries from..upTo (at most maxBytes, at least one); null when `from` is not cached.
    public (byte[] Bytes, ulong First, ulong Last)? Read(ulong from, ulong upTo, int maxBytes)
    {
        lock (_lock)
        {
            if (_segments.First is null || from < _segments.First.Value.First || from > _segments.Last!.Value.Last)
                return null;
            using var output = new MemoryStream();
            ulong first = 0, last = 0;
            foreach (var (_, segLast, bytes) in _segments)
            {
                if (segLast < from)
                    continue;
                var pos = 0;
                while (pos < bytes.Length)
                {
                    CommitLogEntryHeader.TryRead(bytes.AsSpan(pos), out var h);
                    var size = CommitLogEntryHeader.Size + (int)h.PayloadLength;
                    if (h.LogSequence > upTo || (last != 0 && output.Length >= maxBytes))
                        return (output.ToArray(), first, last);
                    if (h.LogSequence >= from)
                    {
                        output.Write(bytes, pos, size);
                        first = first == 0 ? h.LogSequence : first;
                        last = h.LogSequence;
                    }
                    pos += size;
                }
            }
            return (output.ToArray(), first, last);
        }
    }

    public ulong? EntryCrc(ulong sequence)
    {
        var read = Read(sequence, sequence, 1);
        if (read is not { } r || r.First != sequence || !CommitLogEntryHeader.TryRead(r.Bytes, out var h))
            return null;
        return h.PayloadCrc;
    }
}
