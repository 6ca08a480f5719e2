namespace OceanClassic.Common.Storage;

public readonly record struct CacheStats(long Hits, long Misses, long Evictions, long Count, long SizeBytes, long CapacityBytes)
{
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}

// A byte-array cache bounded by bytes, least recently used first out. One lock: the critical
// sections are a dictionary lookup and a list relink, far shorter than the block read they save.
// An entry's charge is its value length plus keyBytes plus a fixed overhead for the bookkeeping.
public class LruByteCache<TKey> where TKey : notnull
{
    private const int EntryOverhead = 96;

    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _map;
    private readonly LinkedList<Entry> _lru = new(); // most recent first
    private long _size;
    private long _hits;
    private long _misses;
    private long _evictions;

    public LruByteCache(long capacityBytes, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        CapacityBytes = capacityBytes;
        _map = new Dictionary<TKey, LinkedListNode<Entry>>(comparer);
    }

    public long CapacityBytes { get; }

    public CacheStats Stats
    {
        get
        {
            lock (_lock)
                return new CacheStats(_hits, _misses, _evictions, _map.Count, _size, CapacityBytes);
        }
    }

    public bool TryGet(TKey key, out byte[] value)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _lru.Remove(node);
                _lru.AddFirst(node);
                _hits++;
                value = node.Value.Value;
                return true;
            }
            _misses++;
            value = [];
            return false;
        }
    }

    // Inserts or replaces; an entry larger than the whole capacity is not cached.
    public void Put(TKey key, byte[] value, int keyBytes = 0)
    {
        var charge = (long)value.Length + keyBytes + EntryOverhead;
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var old))
                RemoveNode(old);
            if (charge > CapacityBytes)
                return;
            while (_size + charge > CapacityBytes && _lru.Last is { } victim)
            {
                RemoveNode(victim);
                _evictions++;
            }
            _map[key] = _lru.AddFirst(new Entry(key, value, charge));
            _size += charge;
        }
    }

    public bool Remove(TKey key)
    {
        lock (_lock)
        {
            if (!_map.TryGetValue(key, out var node))
                return false;
            RemoveNode(node);
            return true;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _map.Clear();
            _lru.Clear();
            _size = 0;
        }
    }

    private void RemoveNode(LinkedListNode<Entry> node)
    {
        _map.Remove(node.Value.Key);
        _lru.Remove(node);
        _size -= node.Value.Charge;
    }

    private sealed record Entry(TKey Key, byte[] Value, long Charge);
}
