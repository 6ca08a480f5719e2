using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using OceanClassic.Common.Checksums;
using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Storage;

// Reads one immutable SSTable. Opening reads the trailer, block index, bloom filter and key range
// (each checked by CRC); a lookup reads at most one data block. Reads are positional
// (RandomAccess on one SafeFileHandle), so any number of concurrent Get/Scan calls share the
// reader safely. Every block read verifies its CRC; a mismatch or a malformed block throws
// SSTableCorruptException naming the file and block — never wrong data.
public sealed class SSTableReader : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly SSTableTrailer _trailer;
    private readonly SSTableBlockIndex _index;
    private readonly BloomFilter? _bloom;
    private readonly BlockCache? _cache;
    private long _bloomSkips;

    private SSTableReader(string path, SafeFileHandle file, long fileSize, SSTableTrailer trailer,
        SSTableBlockIndex index, BloomFilter? bloom, byte[] minKey, byte[] maxKey, BlockCache? cache)
    {
        Path = path;
        _file = file;
        FileSize = fileSize;
        _trailer = trailer;
        _index = index;
        _bloom = bloom;
        MinKey = minKey;
        MaxKey = maxKey;
        _cache = cache;
    }

    public string Path { get; }
    public long FileId { get; } = BlockCache.NewFileId();
    public long FileSize { get; }
    public long RowCount => _trailer.RowCount;
    public ulong DataChecksum => _trailer.DataChecksum;
    public SSTableCompressor Compressor => _trailer.Compressor;
    public int BlockCount => _index.Count;
    public bool HasBloomFilter => _bloom is not null;
    public byte[] MinKey { get; }
    public byte[] MaxKey { get; }
    public long BloomSkips => Interlocked.Read(ref _bloomSkips);

    public static async Task<SSTableReader> OpenAsync(string path, BlockCache? cache = null, CancellationToken ct = default)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
        try
        {
            var size = RandomAccess.GetLength(file);
            if (size < SSTableTrailer.Size)
                throw new SSTableCorruptException($"SSTable {path}: {size} bytes, shorter than its {SSTableTrailer.Size}-byte trailer (truncated?)") { FilePath = path };
            var trailerBytes = await ReadExactAsync(file, path, size - SSTableTrailer.Size, SSTableTrailer.Size, ct).ConfigureAwait(false);
            var trailer = SSTableTrailer.Read(trailerBytes, path, size);

            var indexBytes = await ReadSectionAsync(file, path, "block index", trailer.IndexOffset, trailer.IndexLength, trailer.IndexCrc, ct).ConfigureAwait(false);
            var index = Parse(path, "block index", () => SSTableBlockIndex.Read(indexBytes));
            if (index.Count != trailer.BlockCount)
                throw new SSTableCorruptException($"SSTable {path}: index has {index.Count} blocks, trailer says {trailer.BlockCount}") { FilePath = path };

            BloomFilter? bloom = null;
            if (trailer.HasBloom)
            {
                var bloomBytes = await ReadSectionAsync(file, path, "bloom filter", trailer.BloomOffset, trailer.BloomLength, trailer.BloomCrc, ct).ConfigureAwait(false);
                bloom = Parse(path, "bloom filter", () => BloomFilter.Deserialize(bloomBytes));
            }

            var keysLength = trailer.MinKeyLength + trailer.MaxKeyLength;
            var keys = await ReadSectionAsync(file, path, "key range", trailer.MinKeyOffset, keysLength, trailer.KeysCrc, ct).ConfigureAwait(false);
            if (trailer.MaxKeyOffset != trailer.MinKeyOffset + trailer.MinKeyLength)
                throw new SSTableCorruptException($"SSTable {path}: max key does not follow min key") { FilePath = path };
            return new SSTableReader(path, file, size, trailer, index, bloom,
                keys[..trailer.MinKeyLength], keys[trailer.MinKeyLength..], cache);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    // False means the key is surely absent (a bloom filter has no false negatives).
    public bool MayContain(ReadOnlySpan<byte> key)
    {
        if (RowCount == 0 || key.SequenceCompareTo(MinKey) < 0 || key.SequenceCompareTo(MaxKey) > 0)
            return false;
        if (_bloom is null || _bloom.MayContain(key))
            return true;
        Interlocked.Increment(ref _bloomSkips);
        return false;
    }

    public async ValueTask<SSTableRow?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default)
    {
        var (block, row) = await FindAsync(key, ct).ConfigureAwait(false);
        return block is null ? null : block.RowAt(row);
    }

    // The row's logical bytes (SSTableRowCodec), for the RowCache.
    public async ValueTask<byte[]?> GetRowBytesAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default)
    {
        var (block, row) = await FindAsync(key, ct).ConfigureAwait(false);
        return block?.RowBytesAt(row).ToArray();
    }

    public IAsyncEnumerable<SSTableRow> ScanAsync(CancellationToken ct = default) =>
        ScanAsync(new KeyRange { StartIsMin = true, EndIsMax = true }, ct);

    // Rows of range in key order; blocks are read one at a time as the scan reaches them.
    public async IAsyncEnumerable<SSTableRow> ScanAsync(KeyRange range, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var blockIndex = range.StartIsMin ? 0 : _index.FindBlock(range.Start.Span);
        var first = true;
        for (; blockIndex < _index.Count; blockIndex++)
        {
            var block = await ReadBlockAsync(blockIndex, ct).ConfigureAwait(false);
            var row = first && !range.StartIsMin ? block.LowerBound(range.Start.Span, range.StartInclusive) : 0;
            first = false;
            for (; row < block.RowCount; row++)
            {
                if (!range.EndIsMax && PastEnd(block, row, range))
                    yield break;
                yield return block.RowAt(row);
            }
        }
    }

    // The same rows as ScanAsync, handed to visitor as their logical bytes (no row decoded) until it says stop.
    public async ValueTask VisitAsync(KeyRange range, IRowBytesVisitor visitor, CancellationToken ct = default)
    {
        var blockIndex = range.StartIsMin ? 0 : _index.FindBlock(range.Start.Span);
        var first = true;
        for (; blockIndex < _index.Count; blockIndex++)
        {
            var block = await ReadBlockAsync(blockIndex, ct).ConfigureAwait(false);
            var row = first && !range.StartIsMin ? block.LowerBound(range.Start.Span, range.StartInclusive) : 0;
            first = false;
            if (!VisitBlock(block, row, range, visitor))
                return;
        }
    }

    // False once the range ends inside the block or the visitor stops.
    private static bool VisitBlock(SSTableBlock block, int row, KeyRange range, IRowBytesVisitor visitor)
    {
        for (; row < block.RowCount; row++)
        {
            if (!range.EndIsMax && PastEnd(block, row, range))
                return false;
            if (!visitor.Visit(block.RowBytesAt(row)))
                return false;
        }
        return true;
    }

    public ValueTask<SSTableBlock> ReadBlockAsync(int blockIndex, CancellationToken ct = default)
    {
        var handle = _index[blockIndex];
        if (_cache is not null && _cache.TryGet(new BlockCacheKey(FileId, handle.Offset), out var cached))
            return ValueTask.FromResult(new SSTableBlock(cached, validate: false));
        return LoadBlockAsync(blockIndex, handle, ct);
    }

    public void Dispose() => _file.Dispose();

    private async ValueTask<(SSTableBlock? Block, int Row)> FindAsync(ReadOnlyMemory<byte> key, CancellationToken ct)
    {
        if (!MayContain(key.Span))
            return (null, 0);
        var blockIndex = _index.FindBlock(key.Span);
        if (blockIndex == _index.Count)
            return (null, 0);
        var block = await ReadBlockAsync(blockIndex, ct).ConfigureAwait(false);
        var row = block.LowerBound(key.Span, inclusive: true);
        return row < block.RowCount && block.KeyAt(row).SequenceEqual(key.Span) ? (block, row) : (null, 0);
    }

    private static bool PastEnd(SSTableBlock block, int row, KeyRange range)
    {
        var c = block.KeyAt(row).SequenceCompareTo(range.End.Span);
        return c > 0 || (c == 0 && !range.EndInclusive);
    }

    private async ValueTask<SSTableBlock> LoadBlockAsync(int blockIndex, SSTableBlockHandle handle, CancellationToken ct)
    {
        if (handle.Offset < 0 || handle.StoredLength < 0 || handle.Offset + handle.StoredLength > _trailer.DataEnd
            || (!handle.Compressed && handle.StoredLength != handle.RawLength))
            ThrowBlockCorrupt(blockIndex, handle, "index entry points outside the data area", null);

        byte[] raw;
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, handle.StoredLength));
        try
        {
            var stored = rented.AsMemory(0, handle.StoredLength);
            await ReadIntoAsync(_file, Path, handle.Offset, stored, ct).ConfigureAwait(false);
            if (Crc64.Compute(stored.Span) != handle.Crc)
                ThrowBlockCorrupt(blockIndex, handle, "CRC mismatch", null);
            try
            {
                raw = handle.Compressed
                    ? BlockCompression.Decompress(_trailer.Compressor, new ArraySegment<byte>(rented, 0, handle.StoredLength), handle.RawLength)
                    : stored.ToArray();
            }
            catch (InvalidDataException e)
            {
                ThrowBlockCorrupt(blockIndex, handle, "does not decompress", e);
                throw; // unreachable
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        SSTableBlock block;
        try
        {
            block = new SSTableBlock(raw);
            if (block.RowCount != handle.RowCount)
                throw new FormatException($"block holds {block.RowCount} rows, index says {handle.RowCount}");
        }
        catch (FormatException e)
        {
            ThrowBlockCorrupt(blockIndex, handle, e.Message, e);
            throw; // unreachable
        }
        _cache?.Put(new BlockCacheKey(FileId, handle.Offset), raw);
        return block;
    }

    [DoesNotReturn]
    private void ThrowBlockCorrupt(int blockIndex, SSTableBlockHandle handle, string what, Exception? inner) =>
        throw new SSTableCorruptException(
            $"SSTable {Path}: data block {blockIndex} at offset {handle.Offset} ({handle.StoredLength} bytes): {what}",
            inner ?? new InvalidDataException(what))
        { FilePath = Path, BlockIndex = blockIndex, BlockOffset = handle.Offset };

    private static async Task<byte[]> ReadSectionAsync(SafeFileHandle file, string path, string name, long offset, long length, ulong crc, CancellationToken ct)
    {
        var bytes = await ReadExactAsync(file, path, offset, (int)length, ct).ConfigureAwait(false);
        if (Crc64.Compute(bytes) != crc)
            throw new SSTableCorruptException($"SSTable {path}: {name} at offset {offset} CRC mismatch") { FilePath = path };
        return bytes;
    }

    private static T Parse<T>(string path, string name, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            throw new SSTableCorruptException($"SSTable {path}: malformed {name}: {e.Message}", e) { FilePath = path };
        }
    }

    private static async Task<byte[]> ReadExactAsync(SafeFileHandle file, string path, long offset, int length, CancellationToken ct)
    {
        var bytes = new byte[length];
        await ReadIntoAsync(file, path, offset, bytes, ct).ConfigureAwait(false);
        return bytes;
    }

    private static async ValueTask ReadIntoAsync(SafeFileHandle file, string path, long offset, Memory<byte> buffer, CancellationToken ct)
    {
        while (buffer.Length > 0)
        {
            var n = await RandomAccess.ReadAsync(file, buffer, offset, ct).ConfigureAwait(false);
            if (n == 0)
                throw new SSTableCorruptException($"SSTable {path}: unexpected end of file at offset {offset}") { FilePath = path };
            buffer = buffer[n..];
            offset += n;
        }
    }
}
