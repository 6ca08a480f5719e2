using System.Buffers;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Service;

// The rows block of ScanIncrementResponse: varint count, then per row the rowkey (varint length +
// bytes), a state byte (0 update, 1 replace, 2 deleted), varint cell count and (varint column
// id, cell) pairs.
public static class IncrementRowsBlock
{
    public readonly record struct Row(byte[] RowKey, IncrementKind State, ColumnCell[] Cells);

    // Takes at most maxRows rows (0 = all); hasMore says whether more rows were left.
    public static byte[] Encode(IEnumerable<(byte[] RowKey, NetIncrement Net)> rows, long maxRows, out bool hasMore)
    {
        var taken = new List<(byte[] RowKey, NetIncrement Net)>();
        hasMore = false;
        foreach (var item in rows)
        {
            if (maxRows > 0 && taken.Count >= maxRows)
            {
                hasMore = true;
                break;
            }
            taken.Add(item);
        }
        var writer = new ArrayBufferWriter<byte>(64 + (taken.Count * 32));
        CellCodec.WriteVarUInt(writer, (ulong)taken.Count);
        foreach (var (rowKey, net) in taken)
        {
            CellCodec.WriteBytes(writer, rowKey);
            writer.GetSpan(1)[0] = (byte)net.Kind;
            writer.Advance(1);
            CellCodec.WriteVarUInt(writer, (ulong)net.Cells.Length);
            foreach (var cell in net.Cells)
            {
                CellCodec.WriteVarUInt(writer, (ulong)cell.ColumnId);
                CellCodec.Write(writer, cell.Value);
            }
        }
        return writer.WrittenSpan.ToArray();
    }

    public static List<Row> Decode(ReadOnlySpan<byte> block)
    {
        var pos = 0;
        var count = checked((int)CellCodec.ReadVarUInt(block, ref pos));
        var rows = new List<Row>(Math.Min(count, 4096));
        for (var i = 0; i < count; i++)
        {
            var key = CellCodec.ReadBytes(block, ref pos).ToArray();
            var state = (IncrementKind)block[pos++];
            var cells = new ColumnCell[checked((int)CellCodec.ReadVarUInt(block, ref pos))];
            for (var c = 0; c < cells.Length; c++)
            {
                var id = checked((int)CellCodec.ReadVarUInt(block, ref pos));
                cells[c] = new ColumnCell(id, CellCodec.Read(block, ref pos));
            }
            rows.Add(new Row(key, state, cells));
        }
        return rows;
    }
}
