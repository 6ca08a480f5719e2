using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.Execution;

// One table reference of a join, as rows of the full joined width with its columns at its offset. A
// ChunkServer table is scanned with its own conjuncts pushed down (key ranges, filter) and only the
// columns the statement reads; a system view or derived table is produced here and filtered here. In a
// locking read a ChunkServer table reads through LockingRowSource: the rows it reads (or the keys an
// index lookup names, found or not) are locked and read again at the newest committed version.
public sealed class LeafRowSource : IRowSource
{
    private readonly int _width;
    private readonly int[] _placement;
    private readonly RowPredicate _localFilter;
    private readonly RowLockMode? _locking;
    private readonly int[] _rowKeyPositions = [];

    public LeafRowSource(FromLeaf leaf, int width, StatementContext context, RowLockMode? locking = null)
    {
        Leaf = leaf;
        _width = width;
        var filter = Conjuncts.Join(leaf.Filters);
        if (leaf.Table is { } table)
        {
            var used = leaf.Used.Order().ToList();
            if (locking is not null)
            {
                _locking = locking;
                used = [.. used.Union(table.RowKeyColumns).Order()]; // a locking read names the rows it locks
                _rowKeyPositions = [.. table.RowKeyColumns.Select(c => used.IndexOf(c))];
            }
            if (used.Count == 0)
                used.Add(table.RowKeyColumns[0]);
            _placement = [.. used.Select(i => leaf.Offset + i)];
            var compact = new Dictionary<int, int>();
            for (var i = 0; i < used.Count; i++)
                compact[leaf.Offset + used[i]] = i;
            var local = filter is null ? null : BoundExprs.Remap(filter, p => p - leaf.Offset);
            Spec = new TableScanSpec(table, KeyRangeExtractor.Extract(local, table), [.. used.Select(i => table.Columns[i].Id)],
                filter is null ? [] : ExprSerializer.Serialize(BoundExprs.Remap(filter, p => compact[p])), 0);
            Snapshot = context.ReadSnapshot;
            _localFilter = new RowPredicate(null);
        }
        else
        {
            _placement = [.. Enumerable.Range(leaf.Offset, leaf.Width)];
            _localFilter = new RowPredicate(filter);
        }
    }

    public FromLeaf Leaf { get; }

    public TableScanSpec? Spec { get; }

    public ReadSnapshot? Snapshot { get; }

    // Rows expected: the number of point ranges when the key is pinned, else unknown (long.MaxValue).
    public long Estimate => Spec is { } spec
        ? spec.Ranges.All(r => r.IsPoint) ? spec.Ranges.Count : long.MaxValue
        : Leaf.View is not null ? 100 : 10_000;

    public IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context) => ReadAsync(context, null);

    // ranges: read only these key ranges of the table (index lookups), else the pushed-down ones.
    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context, IReadOnlyList<ScanRange>? ranges)
    {
        if (Spec is { } spec)
        {
            var scan = ranges is null ? spec : spec with { Ranges = ranges };
            var read = _locking is null
                ? context.Engine.Scanner.ScanAsync(scan, Snapshot!, context.Ct)
                : new LockingRowSource(scan, _rowKeyPositions, _locking).ReadAsync(context);
            await foreach (var compact in read)
                yield return Place(compact);
            yield break;
        }
        IEnumerable<ObObj[]> rows = Leaf.View is { } view
            ? await view.LoadAsync(context)
            : await SelectExecutor.RunAsync(Leaf.Derived!, context);
        foreach (var source in rows)
        {
            var row = Place(source);
            if (await _localFilter.TestAsync(row, context))
                yield return row;
        }
    }

    private ObObj[] Place(ObObj[] compact)
    {
        var row = new ObObj[_width];
        for (var i = 0; i < _placement.Length && i < compact.Length; i++)
            row[_placement[i]] = compact[i];
        return row;
    }
}
