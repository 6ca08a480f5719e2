using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Operators;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.SystemViews;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Statements;

// EXPLAIN SELECT: plans the query and lists, per tablet it reads, the tablet's range and version, the
// ChunkServer a read tries first (the RootServer orders live replicas first) and all replicas, with
// the part of the tablet scanned and the filter and limit pushed down to the ChunkServers. Locations
// come fresh from the RootServer so the versions are current. In a join every table access is listed
// (in join order) and `join` says how it is joined: hash join build or probe side, index lookup by
// primary key, nested loop inner side; a system view or derived table gets one row.
public static class ExplainExecutor
{
    public static readonly string[] Columns =
        ["table", "tablet_start", "tablet_end", "version", "chunkserver", "replicas", "scan_range", "filter", "limit", "join"];

    public static async ValueTask ExecuteAsync(ExplainStatement explain, StatementContext context, IResultSink sink)
    {
        if (explain.Statement is not QueryStatement query)
            throw BindErrors.NotSupported("EXPLAIN of " + explain.Statement.GetType().Name.Replace("Statement", "", StringComparison.Ordinal));
        var plan = await QueryPlanner.PlanAsync(query, context);
        var accesses = new List<(TableScanSpec? Spec, string Name, string Join)>();
        Collect(plan.Source, "", accesses);
        var rows = new List<string?[]>();
        foreach (var (spec, name, join) in accesses)
        {
            if (spec is null)
                rows.Add([name, "", "", "", "", "", "", "", "", join]);
            else
                await AddTabletRowsAsync(spec, join, rows, context);
        }
        await TextResult.WriteAsync(sink, Columns, rows);
    }

    // Table accesses under a row source, each with how it is joined.
    private static void Collect(IRowSource source, string join, List<(TableScanSpec?, string, string)> into)
    {
        StackGuard.Check();
        switch (source)
        {
            case TableRowSource t:
                into.Add((t.Spec, "", join));
                break;
            case LeafRowSource leaf:
                into.Add((leaf.Spec, leaf.Leaf.Derived is not null ? $"derived table {leaf.Leaf.Name}" : leaf.Leaf.Name, join));
                break;
            case MemoryRowSource:
                into.Add((null, "system view", join));
                break;
            case FilteredRowSource f:
                Collect(f.Source, join, into);
                break;
            case HashJoin h:
                Collect(h.Build, "hash join: build", into);
                Collect(h.Probe, "hash join: probe", into);
                break;
            case IndexLookupJoin i:
                Collect(i.Outer, join, into);
                Collect(i.Inner, "index lookup join: batched primary key reads", into);
                break;
            case NestedLoopJoin n:
                Collect(n.Outer, join, into);
                Collect(n.Inner, "nested loop join: inner side", into);
                break;
            case SetOperationRowSource s:
                Collect(s.Left.Source, join, into);
                Collect(s.Right.Source, join, into);
                break;
        }
    }

    private static async ValueTask AddTabletRowsAsync(TableScanSpec spec, string join, List<string?[]> rows, StatementContext context)
    {
        var name = $"{spec.Table.Database}.{spec.Table.Name}";
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
                    join,
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
