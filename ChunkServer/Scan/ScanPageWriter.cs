using System.Buffers;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// Builds the TabletScanResponse.rows block (varint count, then each row's cells) and says when
// the page has reached its byte budget.
public sealed class ScanPageWriter(int maxBytes)
{
    private readonly ArrayBufferWriter<byte> _body = new(Math.Min(maxBytes, 64 * 1024));

    public int RowCount { get; private set; }

    public bool IsFull => _body.WrittenCount >= maxBytes;

    public void Add(ReadOnlySpan<ObObj> cells)
    {
        foreach (var cell in cells)
            CellCodec.Write(_body, cell);
        RowCount++;
    }

    public byte[] ToArray()
    {
        var block = new ArrayBufferWriter<byte>(_body.WrittenCount + 10);
        CellCodec.WriteVarUInt(block, (ulong)RowCount);
        block.Write(_body.WrittenSpan);
        return block.WrittenSpan.ToArray();
    }

    // Reads a rows block back into rows of `width` cells (the MergeServer's side; used by tests).
    public static List<ObObj[]> Read(ReadOnlySpan<byte> block, int width)
    {
        var pos = 0;
        var count = (int)CellCodec.ReadVarUInt(block, ref pos);
        var rows = new List<ObObj[]>(count);
        for (var r = 0; r < count; r++)
        {
            var row = new ObObj[width];
            for (var c = 0; c < width; c++)
                row[c] = CellCodec.Read(block, ref pos);
            rows.Add(row);
        }
        return rows;
    }
}
