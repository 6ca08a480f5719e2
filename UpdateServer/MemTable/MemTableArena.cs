using System.Buffers;
using OceanClassic.Common.Types;

namespace OceanClassic.UpdateServer.MemTable;

// Where a MemTable keeps its cells: encoded, packed into large chunks. A chunk is one object the GC
// never copies and marks in one step, where an increment's cell array and strings were several
// objects copied twice on their way to gen 2 (the UPS spent its GC pauses promoting them). One
// writer appends (the MemTable's); bytes never change once an increment pointing at them is
// published. A chunk lives as long as any increment in it, so released increments give their
// memory back when their whole chunk is unreferenced.
public sealed class MemTableArena
{
    // Large enough for the large object heap (never moved); an increment over a quarter of it gets
    // an array of its own.
    public const int ChunkBytes = 256 << 10;

    private ArrayBufferWriter<byte> _scratch = new(1024);
    private byte[]? _chunk;
    private int _used;

    public long ChunksAllocated { get; private set; }

    // Writer only.
    public CellBlock Add(ReadOnlySpan<ColumnCell> cells)
    {
        if (cells.IsEmpty)
            return CellBlock.Empty;
        _scratch.ResetWrittenCount();
        foreach (var cell in cells)
            IncrementRowCodec.WriteCell(_scratch, cell.ColumnId, cell.Value);
        var encoded = _scratch.WrittenSpan;
        var block = Place(encoded, cells.Length);
        if (_scratch.Capacity > ChunkBytes)
            _scratch = new ArrayBufferWriter<byte>(1024); // do not keep a huge row's buffer (Clear keeps its capacity)
        return block;
    }

    // Writer only: cells already in this encoding (a dump's), copied as they are.
    public CellBlock AddEncoded(ReadOnlySpan<byte> encoded, int count) =>
        count == 0 ? CellBlock.Empty : Place(encoded, count);

    private CellBlock Place(ReadOnlySpan<byte> encoded, int count)
    {
        if (encoded.Length > ChunkBytes / 4)
            return new CellBlock(encoded.ToArray(), 0, encoded.Length, count);
        if (_chunk is null || _used + encoded.Length > _chunk.Length)
        {
            _chunk = new byte[ChunkBytes];
            _used = 0;
            ChunksAllocated++;
        }
        encoded.CopyTo(_chunk.AsSpan(_used));
        var block = new CellBlock(_chunk, _used, encoded.Length, count);
        _used += encoded.Length;
        return block;
    }
}
