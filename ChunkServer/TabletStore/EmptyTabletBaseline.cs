using OceanClassic.Common.Types;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Storage;

namespace OceanClassic.ChunkServer.TabletStore;

// A freshly created tablet has no baseline until its first daily merge: every row it serves
// still lives in the UpdateServer's MemTable.
public sealed class EmptyTabletBaseline : IRowBytesBaseline
{
    public static readonly EmptyTabletBaseline Instance = new();

    private EmptyTabletBaseline()
    {
    }

    public IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, CancellationToken ct, IReadOnlyList<ObObj>? absent = null) =>
        AsyncEnumerable.Empty<TabletRow>();

    public ValueTask VisitAsync(KeyRange range, IRowBytesVisitor visitor, CancellationToken ct) => ValueTask.CompletedTask;
}
