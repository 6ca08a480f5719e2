using OceanClassic.Common.Protos;

namespace OceanClassic.ChunkServer.TabletStore;

// A tablet this ChunkServer serves: a key range of one table at a baseline version. SSTable is the
// baseline file's name under <data_dir>/tablets (null: an empty baseline); the counts and
// checksum are what the ChunkServer reports to the RootServer.
public sealed record Tablet(ulong TableId, KeyRange Range, ulong Version, ITabletBaseline Baseline)
{
    public string? SSTable { get; init; }
    public long RowCount { get; init; }
    public long SizeBytes { get; init; }
    public ulong Checksum { get; init; }

    public TabletInfo ToInfo() => new()
    {
        TableId = TableId,
        Range = Range,
        Version = Version,
        RowCount = RowCount,
        SizeBytes = SizeBytes,
        Checksum = Checksum,
    };
}
