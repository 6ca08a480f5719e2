using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Statements;

// DELETE FROM t WHERE …: read the matching keys at a snapshot and delete them in one apply guarded by
// expect_unchanged_since (a row changed meanwhile → 1213 → the statement runs again).
public static class DeleteExecutor
{
    public static async ValueTask ExecuteAsync(DeleteStatement delete, StatementContext context, IResultSink sink)
    {
        var table = await context.ResolveTableAsync(delete.Table);
        var scope = new TableScope(table, null);
        var where = delete.Where is null ? null : context.Binder.Bind(delete.Where, scope, "where clause");
        var order = DmlOrderLimit.Bind(delete.OrderBy, scope, context);
        var limit = DmlOrderLimit.Limit(delete.Limit);

        var deleted = await ConflictRetry.RunAsync(context, async snapshot =>
        {
            var (rows, version) = await DmlRowReader.ReadAtSnapshotAsync(context, table, where, scope.UsedColumns, snapshot);
            rows = DmlOrderLimit.Apply(rows, order, limit, context);
            if (rows.Count == 0)
                return 0;
            var request = new ApplyRequest { ExpectUnchangedSince = version };
            foreach (var row in rows)
                request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutDelete, MutationBuilder.RowKey(table, row), row, null));
            await context.Engine.Writer.ApplyAsync(request, context.Ct);
            return rows.Count;
        });
        sink.Ok((ulong)deleted, 0);
    }
}
