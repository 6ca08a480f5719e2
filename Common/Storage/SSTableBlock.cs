using System.Buffers.Binary;

namespace OceanClassic.Common.Storage;

// A decompressed data block: the rows' logical bytes back to back, then an int32 start offset per
// row and the int32 row count (all little endian), so a lookup binary-searches the rows' keys.
public sealed class SSTableBlock
{
    private readonly byte[] _data;
    private readonly int _offsetsStart;

    public SSTableBlock(byte[] data) : this(data, validate: true) { }

    // Blocks from the BlockCache were validated when they were loaded.
    internal SSTableBlock(byte[] data, bool validate)
    {
        _data = data;
        if (data.Length < 4)
            throw new FormatException("block shorter than its row count");
        RowCount = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(data.Length - 4));
        if (RowCount < 0 || RowCount > (data.Length - 4) / 4)
            throw new FormatException($"block row count {RowCount} does not fit its {data.Length} bytes");
        _offsetsStart = data.Length - 4 - (RowCount * 4);
        if (!validate)
            return;
        var previous = -1;
        for (var i = 0; i < RowCount; i++)
        {
            var offset = RowOffset(i);
            if (offset <= previous || offset >= _offsetsStart)
                throw new FormatException($"block row offset {offset} out of order or range");
            previous = offset;
        }
    }

    public int RowCount { get; }
    public int ByteSize => _data.Length;
    internal byte[] Data => _data;

    public ReadOnlySpan<byte> KeyAt(int i) => SSTableRowCodec.ReadKey(RowSpan, RowOffset(i));

    public SSTableRow RowAt(int i)
    {
        var pos = RowOffset(i);
        return SSTableRowCodec.Read(RowSpan, ref pos);
    }

    // The logical bytes of row i (what the RowCache keeps).
    public ReadOnlySpan<byte> RowBytesAt(int i)
    {
        var start = RowOffset(i);
        var end = i + 1 < RowCount ? RowOffset(i + 1) : _offsetsStart;
        return _data.AsSpan(start, end - start);
    }

    // The first row whose key is >= key (or > key when !inclusive), or RowCount.
    public int LowerBound(ReadOnlySpan<byte> key, bool inclusive)
    {
        int lo = 0, hi = RowCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = KeyAt(mid).SequenceCompareTo(key);
            if (c < 0 || (c == 0 && !inclusive))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private ReadOnlySpan<byte> RowSpan => _data.AsSpan(0, _offsetsStart);

    private int RowOffset(int i) => BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(_offsetsStart + (i * 4)));
}
