using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Ddl;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// UPDATE t1 JOIN t2 … SET … and DELETE t1, t2 FROM … / DELETE FROM t1, t2 USING …, over the rows of a
// join (JoinedDmlTargets, which also holds the concurrency rule). All the statement's mutations, on every
// target table, go to the UPS in one ApplyRequest: the statement applies entirely or not at all.
// UPDATE: each assigned value is computed over the joined row as it was read (MySQL gives no order for
// multi-table assignments); affected rows = target rows whose values changed, "Rows matched" = distinct
// target rows the join produced; IGNORE or a non-strict sql_mode stores what strict mode refuses adjusted,
// with warnings (LenientColumnValues), as single-table UPDATE does. DELETE: affected rows = rows deleted over all targets. Every target's
// secondary and UNIQUE index rows change in the same request (IndexWrites; the join reads whole rows).
public static class MultiTableDmlExecutor
{
    public static async ValueTask UpdateAsync(MultiTableUpdateStatement update, StatementContext context, IResultSink sink)
    {
        var sources = await JoinedDmlTargets.SourcesAsync(update.From, context);
        var assigned = update.Assignments.Select(a => (Source: AssignedSource(a.Column, sources), a)).ToList();
        var targetNames = assigned.Select(a => a.Source).Distinct().ToList();
        var targets = JoinedDmlTargets.Of(update.From, targetNames.Select(i => (sources[i].Name, sources[i].Table)));
        foreach (var i in targetNames)
            AccessCheck.RequireTable(context, sources[i].Table.Database, sources[i].Table.Name, Privilege.Update);
        var extra = update.Assignments.Select(a => a.Value is DefaultValue ? new NullLiteral() : a.Value).ToList();

        var (matched, changed) = await targets.RunAsync(update.Where, extra, context, async (run, rows, request) =>
        {
            var matchedRows = 0;
            var changedRows = 0;
            foreach (var target in targets.Targets)
            {
                var seen = new HashSet<byte[]>(ByteKeyComparer.Instance);
                var indexes = new IndexWrites(run.Schema, target.Table);
                var mine = assigned.Select((a, i) => (a.a, Index: i)).Where(x => sources[assigned[x.Index].Source].Name == target.Name).ToList();
                var rowNumber = 0;
                foreach (var joinRow in rows)
                {
                    if (targets.RowOf(target, joinRow) is not { } old)
                        continue;
                    var key = MutationBuilder.RowKey(target.Table, old);
                    if (!seen.Add(key))
                        continue;
                    matchedRows++;
                    rowNumber++;
                    var row = (ObObj[])old.Clone();
                    var changedColumns = new SortedSet<int>();
                    foreach (var (assignment, index) in mine)
                    {
                        var column = target.Table.IndexOf(assignment.Column.Column);
                        var schema = target.Table.Columns[column];
                        var v = assignment.Value is DefaultValue ? RowRules.DefaultOf(schema, run) ?? ObObj.Null : joinRow[targets.Width + index];
                        row[column] = update.Ignore || run.NonStrictWrite ? LenientColumnValues.Convert(v, target.Table, schema, rowNumber, run.Warnings, run.ZoneOffsetFor(schema))
                            : ColumnValueConverter.Convert(v, schema, rowNumber, run.ZoneOffsetFor(schema));
                        if (!StoredValueEquality.Same(row[column], old[column]))
                            changedColumns.Add(column);
                        else
                            changedColumns.Remove(column);
                    }
                    if (changedColumns.Count == 0)
                        continue;
                    changedRows++;
                    if (changedColumns.Any(c => target.Table.RowKeyColumns.Contains(c)))
                    {
                        request.Mutations.Add(MutationBuilder.Mutation(target.Table, MutationOp.MutDelete, key, old, null));
                        request.Mutations.Add(MutationBuilder.Mutation(target.Table, MutationOp.MutInsert, row));
                        indexes.BaseRowAdded(request, row, rowNumber);
                    }
                    else
                    {
                        request.Mutations.Add(MutationBuilder.Mutation(target.Table, MutationOp.MutUpdate, key, row, changedColumns));
                    }
                    indexes.Updated(request, old, row, changedColumns, rowNumber);
                }
            }
            if (request.Mutations.Count > 0)
                await context.Engine.Writer.ApplyAsync(request, context.Ct);
            return (matchedRows, changedRows);
        });
        sink.Ok((ulong)changed, 0, $"Rows matched: {matched}  Changed: {changed}  Warnings: {context.Warnings.Count}");
    }

    public static async ValueTask DeleteAsync(MultiTableDeleteStatement delete, StatementContext context, IResultSink sink)
    {
        var sources = await JoinedDmlTargets.SourcesAsync(delete.From, context);
        var chosen = new List<int>();
        foreach (var name in delete.Targets)
        {
            var index = sources.FindIndex(s => string.Equals(s.Name, name.Name, StringComparison.OrdinalIgnoreCase)
                && (name.Schema is null || string.Equals(s.Table.Database, name.Schema, StringComparison.OrdinalIgnoreCase)));
            if (index < 0)
                SqlError.Throw(ErrorCodes.UnknownTableInMultiDelete, $"Unknown table '{name.Name}' in MULTI DELETE");
            if (!chosen.Contains(index))
                chosen.Add(index);
        }
        var targets = JoinedDmlTargets.Of(delete.From, chosen.Select(i => (sources[i].Name, sources[i].Table)));
        foreach (var i in chosen)
            AccessCheck.RequireTable(context, sources[i].Table.Database, sources[i].Table.Name, Privilege.Delete);
        var deleted = await targets.RunAsync(delete.Where, [], context, async (_, rows, request) =>
        {
            foreach (var target in targets.Targets)
            {
                var seen = new HashSet<byte[]>(ByteKeyComparer.Instance);
                var indexes = new IndexWrites(context.Schema, target.Table);
                foreach (var joinRow in rows)
                {
                    if (targets.RowOf(target, joinRow) is { } row && MutationBuilder.RowKey(target.Table, row) is var key && seen.Add(key))
                    {
                        request.Mutations.Add(MutationBuilder.Mutation(target.Table, MutationOp.MutDelete, key, row, null));
                        indexes.Deleted(request, row);
                    }
                }
            }
            if (request.Mutations.Count > 0)
                await context.Engine.Writer.ApplyAsync(request, context.Ct);
            return request.Mutations.Count;
        });
        sink.Ok((ulong)deleted, 0);
    }

    // Which of the join's tables an assignment's column belongs to.
    private static int AssignedSource(ColumnRef column, List<(string Name, TableName Source, TableSchema Table)> sources)
    {
        var candidates = Enumerable.Range(0, sources.Count).Where(i =>
            (column.Table is null || string.Equals(sources[i].Name, column.Table, StringComparison.OrdinalIgnoreCase))
            && sources[i].Table.IndexOf(column.Column) >= 0).ToList();
        return candidates switch
        {
            [var only] => only,
            [] => throw Binding.BindErrors.UnknownColumn(column, "field list"),
            _ => throw SqlError.FromCode(ErrorCodes.NonUniq, $"Column '{column.Column}' in field list is ambiguous"),
        };
    }
}
