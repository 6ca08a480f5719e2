using System.Runtime.CompilerServices;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;
using OceanClassic.Common.Types;

namespace OceanClassic.ChunkServer.Tablets;

// A tablet's baseline as one SSTable of Full rows (what the daily merge writes).
public sealed class SSTableBaseline(SSTableReader reader) : ITabletBaseline, IDisposable
{
    public SSTableReader Reader => reader;

    public async IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, [EnumeratorCancellation] CancellationToken ct)
    {
        var positions = new Dictionary<int, List<int>>();
        for (var i = 0; i < columnIds.Count; i++)
        {
            if (!positions.TryGetValue(columnIds[i], out var list))
                positions[columnIds[i]] = list = [];
            list.Add(i);
        }
        await foreach (var row in reader.ScanAsync(range, ct).ConfigureAwait(false))
        {
            var cells = new ObObj[columnIds.Count];
            Array.Fill(cells, ObObj.Null);
            foreach (var cell in row.Cells)
            {
                if (positions.TryGetValue(cell.ColumnId, out var at))
                {
                    foreach (var p in at)
                        cells[p] = cell.Value;
                }
            }
            yield return new TabletRow(row.Key, cells);
        }
    }

    public void Dispose() => reader.Dispose();
}
