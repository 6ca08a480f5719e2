using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Engine.Planning.Access;

// How one table is read: through its primary key (Index null) or one of its READY secondary indexes,
// over Key's ranges of that key. Covering: the index holds every column the statement reads (index
// columns + primary key), so the base table is not read. Ordered: reading in key order already gives
// the statement's ORDER BY, so no sort is needed and a LIMIT may stop the read early.
public sealed record AccessPath(IndexLayout? Index, KeyRanges Key, bool Covering, bool Ordered)
{
    public const string PrimaryKeyName = "PRIMARY";

    public IReadOnlyList<ScanRange> Ranges => Key.Ranges;

    public bool ThroughIndex => Index is not null;

    // MariaDB's EXPLAIN `key`: the index read, PRIMARY for a primary-key range, null for a full scan.
    public string? KeyName => Index?.Index.Name ?? (Key.IsFull && !Ordered ? null : PrimaryKeyName);
}
