using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.Tablets;

// The frozen data of a tablet as of its version (0.4: its SSTables). Rows come in rowkey order
// with cells in columnIds order (a column the baseline does not hold is NULL).
public interface ITabletBaseline
{
    IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, CancellationToken ct);
}
