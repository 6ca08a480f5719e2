using System.Buffers;
using OceanClassic.Common.Types;

namespace OceanClassic.Common.Storage;

// The logical bytes of a row: varint key length, key, kind byte, varint cell count, then per cell
// varint column id + CellCodec cell. The same bytes sit in data blocks, feed the data checksum
// (so it does not depend on block size or compression) and are what the RowCache keeps.
public static class SSTableRowCodec
{
    public static void Write(IBufferWriter<byte> writer, SSTableRow row)
    {
        CellCodec.WriteBytes(writer, row.Key);
        writer.GetSpan(1)[0] = (byte)row.Kind;
        writer.Advance(1);
        CellCodec.WriteVarUInt(writer, (ulong)row.Cells.Length);
        foreach (var cell in row.Cells)
        {
            CellCodec.WriteVarUInt(writer, (ulong)(uint)cell.ColumnId);
            CellCodec.Write(writer, cell.Value);
        }
    }

    // The same bytes from cells already in the cell encoding.
    public static void WriteEncoded(IBufferWriter<byte> writer, ReadOnlySpan<byte> key, SSTableRowKind kind, int cellCount, ReadOnlySpan<byte> encodedCells)
    {
        CellCodec.WriteBytes(writer, key);
        writer.GetSpan(1)[0] = (byte)kind;
        writer.Advance(1);
        CellCodec.WriteVarUInt(writer, (ulong)cellCount);
        writer.Write(encodedCells);
    }

    public static byte[] Encode(SSTableRow row)
    {
        var writer = new ArrayBufferWriter<byte>(64);
        Write(writer, row);
        return writer.WrittenSpan.ToArray();
    }

    public static SSTableRow Decode(ReadOnlySpan<byte> bytes)
    {
        var pos = 0;
        var row = Read(bytes, ref pos);
        if (pos != bytes.Length)
            throw new FormatException($"row has {bytes.Length - pos} trailing bytes");
        return row;
    }

    public static SSTableRow Read(ReadOnlySpan<byte> source, ref int pos)
    {
        var key = CellCodec.ReadBytes(source, ref pos).ToArray();
        var kind = source[pos++];
        if (kind > (byte)SSTableRowKind.Deleted)
            throw new FormatException($"bad row kind {kind} at offset {pos - 1}");
        var count = checked((int)CellCodec.ReadVarUInt(source, ref pos));
        if (count > source.Length - pos)
            throw new FormatException($"cell count {count} exceeds the row bytes");
        var cells = count == 0 ? [] : new SSTableCell[count];
        for (var i = 0; i < count; i++)
        {
            var columnId = checked((int)(uint)CellCodec.ReadVarUInt(source, ref pos));
            cells[i] = new SSTableCell(columnId, CellCodec.Read(source, ref pos));
        }
        return new SSTableRow(key, (SSTableRowKind)kind, cells);
    }

    // A whole row's parts with its cells left encoded (the inverse of WriteEncoded).
    public static SSTableRowKind ReadEncoded(ReadOnlySpan<byte> row, out ReadOnlySpan<byte> key, out int cellCount, out ReadOnlySpan<byte> cells)
    {
        var pos = 0;
        var keyLength = checked((int)CellCodec.ReadVarUInt(row, ref pos));
        key = row.Slice(pos, keyLength);
        pos += keyLength;
        var kind = row[pos++];
        if (kind > (byte)SSTableRowKind.Deleted)
            throw new FormatException($"bad row kind {kind} at offset {pos - 1}");
        cellCount = checked((int)CellCodec.ReadVarUInt(row, ref pos));
        if (cellCount > row.Length - pos)
            throw new FormatException($"cell count {cellCount} exceeds the row bytes");
        cells = row[pos..];
        return (SSTableRowKind)kind;
    }

    // The key of the row starting at pos, without decoding its cells.
    public static ReadOnlySpan<byte> ReadKey(ReadOnlySpan<byte> source, int pos)
    {
        var length = checked((int)CellCodec.ReadVarUInt(source, ref pos));
        return source.Slice(pos, length);
    }
}
