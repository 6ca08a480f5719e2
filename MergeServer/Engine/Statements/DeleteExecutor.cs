using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

using OceanClassic.MergeServer.Engine.Statements.Indexes;

namespace OceanClassic.MergeServer.Engine.Statements;

// DELETE FROM t WHERE …: autocommit reads the matching keys at a snapshot and deletes them in one apply
// guarded by expect_unchanged_since (a row changed meanwhile → write conflict → the statement runs again
// under row locks, ConflictRetry). In a transaction the rows are read under their locks (LockedRowReader)
// and the delete joins the transaction. A DELETE of one row by primary key (in autocommit or a transaction)
// may instead go to the UpdateServer to evaluate, in one request (UpsEvaluatedUpdate.TryDeleteAsync).
public static class DeleteExecutor
{
    public static async ValueTask ExecuteAsync(DeleteStatement delete, StatementContext context, IResultSink sink)
    {
        var table = await context.ResolveTableAsync(delete.Table, Privilege.Delete);
        var scope = new TableScope(table, null);
        var (where, local) = await DmlWhere.BindAsync(delete.Where, scope, context);
        var order = DmlOrderLimit.Bind(delete.OrderBy, scope, context);
        var limit = DmlOrderLimit.Limit(delete.Limit, context);
        var indexes = new IndexWrites(context.Schema, table);
        var needed = indexes.ColumnsNeeded(scope.UsedColumns, null);

        async ValueTask<int> Locked(ulong txId)
        {
            var rows = await DmlWhere.FilterAsync(await LockedRowReader.ReadAsync(context, table, where, needed, order, limit, txId), local, context);
            return await ApplyAsync(context, table, indexes, rows, new ApplyRequest { TxId = txId });
        }

        // What UpsEvaluatedUpdate may take: the key alone decides the row, no ORDER BY or LIMIT.
        var plain = local is null && order.Count == 0 && limit is null;
        int deleted;
        if (context.Session.WritesInTransaction)
        {
            deleted = await UpsEvaluatedUpdate.TryDeleteAsync(context, table, where, plain) ?? await Locked(await context.Session.WriteTxIdAsync(context.Ct));
        }
        else if (await UpsEvaluatedUpdate.TryDeleteAsync(context, table, where, plain) is { } evaluated)
        {
            deleted = evaluated;
        }
        else
        {
            deleted = await ConflictRetry.RunAsync(context, async snapshot =>
            {
                var (rows, version) = await DmlRowReader.ReadAtSnapshotAsync(context, table, where, needed, snapshot);
                rows = DmlOrderLimit.Apply(await DmlWhere.FilterAsync(rows, local, context), order, limit, context);
                return await ApplyAsync(context, table, indexes, rows, new ApplyRequest { ExpectUnchangedSince = version });
            }, Locked);
        }
        sink.Ok((ulong)deleted, 0);
    }

    private static async ValueTask<int> ApplyAsync(StatementContext context, TableSchema table, IndexWrites indexes, List<ObObj[]> rows, ApplyRequest request)
    {
        if (rows.Count == 0)
            return 0;
        foreach (var row in rows)
        {
            request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutDelete, MutationBuilder.RowKey(table, row), row, null));
            indexes.Deleted(request, row);
        }
        await context.Engine.Writer.ApplyAsync(request, context.Ct);
        return rows.Count;
    }
}
