using Google.Protobuf;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Cluster;

// What to read from a table's tablets: key ranges (in key order), the columns (by id, in output order),
// a serialized filter over those positions, and a row limit per range (0 = none). BoundFilter is the
// same filter unserialized, when the planner has it: a tablet the MergeServer reads from the UpdateServer
// itself (TableScanner.Increments) filters with it instead of reading the bytes back every scan.
public sealed record TableScanSpec(
    TableSchema Table,
    IReadOnlyList<ScanRange> Ranges,
    IReadOnlyList<int> ColumnIds,
    byte[] Filter,
    long Limit,
    BoundExpr? BoundFilter = null)
{
    // Filter as a request field, wrapped once (not copied per request; the bytes never change).
    public ByteString FilterBytes => field ??= Filter.Length == 0 ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(Filter);
}
