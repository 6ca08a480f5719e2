using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Operators;

// Index nested-loop join on the inner table's primary key: outer rows are taken in batches; each batch's
// key values (one per primary key column, converted exactly to the column's type — a value that cannot
// equal any key matches nothing) become point ranges, read from the ChunkServers in one scan of the inner
// table with its pushed-down filter; the rows found are matched to the batch by key. Used when the outer
// side is small: it reads only the inner rows that can match.
public sealed class IndexLookupJoin(
    IRowSource outer,
    LeafRowSource inner,
    IReadOnlyList<BoundExpr> outerKeys,
    RowPredicate residual,
    bool keepUnmatchedOuter) : IRowSource
{
    public const int BatchRows = 512;

    public IRowSource Outer { get; } = outer;

    public LeafRowSource Inner { get; } = inner;

    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context)
    {
        var batch = new List<ObObj[]>(BatchRows);
        await foreach (var row in Outer.ReadAsync(context))
        {
            batch.Add(row);
            if (batch.Count < BatchRows)
                continue;
            await foreach (var joined in JoinBatchAsync(batch, context))
                yield return joined;
            batch.Clear();
        }
        if (batch.Count > 0)
        {
            await foreach (var joined in JoinBatchAsync(batch, context))
                yield return joined;
        }
    }

    private async IAsyncEnumerable<ObObj[]> JoinBatchAsync(List<ObObj[]> batch, StatementContext context)
    {
        var table = Inner.Leaf.Table!;
        var keys = new ObObj[]?[batch.Count];
        var points = new List<ScanRange>();
        for (var r = 0; r < batch.Count; r++)
        {
            var key = new ObObj[outerKeys.Count];
            var usable = true;
            for (var k = 0; k < key.Length && usable; k++)
            {
                var value = ExprEvaluator.Evaluate(outerKeys[k], batch[r], context.Eval);
                usable = KeyValue.TryExact(value, table.Columns[table.RowKeyColumns[k]], out key[k]);
            }
            if (!usable)
                continue;
            keys[r] = key;
            points.Add(ScanRange.Point(RowKeyCodec.Encode(key, table)));
        }
        var found = new Dictionary<ObObj[], ObObj[]>(JoinKeyComparer.Instance);
        if (points.Count > 0)
        {
            await foreach (var row in Inner.ReadAsync(context, KeyRangeExtractor.Normalize(points)))
            {
                var key = new ObObj[outerKeys.Count];
                for (var k = 0; k < key.Length; k++)
                    key[k] = row[Inner.Leaf.Offset + table.RowKeyColumns[k]];
                found[key] = row;
            }
        }
        var (start, end) = (Inner.Leaf.Offset, Inner.Leaf.Offset + Inner.Leaf.Width);
        for (var r = 0; r < batch.Count; r++)
        {
            if (keys[r] is { } key && found.TryGetValue(key, out var match))
            {
                var joined = JoinRows.Merge(batch[r], match, start, end);
                if (await residual.TestAsync(joined, context))
                {
                    yield return joined;
                    continue;
                }
            }
            if (keepUnmatchedOuter)
                yield return batch[r];
        }
    }
}
