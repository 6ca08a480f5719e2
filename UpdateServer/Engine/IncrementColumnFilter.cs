using System.Buffers;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Engine;

// The columns an increment scan sends (ScanIncrementRequest.column_ids): a row keeps its key, its state and
// its cells of these columns, in their stored (column id) order; every other cell is left out. What a reader
// builds from the row does not change for the columns it reads: a Replace is the whole row as far as they go
// (absent ones read as the reader's absent value, as before), an Update writes the same cells over the
// baseline, and an Update or Replace left with no cell still says the row exists (or was updated). A stored
// increment's cells are copied as they are, in runs of kept cells, never decoded; one left whole is one copy.
// None (null from Of) when the request names no column, or an id outside what a lookup table holds: every cell
// is sent then, which is always a correct answer.
public sealed class IncrementColumnFilter
{
    // Column ids above this are not looked up in a table; such a request sends every cell.
    private const int MaxColumnId = 1 << 16;

    private readonly bool[] _kept;

    private IncrementColumnFilter(bool[] kept) => _kept = kept;

    public static IncrementColumnFilter? Of(IReadOnlyList<int> columnIds)
    {
        if (columnIds.Count == 0)
            return null;
        var max = 0;
        foreach (var id in columnIds)
        {
            if (id < 0 || id > MaxColumnId)
                return null;
            max = Math.Max(max, id);
        }
        var kept = new bool[max + 1];
        foreach (var id in columnIds)
            kept[id] = true;
        return new IncrementColumnFilter(kept);
    }

    public bool Keeps(int columnId) => (uint)columnId < (uint)_kept.Length && _kept[columnId];

    // One row of the block (IncrementRowsBlock.WriteRow's layout) with only the kept cells.
    public void WriteRow(IBufferWriter<byte> writer, ReadOnlySpan<byte> rowKey, in NetIncrement net)
    {
        if (net.Encoded is { } stored)
        {
            WriteStored(writer, rowKey, (byte)net.Kind, stored);
            return;
        }
        var cells = net.Cells;
        var kept = 0;
        foreach (var cell in cells)
            kept += Keeps(cell.ColumnId) ? 1 : 0;
        IncrementRowCodec.WriteRowHeader(writer, rowKey, (byte)net.Kind, kept);
        foreach (var cell in cells)
        {
            if (Keeps(cell.ColumnId))
                IncrementRowCodec.WriteCell(writer, cell.ColumnId, cell.Value);
        }
    }

    // A stored increment's (varint column id, cell) pairs: counted, then copied in runs of kept cells.
    private void WriteStored(IBufferWriter<byte> writer, ReadOnlySpan<byte> rowKey, byte state, CellBlock stored)
    {
        var span = stored.Span;
        var kept = 0;
        var pos = 0;
        for (var i = 0; i < stored.Count; i++)
        {
            kept += Keeps((int)CellCodec.ReadVarUInt(span, ref pos)) ? 1 : 0;
            CellCodec.Skip(span, ref pos);
        }
        IncrementRowCodec.WriteRowHeader(writer, rowKey, state, kept);
        if (kept == stored.Count)
        {
            writer.Write(span);
            return;
        }
        pos = 0;
        var runStart = -1;
        for (var i = 0; i < stored.Count; i++)
        {
            var cellStart = pos;
            var keep = Keeps((int)CellCodec.ReadVarUInt(span, ref pos));
            CellCodec.Skip(span, ref pos);
            if (keep && runStart < 0)
            {
                runStart = cellStart;
            }
            else if (!keep && runStart >= 0)
            {
                writer.Write(span[runStart..cellStart]);
                runStart = -1;
            }
        }
        if (runStart >= 0)
            writer.Write(span[runStart..pos]);
    }
}
