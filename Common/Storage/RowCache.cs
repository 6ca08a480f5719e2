using OceanClassic.Common.Types;

namespace OceanClassic.Common.Storage;

// A row in a tablet: the owner id (table, tablet or tablet version — whatever the caller keys by,
// so a new tablet version never sees an old row) and the memcomparable rowkey.
public readonly struct RowCacheKey : IEquatable<RowCacheKey>
{
    public RowCacheKey(long ownerId, byte[] rowKey)
    {
        OwnerId = ownerId;
        RowKey = rowKey;
    }

    public long OwnerId { get; }
    public byte[] RowKey { get; }

    public bool Equals(RowCacheKey other) => OwnerId == other.OwnerId && RowKey.AsSpan().SequenceEqual(other.RowKey);
    public override bool Equals(object? obj) => obj is RowCacheKey k && Equals(k);
    public override int GetHashCode() => HashCode.Combine(OwnerId, ByteKeyComparer.Instance.GetHashCode(RowKey));
    public static bool operator ==(RowCacheKey left, RowCacheKey right) => left.Equals(right);
    public static bool operator !=(RowCacheKey left, RowCacheKey right) => !left.Equals(right);
}

// Encoded rows (SSTableRowCodec bytes) for point reads (`row_cache_size`).
public sealed class RowCache : LruByteCache<RowCacheKey>
{
    public RowCache(long capacityBytes) : base(capacityBytes) { }

    public bool TryGet(long ownerId, byte[] rowKey, out byte[] rowBytes) => TryGet(new RowCacheKey(ownerId, rowKey), out rowBytes);

    public void Put(long ownerId, byte[] rowKey, byte[] rowBytes) => Put(new RowCacheKey(ownerId, rowKey), rowBytes, rowKey.Length);
}
