namespace OceanClassic.Common.Storage;

// How an SSTable is laid out: `tablet_block_size`, `compress_method`, `use_bloom_filter` and the
// bloom filter's bits per key.
public sealed record SSTableWriterOptions
{
    public const int MinBlockSize = 4 * 1024;
    public const int MaxBlockSize = 64 * 1024;

    public int BlockSize { get; init; } = 16 * 1024;
    public SSTableCompressor Compressor { get; init; } = SSTableCompressor.None;
    public bool UseBloomFilter { get; init; } = true;

    // Write through O_DIRECT (DirectFileWriter) where the file system takes it: for big files
    // written once and not read back soon (UPS dumps), so their writing costs no page-cache copy.
    public bool DirectIo { get; init; }
    public int BloomBitsPerKey { get; init; } = 10;

    public IEnumerable<string> Validate()
    {
        if (BlockSize is < MinBlockSize or > MaxBlockSize)
            yield return $"tablet_block_size: {BlockSize} is outside {MinBlockSize}..{MaxBlockSize}";
        if (!Enum.IsDefined(Compressor))
            yield return $"compress_method: unknown value {(byte)Compressor}";
        if (BloomBitsPerKey is < 1 or > 64)
            yield return $"bloom_filter_bits_per_key: {BloomBitsPerKey} is outside 1..64";
    }
}

// What a finished SSTable holds (also what a tablet reports to the RootServer).
public sealed record SSTableInfo(
    string Path, long RowCount, long FileSize, ulong DataChecksum, byte[] MinKey, byte[] MaxKey, int BlockCount);
