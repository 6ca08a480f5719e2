using System.Runtime.CompilerServices;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// A scan of an index table that yields the primary keys (encoded as the base table's rowkeys) of the
// base rows its entries point to, in index order. Spec reads the base table's primary-key columns (in
// key order) first, then whatever columns its pushed-down filter needs. BaseKeyPositions says where the
// primary key is in a row of the base-table read that looks the rows up.
public sealed class IndexScan(IndexLayout layout, TableScanSpec spec, IReadOnlyList<int> baseKeyPositions)
{
    public IndexLayout Layout { get; } = layout;

    public TableScanSpec Spec { get; } = spec;

    public async IAsyncEnumerable<byte[]> BaseKeysAsync(StatementContext context, ReadSnapshot snapshot, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var keyLength = Layout.Base.RowKeyColumns.Count;
        await foreach (var entry in context.Engine.Scanner.ScanAsync(Spec, snapshot, context.Ct).WithCancellation(ct))
            yield return RowKeyCodec.Encode(entry.AsSpan(0, keyLength), Layout.Base);
    }

    public byte[] BaseKeyOfBaseRow(ObObj[] row)
    {
        var key = new ObObj[baseKeyPositions.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = row[baseKeyPositions[i]];
        return RowKeyCodec.Encode(key, Layout.Base);
    }
}
