using System.Runtime.CompilerServices;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.TabletStore;

// A tablet's baseline as one SSTable of Full rows (what the daily merge writes). Point reads go
// through the row cache: an SSTable never changes and each reader has its own file id, so a cached
// row (or a cached absence, stored as an empty entry) never goes stale.
public sealed class SSTableBaseline(SSTableReader reader, RowCache? rowCache = null) : ITabletBaseline, IDisposable
{
    public SSTableReader Reader => reader;

    public async IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, [EnumeratorCancellation] CancellationToken ct, IReadOnlyList<ObObj>? absent = null)
    {
        if (rowCache is not null && IsPoint(range))
        {
            var key = range.Start.ToByteArray();
            if (!rowCache.TryGet(reader.FileId, key, out var bytes))
            {
                bytes = await reader.GetRowBytesAsync(key, ct).ConfigureAwait(false) ?? [];
                rowCache.Put(reader.FileId, key, bytes);
            }
            if (bytes.Length > 0)
                yield return Project(SSTableRowCodec.Decode(bytes), Positions(columnIds), columnIds.Count, absent);
            yield break;
        }
        var positions = Positions(columnIds);
        await foreach (var row in reader.ScanAsync(range, ct).ConfigureAwait(false))
            yield return Project(row, positions, columnIds.Count, absent);
    }

    private static bool IsPoint(KeyRange range) =>
        !range.StartIsMin && !range.EndIsMax && range.StartInclusive && range.EndInclusive && range.Start.Equals(range.End);

    private static TabletRow Project(SSTableRow row, Dictionary<int, List<int>> positions, int count, IReadOnlyList<ObObj>? absent)
    {
        var cells = new ObObj[count];
        for (var i = 0; i < count; i++)
            cells[i] = absent is not null && i < absent.Count ? absent[i] : ObObj.Null;
        foreach (var cell in row.Cells)
        {
            if (positions.TryGetValue(cell.ColumnId, out var at))
            {
                foreach (var p in at)
                    cells[p] = cell.Value;
            }
        }
        return new TabletRow(row.Key, cells);
    }

    private static Dictionary<int, List<int>> Positions(IReadOnlyList<int> columnIds)
    {
        var positions = new Dictionary<int, List<int>>();
        for (var i = 0; i < columnIds.Count; i++)
        {
            if (!positions.TryGetValue(columnIds[i], out var list))
                positions[columnIds[i]] = list = [];
            list.Add(i);
        }
        return positions;
    }

    public void Dispose() => reader.Dispose();
}
