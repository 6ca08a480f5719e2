using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;
using OceanClassic.MergeServer.Engine.Operators.Joins;

namespace OceanClassic.MergeServer.Engine.Statements;

// EXPLAIN SELECT: plans the query and lists, per tablet it reads, the tablet's range and version, the
// ChunkServer a read tries first (the RootServer orders live replicas first) and all replicas, with
// the part of the tablet scanned and the filter and limit pushed down to the ChunkServers. Locations
// come fresh from the RootServer so the versions are current. In a join every table access is listed
// (in join order) and `join` says how it is joined: hash join build or probe side, index lookup by
// primary key or secondary index, nested loop inner side; a system view or derived table gets one row.
// `key` is MariaDB's EXPLAIN column: the index a read uses (a secondary index's name, PRIMARY for a
// primary-key range or lookup), empty for a full scan; a read through a secondary index that does not
// cover the query adds a row for its batched primary-key lookups of the base rows.
public static class ExplainExecutor
{
    public static readonly string[] Columns =
        ["table", "tablet_start", "tablet_end", "version", "chunkserver", "replicas", "scan_range", "filter", "limit", "join", "key"];

    public static async ValueTask ExecuteAsync(ExplainStatement explain, StatementContext context, IResultSink sink)
    {
        if (explain.Statement is not QueryStatement query)
            throw BindErrors.NotSupported("EXPLAIN of " + explain.Statement.GetType().Name.Replace("Statement", "", StringComparison.Ordinal));
        var plan = await QueryPlanner.PlanAsync(query, context);
        var accesses = new List<Access>();
        Collect(plan.Source, "", accesses, context);
        var rows = new List<string?[]>();
        foreach (var access in accesses)
        {
            if (access.Spec is null)
                rows.Add([access.Name, "", "", "", "", "", "", "", "", access.Join, access.Key ?? ""]);
            else
                await AddTabletRowsAsync(access, rows, context);
        }
        await TextResult.WriteAsync(sink, Columns, rows);
    }

    // One table access: what it scans (null: nothing to list by tablet), its name when not the spec's
    // table, how it is joined and the key it reads by.
    private sealed record Access(TableScanSpec? Spec, string Name, string Join, string? Key);

    // Table accesses under a row source, each with how it is joined.
    private static void Collect(IRowSource source, string join, List<Access> into, StatementContext context)
    {
        StackGuard.Check();
        switch (source)
        {
            case TableRowSource t:
                into.Add(new Access(t.Spec, "", join, KeyOf(t.Spec, context)));
                break;
            case IndexLookupRowSource i:
                into.Add(new Access(i.Index.Spec, "", join, i.Index.Layout.Index.Name));
                into.Add(new Access(null, TableName(i.BaseSpec.Table), "batched primary key lookups of the rows found", AccessPath.PrimaryKeyName));
                break;
            case LockingRowSource l when l.Through is { } through:
                into.Add(new Access(through.Spec, "", join, through.Layout.Index.Name));
                break;
            case LockingRowSource l:
                into.Add(new Access(l.Spec, "", join, KeyOf(l.Spec, context)));
                break;
            case LeafRowSource { Reader: { } reader }:
                Collect(reader, join, into, context);
                break;
            case LeafRowSource leaf:
                into.Add(new Access(null, leaf.Leaf.Derived is not null ? $"derived table {leaf.Leaf.Name}" : leaf.Leaf.Name, join, null));
                break;
            case MemoryRowSource:
                into.Add(new Access(null, "system view", join, null));
                break;
            case FilteredRowSource f:
                Collect(f.Source, join, into, context);
                break;
            case HashJoin h:
                Collect(h.Build, "hash join: build", into, context);
                Collect(h.Probe, "hash join: probe", into, context);
                break;
            case IndexLookupJoin { Index: { } index } i:
                Collect(i.Outer, join, into, context);
                into.Add(new Access(i.Inner.Spec! with { Table = index.Table, Ranges = [ScanRange.Full] }, "",
                    $"index lookup join: batched lookups of index {index.Index.Name}", index.Index.Name));
                break;
            case IndexLookupJoin i:
                Collect(i.Outer, join, into, context);
                if (i.Inner.Spec is { } inner)
                    into.Add(new Access(inner, "", "index lookup join: batched primary key reads", AccessPath.PrimaryKeyName));
                break;
            case NestedLoopJoin n:
                Collect(n.Outer, join, into, context);
                Collect(n.Inner, "nested loop join: inner side", into, context);
                break;
            case SetOperationRowSource s:
                Collect(s.Left.Source, join, into, context);
                Collect(s.Right.Source, join, into, context);
                break;
        }
    }

    // The index a scan reads by: a secondary index's name, PRIMARY for primary-key ranges, null for all.
    private static string? KeyOf(TableScanSpec spec, StatementContext context)
    {
        if (spec.Table.IsIndexTable)
            return context.Schema.TableById(spec.Table.IndexOwnerTableId)?.Indexes.FirstOrDefault(i => i.IndexTableId == spec.Table.TableId)?.Name;
        return spec.Ranges.Count == 1 && spec.Ranges[0].Start is null && spec.Ranges[0].End is null ? null : AccessPath.PrimaryKeyName;
    }

    private static string TableName(TableSchema table) => $"{table.Database}.{table.Name}";

    private static async ValueTask AddTabletRowsAsync(Access access, List<string?[]> rows, StatementContext context)
    {
        var spec = access.Spec!;
        var table = spec.Table.IsIndexTable ? context.Schema.TableById(spec.Table.IndexOwnerTableId) ?? spec.Table : spec.Table;
        var name = TableName(table);
        var filter = spec.Filter.Length == 0 ? "" : ExprFormatter.ToSql(ExprSerializer.Read(spec.Filter), i => ColumnName(spec, i));
        var limit = spec.Limit > 0 ? spec.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var tablets = (await context.Engine.Gateway.GetTabletsAsync(spec.Table.TableId, context.Ct)).Tablets
            .Select(t => (Info: t, Range: ScanRange.FromProto(t.Range)))
            .OrderBy(t => t.Range.Start is null ? "" : Convert.ToHexString(t.Range.Start), StringComparer.Ordinal)
            .ToList();
        foreach (var range in spec.Ranges)
        {
            foreach (var (info, tabletRange) in tablets)
            {
                if (range.Intersect(tabletRange) is not { } part)
                    continue;
                rows.Add(
                [
                    name,
                    tabletRange.Start is null ? "MIN" : AllTabletView.RenderKey(tabletRange.Start),
                    tabletRange.End is null ? "MAX" : AllTabletView.RenderKey(tabletRange.End),
                    info.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    info.Replicas.Count == 0 ? "" : info.Replicas[0],
                    string.Join(",", info.Replicas),
                    Render(part),
                    filter,
                    limit,
                    access.Join,
                    access.Key ?? "",
                ]);
            }
        }
    }

    private static string ColumnName(TableScanSpec spec, int position)
    {
        var id = spec.ColumnIds[position];
        return spec.Table.Columns.FirstOrDefault(c => c.Id == id)?.Name ?? $"#{position}";
    }

    private static string Render(ScanRange r)
    {
        if (r.IsPoint)
            return "= " + AllTabletView.RenderKey(r.Start);
        var start = r.Start is null ? "(MIN" : (r.StartInclusive ? "[" : "(") + AllTabletView.RenderKey(r.Start);
        var end = r.End is null ? "MAX)" : AllTabletView.RenderKey(r.End) + (r.EndInclusive ? "]" : ")");
        return start + " .. " + end;
    }
}
