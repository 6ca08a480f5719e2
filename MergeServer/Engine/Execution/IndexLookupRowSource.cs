using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// Rows of a table found through a secondary index that does not cover the statement: the index table
// is scanned over the chosen ranges (with the conjuncts it can evaluate pushed down), giving primary
// keys in index order; every BatchKeys of them are looked up in the base table as one batched read of
// point ranges (many keys per request), with the full filter pushed down, and the rows come out in
// index order (so an ORDER BY the index gives needs no sort and a LIMIT stops the index scan). The
// base rows are read at the snapshot the index scan fixed, so index and rows agree.
public sealed class IndexLookupRowSource(IndexScan index, TableScanSpec baseSpec, ReadSnapshot snapshot) : IRowSource
{
    public const int BatchKeys = TableScanner.MaxPointsPerRequest;

    public IndexScan Index { get; } = index;

    // The base-table read (its ranges are filled per batch).
    public TableScanSpec BaseSpec { get; } = baseSpec;

    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        var batch = new List<byte[]>(BatchKeys);
        await foreach (var key in Index.BaseKeysAsync(context, snapshot))
        {
            batch.Add(key);
            if (batch.Count < BatchKeys)
                continue;
            foreach (var row in await LookUpAsync(batch, context))
                yield return row;
            batch.Clear();
        }
        if (batch.Count > 0)
        {
            foreach (var row in await LookUpAsync(batch, context))
                yield return row;
        }
    }

    // The base rows of keys (those that still exist and pass the filter), in the keys' order.
    private async ValueTask<List<ObObj[]>> LookUpAsync(List<byte[]> keys, StatementContext context)
    {
        var found = new Dictionary<byte[], ObObj[]>(ByteKeyComparer.Instance);
        var points = keys.Distinct(ByteKeyComparer.Instance).Order(ByteKeyComparer.Instance).Select(ScanRange.Point).ToList();
        await foreach (var row in context.Engine.Scanner.ScanAsync(BaseSpec with { Ranges = points }, snapshot, context.Ct))
            found[Index.BaseKeyOfBaseRow(row)] = row;
        var rows = new List<ObObj[]>(found.Count);
        foreach (var key in keys)
        {
            if (found.Remove(key, out var row))
                rows.Add(row);
        }
        return rows;
    }
}
