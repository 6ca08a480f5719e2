using OceanClassic.Common.Types;
using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.TabletStore;

// The frozen data of a tablet as of its version (0.4: its SSTables). Rows come in rowkey order
// with cells in columnIds order (a column a row holds no cell for reads as absent[position], NULL
// when absent is null).
public interface ITabletBaseline
{
    IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, CancellationToken ct, IReadOnlyList<ObObj>? absent = null);
}
