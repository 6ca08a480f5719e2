using OceanClassic.Common.Types;

namespace OceanClassic.UpdateServer.MemTable;

// The cells of one increment as stored: (varint column id, CellCodec cell) pairs, `Count` of them,
// at Bytes[Offset..Offset+Length), usually inside a MemTableArena chunk. Immutable once published.
public readonly record struct CellBlock(byte[] Bytes, int Offset, int Length, int Count)
{
    public static readonly CellBlock Empty = new([], 0, 0, 0);

    public ReadOnlySpan<byte> Span => Bytes.AsSpan(Offset, Length);

    // A fresh array (and fresh strings) per call: readers own what they get.
    public ColumnCell[] Decode()
    {
        if (Count == 0)
            return [];
        var cells = new ColumnCell[Count];
        var span = Span;
        var pos = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            var id = (int)CellCodec.ReadVarUInt(span, ref pos);
            cells[i] = new ColumnCell(id, CellCodec.Read(span, ref pos));
        }
        return cells;
    }
}
