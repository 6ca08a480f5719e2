using Google.Protobuf;
using OceanClassic.Common.Buffers;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Scan;

// Builds the TabletScanResponse.rows block (varint count, then each row's cells) and says when
// the page has reached its byte budget. The cells go into a pooled buffer (a point get's page is a
// few dozen bytes; a fresh 64 KiB buffer per scan was most of a ChunkServer's allocation per point
// select); ToByteString makes the one exact-size array the response keeps. Dispose returns the buffer.
public sealed class ScanPageWriter(int maxBytes) : IDisposable
{
    private readonly PooledBufferWriter _body = new();

    public int RowCount { get; private set; }

    public bool IsFull => _body.WrittenCount >= maxBytes;

    public void Add(ReadOnlySpan<ObObj> cells)
    {
        foreach (var cell in cells)
            CellCodec.Write(_body, cell);
        RowCount++;
    }

    // A row copied cell by cell in its stored encoding (RowBytesCopier): its cells, then EndRow.
    public void WriteCell(ReadOnlySpan<byte> encodedCell)
    {
        encodedCell.CopyTo(_body.GetSpan(encodedCell.Length));
        _body.Advance(encodedCell.Length);
    }

    public void EndRow() => RowCount++;

    public ByteString ToByteString()
    {
        Span<byte> count = stackalloc byte[10];
        var countLength = CellCodec.WriteVarUInt(count, (ulong)RowCount);
        var block = new byte[countLength + _body.WrittenCount];
        count[..countLength].CopyTo(block);
        _body.WrittenSpan.CopyTo(block.AsSpan(countLength));
        return UnsafeByteOperations.UnsafeWrap(block);
    }

    public void Dispose() => _body.Dispose();

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
