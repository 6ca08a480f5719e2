using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Ddl;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// UPDATE t SET col=expr … WHERE …: read the matching rows, compute the new values (SET assignments run
// left to right over the row, each seeing the earlier ones, as MySQL), and send only the changed cells;
// a changed primary key becomes delete + insert. Autocommit: read at a snapshot, apply with
// expect_unchanged_since = the snapshot, redo under row locks on a write conflict (ConflictRetry). In a
// transaction: read under row locks (LockedRowReader) and apply with the tx id.
// Affected rows = rows whose values changed (MySQL's default, without CLIENT_FOUND_ROWS). UPDATE IGNORE
// stores values strict mode refuses adjusted, with warnings (LenientColumnValues). An autocommit UPDATE of
// one row by primary key (in autocommit or a transaction) may instead go to the UpdateServer to evaluate, in
// one request (UpsEvaluatedUpdate; as a transaction's first write it also carries the BEGIN).
public static class UpdateExecutor
{
    public static async ValueTask ExecuteAsync(UpdateStatement update, StatementContext context, IResultSink sink)
    {
        var table = await context.ResolveTableAsync(update.Table, Privilege.Update);
        var scope = new TableScope(table, update.Alias);
        var values = update.Assignments.Select(a => a.Value).ToList();
        if (values.SelectMany(SubqueryFolder.Find).Any())
            await SubqueryFolder.FoldAsync(values, context);
        var (where, local) = await DmlWhere.BindAsync(update.Where, scope, context);
        var assignments = new List<(int Column, BoundExpr? Value)>();
        foreach (var a in update.Assignments)
        {
            var column = scope.Resolve(a.Column, "field list");
            assignments.Add((column, a.Value is DefaultValue ? null : context.Binder.Bind(a.Value, scope, "field list")));
        }
        var order = DmlOrderLimit.Bind(update.OrderBy, scope, context);
        var limit = DmlOrderLimit.Limit(update.Limit, context);
        var keyChange = assignments.Any(a => table.RowKeyColumns.Contains(a.Column));
        var indexes = new IndexWrites(context.Schema, table);
        IReadOnlyCollection<int> needed = keyChange || RowRules.NeedsWholeRow(table) ? [.. Enumerable.Range(0, table.Columns.Count)]
            : indexes.ColumnsNeeded(scope.UsedColumns, [.. assignments.Select(a => a.Column), .. RowRules.OnUpdateColumns(table)]);

        // Rows read under their locks; no conflict check (in a transaction the client retries a 1213).
        async ValueTask<(int, int)> Locked(ulong txId)
        {
            var rows = await DmlWhere.FilterAsync(await LockedRowReader.ReadAsync(context, table, where, needed, order, limit, txId), local, context);
            return await ApplyAsync(context, table, indexes, assignments, rows, new ApplyRequest { TxId = txId }, update.Ignore);
        }

        int matched, changed;
        if (context.Session.WritesInTransaction)
        {
            (matched, changed) = await UpsEvaluatedUpdate.TryAsync(context, table, where, assignments, Plain())
                ?? await Locked(await context.Session.WriteTxIdAsync(context.Ct));
        }
        else if (await UpsEvaluatedUpdate.TryAsync(context, table, where, assignments, Plain()) is { } evaluated)
        {
            (matched, changed) = evaluated;
        }
        else
        {
            (matched, changed) = await ConflictRetry.RunAsync(context, async snapshot =>
            {
                var (rows, version) = await DmlRowReader.ReadAtSnapshotAsync(context, table, where, needed, snapshot);
                rows = DmlOrderLimit.Apply(await DmlWhere.FilterAsync(rows, local, context), order, limit, context);
                return await ApplyAsync(context, table, indexes, assignments, rows, new ApplyRequest { ExpectUnchangedSince = version }, update.Ignore);
            }, Locked);
        }
        sink.Ok((ulong)changed, 0, $"Rows matched: {matched}  Changed: {changed}  Warnings: {context.Warnings.Count}");

        // What UpsEvaluatedUpdate may take: no IGNORE, ORDER BY, LIMIT, subquery, DEFAULT or key change.
        bool Plain() => !update.Ignore && !keyChange && local is null && order.Count == 0 && limit is null
            && assignments.All(a => a.Value is not null && !BoundExprs.HasSubquery(a.Value));
    }

    private static async ValueTask<(int Matched, int Changed)> ApplyAsync(
        StatementContext context, TableSchema table, IndexWrites indexes, List<(int Column, BoundExpr? Value)> assignments, List<ObObj[]> rows,
        ApplyRequest request, bool ignore)
    {
        var changedRows = 0;
        KeyMoves? moves = null;
        for (var r = 0; r < rows.Count; r++)
        {
            var old = rows[r];
            var row = (ObObj[])old.Clone();
            var changedColumns = new SortedSet<int>();
            foreach (var (column, value) in assignments)
            {
                var schema = table.Columns[column];
                var v = value is null ? RowRules.DefaultOf(schema, context) ?? ObObj.Null
                    : BoundExprs.HasSubquery(value) ? await SubqueryRunner.EvaluateAsync(value, row, context)
                    : ExprEvaluator.Evaluate(value, row, context.Eval);
                row[column] = ignore || context.NonStrictWrite ? LenientColumnValues.Convert(v, table, schema, r + 1, context.Warnings, context.ZoneOffsetFor(schema))
                    : ColumnValueConverter.Convert(v, schema, r + 1, context.ZoneOffsetFor(schema));
                if (!StoredValueEquality.Same(row[column], old[column]))
                    changedColumns.Add(column);
                else
                    changedColumns.Remove(column);
            }
            if (changedColumns.Count == 0)
                continue;
            RowRules.StampOnUpdate(table, row, changedColumns, assignments.Select(a => a.Column), context);
            RowRules.Check(table, row, context);
            var oldKey = MutationBuilder.RowKey(table, old);
            if (changedColumns.Any(c => table.RowKeyColumns.Contains(c)))
            {
                var newKey = MutationBuilder.RowKey(table, row);
                // UPDATE IGNORE leaves a row whose new key is taken as it was (MariaDB: no warning).
                if (ignore && await (moves ??= new KeyMoves(context, table, request.TxId)).TakenAsync(newKey))
                    continue;
                moves?.Move(oldKey, newKey);
                request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutDelete, oldKey, old, null));
                request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutInsert, newKey, row, null));
                indexes.BaseRowAdded(request, row, r + 1);
                changedRows++;
            }
            else
            {
                request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutUpdate, oldKey, row, changedColumns));
                changedRows++;
            }
            indexes.Updated(request, old, row, changedColumns, r + 1);
        }
        if (request.Mutations.Count > 0)
            await indexes.ApplyAsync(context, request);
        return (rows.Count, changedRows);
    }

    // The primary keys an UPDATE IGNORE moves rows to and from, to tell whether a new key is taken: by a
    // row the statement already moved there, or by a stored row it has not moved away.
    private sealed class KeyMoves(StatementContext context, TableSchema table, ulong txId)
    {
        private readonly HashSet<byte[]> _taken = new(ByteKeyComparer.Instance);
        private readonly HashSet<byte[]> _freed = new(ByteKeyComparer.Instance);

        public async ValueTask<bool> TakenAsync(byte[] key)
        {
            if (_taken.Contains(key))
                return true;
            if (_freed.Contains(key))
                return false;
            var stored = await DmlRowReader.ReadAsync(context, table, null, table.RowKeyColumns, new ReadSnapshot(0, txId), [ScanRange.Point(key)]);
            return stored.Count > 0;
        }

        public void Move(byte[] from, byte[] to)
        {
            _taken.Remove(from);
            _freed.Add(from);
            _freed.Remove(to);
            _taken.Add(to);
        }
    }
}
