using System.Buffers;

namespace OceanClassic.Common.Types;

// The ScanIncrementResponse.rows block: varint count, then per row the rowkey (varint length +
// bytes), the state byte, varint cell count and (varint column id, CellCodec cell) pairs. The
// UpdateServer writes it (row by row, straight from its MemTable), the ChunkServer reads it.
public static class IncrementRowCodec
{
    public static void Write(IBufferWriter<byte> writer, IReadOnlyList<IncrementRow> rows)
    {
        CellCodec.WriteVarUInt(writer, (ulong)rows.Count);
        foreach (var row in rows)
        {
            WriteRowHeader(writer, row.RowKey, (byte)row.State, row.Cells.Count);
            foreach (var cell in row.Cells)
                WriteCell(writer, cell.ColumnId, cell.Value);
        }
    }

    // A row's rowkey, state byte and cell count; WriteCell follows once per cell. The same
    // (rowkey, kind, cells) layout is what the UPS commit log records for a mutation.
    public static void WriteRowHeader(IBufferWriter<byte> writer, ReadOnlySpan<byte> rowKey, byte state, int cellCount)
    {
        CellCodec.WriteBytes(writer, rowKey);
        writer.GetSpan(1)[0] = state;
        writer.Advance(1);
        CellCodec.WriteVarUInt(writer, (ulong)cellCount);
    }

    public static void WriteCell(IBufferWriter<byte> writer, int columnId, ObObj value)
    {
        CellCodec.WriteVarUInt(writer, (uint)columnId);
        CellCodec.Write(writer, value);
    }

    public static List<IncrementRow> Read(ReadOnlySpan<byte> source)
    {
        try
        {
            var pos = 0;
            if (source.IsEmpty)
                return [];
            var count = ReadCount(source, ref pos);
            var rows = new List<IncrementRow>(count);
            for (var i = 0; i < count; i++)
            {
                var key = CellCodec.ReadBytes(source, ref pos).ToArray();
                var state = source[pos++];
                if (state > (byte)IncrementState.Deleted)
                    throw new FormatException($"bad increment state {state}");
                var cellCount = ReadCount(source, ref pos);
                var cells = new IncrementCell[cellCount];
                for (var c = 0; c < cellCount; c++)
                {
                    var columnId = checked((int)CellCodec.ReadVarUInt(source, ref pos));
                    cells[c] = new IncrementCell(columnId, CellCodec.Read(source, ref pos));
                }
                rows.Add(new IncrementRow(key, (IncrementState)state, cells));
            }
            if (pos != source.Length)
                throw new FormatException("trailing bytes after the increment rows");
            return rows;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new FormatException("truncated or corrupt increment rows", e);
        }
    }

    private static int ReadCount(ReadOnlySpan<byte> source, ref int pos)
    {
        var n = CellCodec.ReadVarUInt(source, ref pos);
        if (n > (ulong)(source.Length - pos))
            throw new FormatException($"count {n} exceeds the remaining {source.Length - pos} bytes");
        return (int)n;
    }
}
