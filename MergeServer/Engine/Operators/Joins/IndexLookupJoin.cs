using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Execution.Select;
using OceanClassic.MergeServer.Engine.Planning.KeyRange;

namespace OceanClassic.MergeServer.Engine.Operators.Joins;

// Index nested-loop join: outer rows are taken in batches; each batch's key values (converted exactly to
// the key columns' types — a value that cannot equal any key matches nothing) become ranges of the
// inner table's key, read from the ChunkServers in one batched scan (many keys per request) with the
// inner side's pushed-down filter; the rows found are matched to the batch by key. The key is the inner
// table's whole primary key (Index null: one point per outer row), or the leading KeyColumns columns of
// one of its READY secondary indexes (Index: one key-prefix range per distinct value, the entries' base
// rows then looked up by primary key unless the index covers the inner side). Used when the outer side
// is small: it reads only the inner rows that can match.
public sealed class IndexLookupJoin(
    IRowSource outer,
    LeafRowSource inner,
    IReadOnlyList<BoundExpr> outerKeys,
    RowPredicate residual,
    bool keepUnmatchedOuter,
    IndexLayout? index = null) : IRowSource
{
    public const int BatchRows = 512;

    public IRowSource Outer { get; } = outer;

    public LeafRowSource Inner { get; } = inner;

    // The secondary index the inner side is read through; null = its primary key.
    public IndexLayout? Index { get; } = index;

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

    // Base-table column (of the inner table) of key component k.
    private int KeyColumn(int k) => Index is { } layout ? layout.BaseColumns[k] : Inner.Leaf.Table!.RowKeyColumns[k];

    private async IAsyncEnumerable<ObObj[]> JoinBatchAsync(List<ObObj[]> batch, StatementContext context)
    {
        var table = Inner.Leaf.Table!;
        var keys = new ObObj[]?[batch.Count];
        var ranges = new Dictionary<byte[], ScanRange>(ByteKeyComparer.Instance);
        for (var r = 0; r < batch.Count; r++)
        {
            var key = new ObObj[outerKeys.Count];
            var usable = true;
            for (var k = 0; k < key.Length && usable; k++)
            {
                var value = ExprEvaluator.Evaluate(outerKeys[k], batch[r], context.Eval);
                usable = KeyValue.TryExact(value, table.Columns[KeyColumn(k)], out key[k]);
            }
            if (!usable)
                continue;
            keys[r] = key;
            var encoded = Index is { } layout ? layout.KeyPrefix(key) : RowKeyCodec.Encode(key, table);
            ranges.TryAdd(encoded, Index is null ? ScanRange.Point(encoded) : KeyRangeExtractor.PrefixRange(encoded));
        }
        var found = new Dictionary<ObObj[], List<ObObj[]>>(JoinKeyComparer.Instance);
        if (ranges.Count > 0)
        {
            var sorted = KeyRangeExtractor.Normalize(ranges.Values);
            var rows = Index is { } layout ? Inner.ReadThroughIndexAsync(context, layout, sorted) : Inner.ReadAsync(context, sorted);
            await foreach (var row in rows)
            {
                var key = new ObObj[outerKeys.Count];
                for (var k = 0; k < key.Length; k++)
                    key[k] = row[Inner.Leaf.Offset + KeyColumn(k)];
                if (!found.TryGetValue(key, out var matches))
                    found[key] = matches = [];
                matches.Add(row);
            }
        }
        var (start, end) = (Inner.Leaf.Offset, Inner.Leaf.Offset + Inner.Leaf.Width);
        for (var r = 0; r < batch.Count; r++)
        {
            var matched = false;
            if (keys[r] is { } key && found.TryGetValue(key, out var matches))
            {
                foreach (var match in matches)
                {
                    var joined = JoinRows.Merge(batch[r], match, start, end);
                    if (await residual.TestAsync(joined, context))
                    {
                        matched = true;
                        yield return joined;
                    }
                }
            }
            if (!matched && keepUnmatchedOuter)
                yield return batch[r];
        }
    }
}
