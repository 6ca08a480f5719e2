using OceanClassic.Common.Types;
using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.TabletStore;

// A freshly created tablet has no baseline until its first daily merge: every row it serves
// still lives in the UpdateServer's MemTable.
public sealed class EmptyTabletBaseline : ITabletBaseline
{
    public static readonly EmptyTabletBaseline Instance = new();

    private EmptyTabletBaseline()
    {
    }

    public IAsyncEnumerable<TabletRow> ScanAsync(KeyRange range, IReadOnlyList<int> columnIds, CancellationToken ct, IReadOnlyList<ObObj>? absent = null) =>
        AsyncEnumerable.Empty<TabletRow>();
}
