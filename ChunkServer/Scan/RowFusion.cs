using OceanClassic.Common.Types;
using System.Runtime.CompilerServices;
using OceanClassic.ChunkServer.TabletStore;

namespace OceanClassic.ChunkServer.Scan;

// Fuses a tablet's baseline rows with the UpdateServer's net increments, both in rowkey order,
// into the rows as of the read version: Deleted drops the row, Replace makes it exactly the
// increment's cells, Update writes its cells over the baseline row (an Update of a key the
// baseline lacks yields no row: the UpdateServer reports a row created after the baseline as Replace).
public static class RowFusion
{
    public static async IAsyncEnumerable<TabletRow> FuseAsync(
        IAsyncEnumerable<TabletRow> baseline, IAsyncEnumerable<IncrementRow> increments, ColumnProjection projection,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var b = baseline.GetAsyncEnumerator(ct);
        var i = increments.GetAsyncEnumerator(ct);
        try
        {
            var hasB = await b.MoveNextAsync().ConfigureAwait(false);
            var hasI = await i.MoveNextAsync().ConfigureAwait(false);
            while (hasB || hasI)
            {
                var c = !hasB ? 1 : !hasI ? -1 : b.Current.RowKey.AsSpan().SequenceCompareTo(i.Current.RowKey);
                TabletRow? fused;
                if (c < 0)
                {
                    fused = b.Current;
                    hasB = await b.MoveNextAsync().ConfigureAwait(false);
                }
                else if (c > 0)
                {
                    fused = Apply(null, i.Current, projection);
                    hasI = await i.MoveNextAsync().ConfigureAwait(false);
                }
                else
                {
                    fused = Apply(b.Current, i.Current, projection);
                    hasB = await b.MoveNextAsync().ConfigureAwait(false);
                    hasI = await i.MoveNextAsync().ConfigureAwait(false);
                }
                if (fused is not null)
                    yield return fused;
            }
        }
        finally
        {
            await b.DisposeAsync().ConfigureAwait(false);
            await i.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The row for one key given its baseline row (null if none) and its increment.
    public static TabletRow? Apply(TabletRow? baseline, IncrementRow increment, ColumnProjection projection)
    {
        switch (increment.State)
        {
            case IncrementState.Deleted:
                return null;
            case IncrementState.Replace:
                {
                    var row = projection.AbsentRow();
                    projection.Apply(increment.Cells, row);
                    return new TabletRow(increment.RowKey, row);
                }
            default:
                {
                    if (baseline is null)
                        return null;
                    var row = (Common.Types.ObObj[])baseline.Cells.Clone();
                    projection.Apply(increment.Cells, row);
                    return new TabletRow(baseline.RowKey, row);
                }
        }
    }
}
