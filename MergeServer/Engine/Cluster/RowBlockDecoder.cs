using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Cluster;

// TabletScanResponse.rows: varint count, then per row one CellCodec cell per requested column. Cells do
// not keep a DATETIME's precision: fractionalDigits (ScanColumns.FractionalDigits) gives each DATETIME(n) /
// TIMESTAMP(n) column's n back to its values (-1: not such a column).
public static class RowBlockDecoder
{
    public static void Decode(ReadOnlySpan<byte> block, int columnCount, List<ObObj[]> into, int[]? fractionalDigits = null)
    {
        if (block.IsEmpty)
            return;
        var pos = 0;
        var count = checked((int)CellCodec.ReadVarUInt(block, ref pos));
        // A row takes at least a byte per column: a corrupt count cannot reserve more than the block could hold.
        into.EnsureCapacity(into.Count + Math.Min(count, block.Length - pos));
        for (var r = 0; r < count; r++)
        {
            var row = new ObObj[columnCount];
            for (var c = 0; c < columnCount; c++)
            {
                row[c] = Cell(CellCodec.Read(block, ref pos), fractionalDigits, c);
            }
            into.Add(row);
        }
    }

    // A stored cell as the statement sees it in column c: a marker reads as NULL, a DATETIME gets its column's n back.
    public static ObObj Cell(ObObj v, int[]? fractionalDigits, int c) =>
        v.IsMarker ? ObObj.Null
            : v.Type == ObType.DateTime && fractionalDigits is { } digits && digits[c] >= 0 ? ObObj.FromDateTimeMicros(v.Micros, digits[c])
            : v;
}
