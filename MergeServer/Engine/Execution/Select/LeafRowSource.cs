using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.Engine.Binding;

namespace OceanClassic.MergeServer.Engine.Execution.Select;

// One table reference of a join, as rows of the full joined width with its columns at its offset. A
// ChunkServer table is read with its own conjuncts pushed down (key ranges, filter) and only the
// columns the statement reads, through the access path AccessPathChooser picks for those conjuncts (its
// primary key, or a secondary index); a system view or derived table is produced here and filtered
// here (a view is told the names its conjuncts pin, SystemViewFilter, and may build only those rows). As the inner side of an index nested-loop join it is read by given primary keys or index-key
// prefixes instead (ReadAsync with ranges, ReadThroughIndexAsync). In a locking read a ChunkServer table
// reads through LockingRowSource: the rows it reads (or the keys an index lookup names, found or not)
// are locked in the base table and read again at the newest committed version.
public sealed class LeafRowSource : IRowSource
{
    private readonly int _width;
    private readonly int[] _placement;
    private readonly RowPredicate _localFilter;
    private readonly IRowSource? _reader;
    private readonly RowLockMode? _locking;
    private readonly int[] _rowKeyPositions = [];

    public LeafRowSource(FromLeaf leaf, int width, StatementContext context, RowLockMode? locking = null)
    {
        Leaf = leaf;
        _width = width;
        var filter = Conjuncts.Join(leaf.Filters);
        if (leaf.Table is { } table)
        {
            var local = filter is null ? null : BoundExprs.Remap(filter, p => p - leaf.Offset);
            ReadyIndexes = [.. context.Schema.ReadyIndexLayoutsOf(table)];
            Path = AccessPathChooser.Choose(table, local, leaf.Used, null, ReadyIndexes);
            var read = leaf.Used.ToList();
            if (locking is not null || (Path.ThroughIndex && !Path.Covering))
                read = [.. read.Union(table.RowKeyColumns)]; // a locking read names the rows it locks; a lookup needs the key
            if (read.Count == 0)
                read.Add(table.RowKeyColumns[0]);
            var used = read.Order().ToList();
            Used = used;
            if (locking is not null)
            {
                _locking = locking;
                _rowKeyPositions = [.. table.RowKeyColumns.Select(c => used.IndexOf(c))];
            }
            _placement = [.. used.Select(i => leaf.Offset + i)];
            var access = new AccessSourceBuilder.Read(table, Path, used, local, 0, local is null ? null : context.Eval);
            Snapshot = context.ReadSnapshot;
            _reader = locking is null ? AccessSourceBuilder.Build(access, Snapshot) : AccessSourceBuilder.BuildLocking(access, locking);
            Spec = AccessSourceBuilder.BaseSpecOf(access) with { Ranges = Path.ThroughIndex ? [ScanRange.Full] : Path.Ranges };
            _localFilter = new RowPredicate(null);
        }
        else
        {
            _placement = [.. Enumerable.Range(leaf.Offset, leaf.Width)];
            _localFilter = new RowPredicate(filter);
        }
    }

    public FromLeaf Leaf { get; }

    // The base-table read by primary key (its ranges are the primary-key path's, or all).
    public TableScanSpec? Spec { get; }

    // How the leaf's own conjuncts are read (null for a view or derived table), and what does it.
    public AccessPath? Path { get; }

    public IRowSource? Reader => _reader;

    public IReadOnlyList<IndexLayout> ReadyIndexes { get; } = [];

    // Table columns read, in the order the ChunkServers return them.
    public IReadOnlyList<int> Used { get; } = [];

    public ReadSnapshot? Snapshot { get; }

    // Rows expected: the number of point ranges when the key is pinned, a guess for an index read
    // by '=', else unknown (long.MaxValue).
    public long Estimate
    {
        get
        {
            if (Path is not { } path)
                return Leaf.View is not null ? 100 : 10_000;
            if (path.Key.AllPoints || path.Ranges.Count == 0)
                return path.Ranges.Count;
            if (path.Index is { } index && path.Key.EqualityColumns > 0)
                return index.Index.Unique && path.Key.EqualityColumns >= index.ValueCount ? path.Ranges.Count : path.Ranges.Count * 100L;
            return long.MaxValue;
        }
    }

    public IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context) => ReadAsync(context, null);

    // ranges: read only these primary-key ranges of the table (index lookups), else the chosen path.
    public async IAsyncEnumerable<ObObj[]> ReadAsync(StatementContext context, IReadOnlyList<ScanRange>? ranges)
    {
        if (Spec is { } spec)
        {
            var rows = ranges is null ? _reader!.ReadAsync(context)
                : _locking is null ? context.Engine.Scanner.ScanAsync(spec with { Ranges = ranges }, Snapshot!, context.Ct)
                : new LockingRowSource(spec with { Ranges = ranges }, _rowKeyPositions, _locking).ReadAsync(context);
            await foreach (var compact in rows)
                yield return Place(compact);
            yield break;
        }
        IEnumerable<ObObj[]> produced = Leaf.View is { } view
            ? await view.LoadAsync(context, SystemViewFilter.From(Leaf.Filters, Leaf.Offset, Leaf.Width))
            : await SelectExecutor.RunAsync(Leaf.Derived!, context);
        foreach (var source in produced)
        {
            var row = Place(source);
            if (await _localFilter.TestAsync(row, context))
                yield return row;
        }
    }

    // The rows whose index entries lie in prefixes (ranges of the index table's key): read from the index
    // alone when it holds every column the leaf reads (and nothing is locked), else their primary keys
    // are looked up (and locked).
    public async IAsyncEnumerable<ObObj[]> ReadThroughIndexAsync(StatementContext context, IndexLayout index, IReadOnlyList<ScanRange> prefixes)
    {
        var spec = Spec!;
        if (_locking is null && index.Covers(Used))
        {
            await foreach (var compact in context.Engine.Scanner.ScanAsync(spec with { Table = index.Table, Ranges = prefixes }, Snapshot!, context.Ct))
                yield return Place(compact);
            yield break;
        }
        var table = index.Base;
        var entries = new TableScanSpec(index.Table, prefixes, [.. table.RowKeyColumns.Select(c => table.Columns[c].Id)], [], 0);
        var keys = new List<byte[]>();
        await foreach (var entry in context.Engine.Scanner.ScanAsync(entries, Snapshot!, context.Ct))
            keys.Add(RowKeyCodec.Encode(entry, table));
        if (keys.Count == 0)
            yield break;
        var points = keys.Distinct(ByteKeyComparer.Instance).Order(ByteKeyComparer.Instance).Select(ScanRange.Point).ToList();
        await foreach (var row in ReadAsync(context, points))
            yield return row;
    }

    private ObObj[] Place(ObObj[] compact)
    {
        var row = new ObObj[_width];
        for (var i = 0; i < _placement.Length && i < compact.Length; i++)
            row[_placement[i]] = compact[i];
        return row;
    }
}
