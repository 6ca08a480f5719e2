using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Engine.Planning.Access;

// Turns a chosen AccessPath into the read that performs it. Rows come out with the statement's columns
// `used` (base column positions, in that order) whatever the path: a primary-key path scans the table; a
// covering index path scans the index table with the same column ids (its columns are copies of the
// base columns) and the same pushed-down filter; any other index path scans the index for primary keys
// — pushing down the conjuncts the index can evaluate — and looks the rows up by primary key in batches
// (`used` must then hold the primary key). A locking read finds its keys the same way and locks the
// base rows (LockingRowSource). pushLimit (0 = none) is the rows the statement can stop after when the
// read's order and filter are final; it reaches the ChunkServers only where it is safe. Clock is the
// statement's (StatementContext.Eval): a pushed-down filter carries it, so NOW() or a TIMESTAMP column reads
// on a ChunkServer as on the MergeServer (null: no filter to carry it).
public static class AccessSourceBuilder
{
    // UsedMap and ColumnIds, when the caller has them: each used base position's place in Used, and the
    // used columns' ids (made from Used otherwise).
    public sealed record Read(TableSchema Table, AccessPath Path, IReadOnlyList<int> Used, BoundExpr? Where, long PushLimit, EvalContext? Clock,
        IReadOnlyDictionary<int, int>? UsedMap = null, IReadOnlyList<int>? ColumnIds = null);

    public static IRowSource Build(Read read, ReadSnapshot snapshot)
    {
        var baseSpec = BaseSpec(read);
        if (read.Path.Index is not { } layout)
            return new TableRowSource(baseSpec, snapshot);
        if (read.Path.Covering)
            return new TableRowSource(baseSpec with { Table = layout.Table }, snapshot);
        return new IndexLookupRowSource(IndexScanOf(read, layout), baseSpec with { Ranges = [], Limit = 0 }, snapshot);
    }

    public static LockingRowSource BuildLocking(Read read, RowLockMode mode)
    {
        var spec = BaseSpec(read);
        var rowKey = read.Table.RowKeyColumns.Select(c => IndexOfUsed(read, c)).ToList();
        var through = read.Path.Index is { } layout ? IndexScanOf(read, layout) : null;
        return new LockingRowSource(spec, rowKey, mode, through);
    }

    // The base-table read: the primary-key path's scan, or (with other ranges) the base-row lookups.
    public static TableScanSpec BaseSpecOf(Read read) => BaseSpec(read);

    private static TableScanSpec BaseSpec(Read read)
    {
        var bound = read.Where is null ? null : ColumnRemapper.Remap(read.Where, read.UsedMap ?? Map(read.Used));
        var filter = Serialized(bound, read.Clock);
        return new TableScanSpec(read.Table, read.Path.Ranges, read.ColumnIds ?? ColumnIdsOf(read.Table, read.Used), filter, read.PushLimit, bound);
    }

    // The index table read of a non-covering path: primary key columns (base key order), then the other
    // columns the pushed-down conjuncts need.
    private static IndexScan IndexScanOf(Read read, IndexLayout layout)
    {
        var table = read.Table;
        var columns = new List<int>(table.RowKeyColumns);
        var pushed = new List<BoundExpr>();
        var all = Conjuncts.Split(read.Where);
        foreach (var conjunct in all)
        {
            var referenced = new HashSet<int>();
            BoundExprs.Columns(conjunct, referenced);
            if (!layout.Covers(referenced))
                continue;
            pushed.Add(conjunct);
            columns.AddRange(referenced.Where(c => !columns.Contains(c)).Order());
        }
        var map = Map(columns);
        var bound = Conjuncts.Join(pushed) is { } f ? ColumnRemapper.Remap(f, map) : null;
        var filter = Serialized(bound, read.Clock);
        var limit = pushed.Count == all.Count ? read.PushLimit : 0;
        var spec = new TableScanSpec(layout.Table, read.Path.Ranges, [.. columns.Select(i => table.Columns[i].Id)], filter, limit, bound);
        return new IndexScan(layout, spec, [.. table.RowKeyColumns.Select(c => IndexOfUsed(read, c))]);
    }

    public static int[] ColumnIdsOf(TableSchema table, IReadOnlyList<int> columns)
    {
        var ids = new int[columns.Count];
        for (var i = 0; i < ids.Length; i++)
            ids[i] = table.Columns[columns[i]].Id;
        return ids;
    }

    private static byte[] Serialized(BoundExpr? filter, EvalContext? clock) =>
        filter is null ? [] : clock is null ? ExprSerializer.Serialize(filter) : ExprSerializer.Serialize(filter, clock);

    private static int IndexOfUsed(Read read, int column)
    {
        for (var i = 0; i < read.Used.Count; i++)
        {
            if (read.Used[i] == column)
                return i;
        }
        throw new InvalidOperationException($"column {column} of {read.Table.Name} is not read");
    }

    private static Dictionary<int, int> Map(IReadOnlyList<int> columns)
    {
        var map = new Dictionary<int, int>();
        for (var i = 0; i < columns.Count; i++)
            map[columns[i]] = i;
        return map;
    }
}
