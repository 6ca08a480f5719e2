using System.Buffers;
using System.Buffers.Binary;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Storage;

// Where one data block lives and how to check it: its last rowkey, file offset, stored (maybe
// compressed) length, uncompressed length, whether it is compressed, CRC-64 of the stored bytes.
public readonly record struct SSTableBlockHandle(
    byte[] LastKey, long Offset, int StoredLength, int RawLength, bool Compressed, ulong Crc, int RowCount);

// The block index, held in memory by a reader. Serialized as varint entry count, then per entry:
// varint key length, key, varint offset, varint stored length, varint raw length, flags byte,
// CRC u64, varint row count.
public sealed class SSTableBlockIndex
{
    private readonly SSTableBlockHandle[] _blocks;

    public SSTableBlockIndex(SSTableBlockHandle[] blocks) => _blocks = blocks;

    public int Count => _blocks.Length;
    public SSTableBlockHandle this[int i] => _blocks[i];

    // The first block whose last key is >= key (the only block that can hold key), or Count.
    public int FindBlock(ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = _blocks.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_blocks[mid].LastKey.AsSpan().SequenceCompareTo(key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    public static void Write(IBufferWriter<byte> writer, IReadOnlyList<SSTableBlockHandle> blocks)
    {
        CellCodec.WriteVarUInt(writer, (ulong)blocks.Count);
        foreach (var b in blocks)
        {
            CellCodec.WriteBytes(writer, b.LastKey);
            CellCodec.WriteVarUInt(writer, (ulong)b.Offset);
            CellCodec.WriteVarUInt(writer, (ulong)b.StoredLength);
            CellCodec.WriteVarUInt(writer, (ulong)b.RawLength);
            var s = writer.GetSpan(9);
            s[0] = b.Compressed ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt64LittleEndian(s[1..], b.Crc);
            writer.Advance(9);
            CellCodec.WriteVarUInt(writer, (ulong)b.RowCount);
        }
    }

    public static SSTableBlockIndex Read(ReadOnlySpan<byte> source)
    {
        var pos = 0;
        var count = checked((int)CellCodec.ReadVarUInt(source, ref pos));
        if (count > source.Length)
            throw new FormatException($"index claims {count} blocks in {source.Length} bytes");
        var blocks = new SSTableBlockHandle[count];
        for (var i = 0; i < count; i++)
        {
            var key = CellCodec.ReadBytes(source, ref pos).ToArray();
            var offset = checked((long)CellCodec.ReadVarUInt(source, ref pos));
            var stored = checked((int)CellCodec.ReadVarUInt(source, ref pos));
            var raw = checked((int)CellCodec.ReadVarUInt(source, ref pos));
            var compressed = source[pos] != 0;
            var crc = BinaryPrimitives.ReadUInt64LittleEndian(source.Slice(pos + 1, 8));
            pos += 9;
            var rows = checked((int)CellCodec.ReadVarUInt(source, ref pos));
            blocks[i] = new SSTableBlockHandle(key, offset, stored, raw, compressed, crc, rows);
        }
        if (pos != source.Length)
            throw new FormatException($"index has {source.Length - pos} trailing bytes");
        return new SSTableBlockIndex(blocks);
    }
}
