using System.Runtime.CompilerServices;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.TabletStore;

// A tablet's baseline as one SSTable of Full rows (what the daily merge writes). Point reads go
// through the row cache: an SSTable never changes and each reader has its own file id, so a cached
// row (or a cached absence, stored as an empty entry) never goes stale. Rows come decoded (ScanAsync)
// or as their stored bytes (VisitAsync), the same rows either way.
public sealed class SSTableBaseline(SSTableReader reader, RowCache? rowCache = null) : IRowBytesBaseline, IDisposable
{
    public SSTableReader Reader => reader;

    public async IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, [EnumeratorCancellation] CancellationToken ct, IReadOnlyList<ObObj>? absent = null)
    {
        var positions = new ColumnPositions(columnIds);
        if (rowCache is not null && IsPoint(range))
        {
            var bytes = await PointAsync(range, ct).ConfigureAwait(false);
            if (bytes.Length > 0)
                yield return Project(SSTableRowCodec.Decode(bytes), positions, absent);
            yield break;
        }
        await foreach (var row in reader.ScanAsync(range, ct).ConfigureAwait(false))
            yield return Project(row, positions, absent);
    }

    public async ValueTask VisitAsync(KeyRange range, IRowBytesVisitor visitor, CancellationToken ct)
    {
        if (rowCache is not null && IsPoint(range))
        {
            var bytes = await PointAsync(range, ct).ConfigureAwait(false);
            if (bytes.Length > 0)
                visitor.Visit(bytes);
            return;
        }
        await reader.VisitAsync(range, visitor, ct).ConfigureAwait(false);
    }

    // The row's bytes through the row cache (empty: no such row).
    private async ValueTask<byte[]> PointAsync(KeyRange range, CancellationToken ct)
    {
        var key = range.Start.ToByteArray();
        if (!rowCache!.TryGet(reader.FileId, key, out var bytes))
        {
            bytes = await reader.GetRowBytesAsync(key, ct).ConfigureAwait(false) ?? [];
            rowCache.Put(reader.FileId, key, bytes);
        }
        return bytes;
    }

    private static bool IsPoint(KeyRange range) =>
        !range.StartIsMin && !range.EndIsMax && range.StartInclusive && range.EndInclusive && range.Start.Equals(range.End);

    private static TabletRow Project(SSTableRow row, ColumnPositions positions, IReadOnlyList<ObObj>? absent)
    {
        var cells = new ObObj[positions.Width];
        for (var i = 0; i < cells.Length; i++)
            cells[i] = absent is not null && i < absent.Count ? absent[i] : ObObj.Null;
        foreach (var cell in row.Cells)
        {
            for (var p = positions.First(cell.ColumnId); p >= 0; p = positions.Next(p))
                cells[p] = cell.Value;
        }
        return new TabletRow(row.Key, cells);
    }

    public void Dispose() => reader.Dispose();
}
