using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// A baseline that can hand a range's rows over as their stored bytes (SSTableRowCodec: key, kind, then
// each cell as column id + CellCodec cell) instead of decoded rows: a read with no increment to fuse, no
// filter and no cast copies the projected cells straight to the response (Scan/RowBytesCopier). The
// rows and their order are exactly ITabletBaseline.ScanAsync's.
public interface IRowBytesBaseline : ITabletBaseline
{
    ValueTask VisitAsync(KeyRange range, IRowBytesVisitor visitor, CancellationToken ct);
}
