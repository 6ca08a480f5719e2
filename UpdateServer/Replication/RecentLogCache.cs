using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Replication;

// The last few MB of log batches in memory, so backups that keep up are fed without reading
// files; older entries come from the commit-log files (CommitLogReader). Batches are kept in log
// order and found by binary search: a fetch from a backup that keeps up asks for the newest
// batch, and walking thousands of small batches from the oldest cost the master a third of its
// CPU in majority mode (two backups fetching every batch, issue 23). A stored batch is never
// changed, so a read of exactly one whole batch returns its array without a copy.
public sealed class RecentLogCache(long capacityBytes = 16L << 20)
{
    private readonly Lock _lock = new();
    // Live batches are _segments[_head..]; evicted ones before _head are dropped in bulk.
    private readonly List<Segment> _segments = [];
    private int _head;
    private long _bytes;

    public void Add(ReadOnlySpan<byte> batch, ulong first, ulong last)
    {
        var copy = batch.ToArray();
        lock (_lock)
        {
            if (LiveCount > 0 && _segments[^1].Last + 1 != first)
                ClearLocked();
            _segments.Add(new Segment(first, last, copy));
            _bytes += copy.Length;
            while (_bytes > capacityBytes && LiveCount > 1)
            {
                _bytes -= _segments[_head].Bytes.Length;
                _segments[_head++] = default;
            }
            if (_head > 1024 && _head > _segments.Count / 2)
            {
                _segments.RemoveRange(0, _head);
                _head = 0;
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
            ClearLocked();
    }

    private int LiveCount => _segments.Count - _head;

    private void ClearLocked()
    {
        _segments.Clear();
        _head = 0;
        _bytes = 0;
    }

    // Entries from..upTo (at most maxBytes, at least one); null when `from` is not cached.
    public (byte[] Bytes, ulong First, ulong Last)? Read(ulong from, ulong upTo, int maxBytes)
    {
        lock (_lock)
        {
            var index = IndexOfLocked(from);
            if (index < 0)
                return null;
            var start = OffsetOf(_segments[index].Bytes, from);
            // The whole range in bytes: [start of `from` in the first segment, end of the last entry taken).
            ulong last = 0;
            var total = 0;
            var end = index;
            var endOffset = start;
            for (var i = index; i < _segments.Count; i++)
            {
                var bytes = _segments[i].Bytes;
                var pos = i == index ? start : 0;
                while (pos < bytes.Length)
                {
                    CommitLogEntryHeader.TryRead(bytes.AsSpan(pos), out var h);
                    if (h.LogSequence > upTo || (last != 0 && total >= maxBytes))
                        return Copy(index, start, end, endOffset, total, from, last);
                    var size = CommitLogEntryHeader.Size + (int)h.PayloadLength;
                    total += size;
                    pos += size;
                    last = h.LogSequence;
                    end = i;
                    endOffset = pos;
                }
            }
            return Copy(index, start, end, endOffset, total, from, last);
        }
    }

    public ulong? EntryCrc(ulong sequence)
    {
        lock (_lock)
        {
            var index = IndexOfLocked(sequence);
            if (index < 0)
                return null;
            var bytes = _segments[index].Bytes;
            return CommitLogEntryHeader.TryRead(bytes.AsSpan(OffsetOf(bytes, sequence)), out var h) ? h.PayloadCrc : null;
        }
    }

    // Under the lock: the live segment holding `sequence`, or -1.
    private int IndexOfLocked(ulong sequence)
    {
        int lo = _head, hi = _segments.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + (hi - lo) / 2;
            var s = _segments[mid];
            if (sequence < s.First)
                hi = mid - 1;
            else if (sequence > s.Last)
                lo = mid + 1;
            else
                return mid;
        }
        return -1;
    }

    // The byte offset of entry `sequence` in a batch that holds it.
    private static int OffsetOf(byte[] bytes, ulong sequence)
    {
        var pos = 0;
        while (CommitLogEntryHeader.TryRead(bytes.AsSpan(pos), out var h) && h.LogSequence < sequence)
            pos += CommitLogEntryHeader.Size + (int)h.PayloadLength;
        return pos;
    }

    // Under the lock: the bytes from (first, start) to (end, endOffset), `total` long.
    private (byte[], ulong, ulong) Copy(int first, int start, int end, int endOffset, int total, ulong from, ulong last)
    {
        if (total == 0)
            return ([], 0, 0);
        if (first == end && start == 0 && endOffset == _segments[first].Bytes.Length)
            return (_segments[first].Bytes, from, last);
        var output = new byte[total];
        var written = 0;
        for (var i = first; i <= end && written < total; i++)
        {
            var bytes = _segments[i].Bytes;
            var from0 = i == first ? start : 0;
            var to = i == end ? endOffset : bytes.Length;
            bytes.AsSpan(from0, to - from0).CopyTo(output.AsSpan(written));
            written += to - from0;
        }
        return (output, from, last);
    }

    private readonly record struct Segment(ulong First, ulong Last, byte[] Bytes);
}
