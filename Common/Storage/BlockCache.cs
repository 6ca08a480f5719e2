namespace OceanClassic.Common.Storage;

public readonly record struct BlockCacheKey(long FileId, long BlockOffset);

// Decompressed data blocks shared by every SSTableReader of a server (`block_cache_size`).
// File ids are unique per opened reader, so a replaced SSTable's blocks simply age out.
public sealed class BlockCache : LruByteCache<BlockCacheKey>
{
    private static long s_nextFileId;

    public BlockCache(long capacityBytes) : base(capacityBytes) { }

    public static long NewFileId() => Interlocked.Increment(ref s_nextFileId);
}
