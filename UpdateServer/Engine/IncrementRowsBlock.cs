using System.Buffers;
using OceanClassic.Common.Types;
using OceanClassic.UpdateServer.MemTable;

namespace OceanClassic.UpdateServer.Engine;

// The rows block of ScanIncrementResponse (format in Common's IncrementRowCodec), written straight
// from the MemTable's net increments (a stored increment's cells copied as they are, MemTableArena's
// encoding being the wire's); IncrementKind values are the wire state bytes. The block is written once
// into a buffer sized from the rows (a 100-row range grew its buffer four times and copied it out once
// more), and handed on as it is. A scan outside a transaction writes its rows one by one as it walks
// (IncrementScan, WriteRow); a transaction's scan, its own writes folded over them, through Encode.
public static class IncrementRowsBlock
{
    public readonly record struct Row(byte[] RowKey, IncrementKind State, ColumnCell[] Cells);

    // Takes at most maxRows rows (0 = all); hasMore says whether more rows were left. columns: the cells
    // sent (IncrementColumnFilter; null = every cell).
    public static ReadOnlyMemory<byte> Encode(IEnumerable<(byte[] RowKey, NetIncrement Net)> rows, long maxRows, out bool hasMore,
        IncrementColumnFilter? columns = null)
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
        var writer = new ArrayBufferWriter<byte>(SizeBound(taken));
        CellCodec.WriteVarUInt(writer, (ulong)taken.Count);
        foreach (var (rowKey, net) in taken)
            WriteRow(writer, rowKey, net, columns);
        return writer.WrittenMemory;
    }

    // One row of the block: its key, state and cells (only those `columns` keeps, when given).
    public static void WriteRow(IBufferWriter<byte> writer, ReadOnlySpan<byte> rowKey, in NetIncrement net, IncrementColumnFilter? columns = null)
    {
        if (columns is not null)
        {
            columns.WriteRow(writer, rowKey, net);
            return;
        }
        if (net.Encoded is { } stored)
        {
            // The MemTable stores cells in the wire's cell encoding: copied, not decoded and rebuilt.
            IncrementRowCodec.WriteRowHeader(writer, rowKey, (byte)net.Kind, stored.Count);
            writer.Write(stored.Span);
            return;
        }
        var cells = net.Cells;
        IncrementRowCodec.WriteRowHeader(writer, rowKey, (byte)net.Kind, cells.Length);
        foreach (var cell in cells)
            IncrementRowCodec.WriteCell(writer, cell.ColumnId, cell.Value);
    }

    // At least the block's size when every row is one stored increment (a varint's write asks for 10
    // free bytes); folded cells are estimated high (a short estimate only grows the buffer).
    private static int SizeBound(List<(byte[] RowKey, NetIncrement Net)> rows)
    {
        long size = 32;
        foreach (var (rowKey, net) in rows)
        {
            size += 16 + rowKey.Length;
            if (net.Encoded is { } stored)
            {
                size += stored.Length;
                continue;
            }
            foreach (var cell in net.Cells)
            {
                size += 16 + cell.Value.Type switch
                {
                    ObType.String => 3L * cell.Value.String.Length,
                    ObType.Binary => cell.Value.Bytes.Length,
                    _ => 16,
                };
            }
        }
        return (int)Math.Min(size, Array.MaxLength);
    }

    // Tests and tools read a block back in the UPS's own terms.
    public static List<Row> Decode(ReadOnlySpan<byte> block) =>
        IncrementRowCodec.Read(block)
            .Select(r => new Row(r.RowKey, (IncrementKind)r.State, [.. r.Cells.Select(c => new ColumnCell(c.ColumnId, c.Value))]))
            .ToList();
}
