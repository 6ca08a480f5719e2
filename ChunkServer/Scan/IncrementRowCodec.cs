using System.Buffers;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// The ScanIncrementResponse.rows block: varint count, then per row the rowkey (varint length +
// bytes), the state byte, varint cell count and (varint column id, CellCodec cell) pairs.
public static class IncrementRowCodec
{
    public static void Write(IBufferWriter<byte> writer, IReadOnlyList<IncrementRow> rows)
    {
        CellCodec.WriteVarUInt(writer, (ulong)rows.Count);
        foreach (var row in rows)
        {
            CellCodec.WriteBytes(writer, row.RowKey);
            writer.GetSpan(1)[0] = (byte)row.State;
            writer.Advance(1);
            CellCodec.WriteVarUInt(writer, (ulong)row.Cells.Count);
            foreach (var cell in row.Cells)
            {
                CellCodec.WriteVarUInt(writer, (uint)cell.ColumnId);
                CellCodec.Write(writer, cell.Value);
            }
        }
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
