using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Statements;

// INSERT … ON DUPLICATE KEY UPDATE, INSERT IGNORE and REPLACE: statements whose effect depends on which
// of their rows already exist.
//
// Safety rule: the existence check and the write happen under the rows' UPS locks, in one transaction.
// The statement locks the primary keys of all its rows (MUT_LOCK, one request, which the UPS takes in key
// order, so two upserts of overlapping keys queue FIFO instead of deadlocking), then reads those rows at
// the latest committed version plus the transaction's own writes, decides per row (insert / update /
// replace / skip) and applies every mutation in one ApplyRequest of that transaction. While the locks
// are held no other writer can insert, change or delete those keys, so the decision stays true until
// commit: two sessions upserting one key each see the other's committed row, never a 1062, and no update
// is lost. Autocommit statements run in a statement transaction of their own (StatementTransaction);
// inside a session transaction the locks last until it ends. The statement is atomic either way: all
// its mutations go in one request, and a failure before it writes nothing.
//
// MySQL's affected rows: 1 per inserted row, 2 per row ON DUPLICATE KEY UPDATE changed (0 when the
// update left it as it was), 2 per row REPLACE deleted and inserted again, 0 per row IGNORE skipped
// (with warning 1062). Rows of one statement see the earlier ones (a key inserted twice is updated by
// the second).
public static class UpsertExecutor
{
    public sealed record Outcome(ulong Affected, int Duplicates, ulong? LastInsertId);

    public static bool Applies(InsertStatement insert) => insert.Ignore || insert.IsReplace || insert.OnDuplicateKeyUpdate.Count > 0;

    // `request` already carries the statement's AUTO_INCREMENT high water; `warningEnds[r]`: how many
    // warnings converting rows 0..r raised (a skipped row's 1062 goes after its own).
    public static async ValueTask<Outcome> ApplyAsync(
        InsertStatement insert, TableSchema table, List<ObObj[]> rows, int[] warningEnds, ApplyRequest request, StatementContext context)
    {
        var assignments = await BindAssignmentsAsync(insert, table, context);
        if (rows.Count == 0)
            return new Outcome(0, 0, null);
        return await StatementTransaction.RunAsync(context, commit: true, async txId =>
        {
            request.TxId = txId;
            var run = new Run(insert, table, assignments, context, txId, warningEnds);
            await run.LockAndReadAsync([.. rows.Select(r => MutationBuilder.RowKey(table, r))]);
            for (var r = 0; r < rows.Count; r++)
                await run.ApplyRowAsync(rows[r], r);
            var indexes = new IndexWrites(context.Schema, table);
            run.AddMutations(request, indexes);
            if (request.Mutations.Count > 0 || request.AutoInc.Count > 0)
                await indexes.ApplyAsync(context, request);
            return new Outcome(run.Affected, run.Duplicates, run.LastInsertId);
        });
    }

    private static async ValueTask<List<UpsertAssignment>> BindAssignmentsAsync(InsertStatement insert, TableSchema table, StatementContext context)
    {
        if (insert.OnDuplicateKeyUpdate.Count == 0)
            return [];
        var sources = new List<TableSource>();
        if (insert.Select is SelectStatement select)
        {
            foreach (var from in select.From)
                CollectSources(from, sources);
        }
        var selectTables = new List<TableSchema>();
        foreach (var source in sources)
            selectTables.Add(await context.ResolveTableAsync(source.Name));
        var scope = new UpsertScope(table, selectTables, [.. sources.Select(s => s.Alias ?? s.Name.Name)]);
        var result = new List<UpsertAssignment>(insert.OnDuplicateKeyUpdate.Count);
        foreach (var a in insert.OnDuplicateKeyUpdate)
        {
            var column = scope.Resolve(a.Column, "field list");
            // LAST_INSERT_ID(expr): the value, which LAST_INSERT_ID() then returns (the idiom that makes an
            // upsert report the existing row's id).
            var (value, setsLastInsertId) = a.Value is FunctionCall { Args.Count: 1 } f && f.Name.Equals("LAST_INSERT_ID", StringComparison.OrdinalIgnoreCase)
                ? (f.Args[0], true)
                : (a.Value, false);
            result.Add(new UpsertAssignment(column, value is DefaultValue ? null : context.Binder.Bind(value, scope, "field list"), setsLastInsertId));
        }
        return result;
    }

    private static void CollectSources(TableReference from, List<TableSource> sources)
    {
        if (from is TableSource source)
        {
            sources.Add(source);
        }
        else if (from is JoinedTable join)
        {
            CollectSources(join.Left, sources);
            CollectSources(join.Right, sources);
        }
    }

    private sealed record UpsertAssignment(int Column, BoundExpr? Value, bool SetsLastInsertId);

    // One key's row: as read under its lock (null: absent) and as the statement leaves it.
    private sealed class KeyState(ObObj[]? original)
    {
        public ObObj[]? Original { get; } = original;

        public ObObj[]? Current { get; set; } = original;

        public bool Replaced { get; set; }
    }

    private sealed class Run(
        InsertStatement insert, TableSchema table, List<UpsertAssignment> assignments, StatementContext context, ulong txId, int[] warningEnds)
    {
        private readonly Dictionary<byte[], KeyState> _keys = new(ByteKeyComparer.Instance);
        private readonly List<byte[]> _order = [];
        private int _inserted;

        public ulong Affected { get; private set; }

        public int Duplicates { get; private set; }

        public ulong? LastInsertId { get; private set; }

        public async ValueTask LockAndReadAsync(IReadOnlyList<byte[]> keys)
        {
            var fresh = keys.Where(k => !_keys.ContainsKey(k)).Distinct(ByteKeyComparer.Instance).Order(ByteKeyComparer.Instance).ToList();
            if (fresh.Count == 0)
                return;
            await RowLocker.LockAsync(context, table, fresh, shared: false, LockWait.Queue, txId);
            var all = Enumerable.Range(0, table.Columns.Count).ToList();
            var existing = await DmlRowReader.ReadAsync(context, table, null, all, new ReadSnapshot(0, txId), [.. fresh.Select(ScanRange.Point)]);
            foreach (var row in existing)
                Track(MutationBuilder.RowKey(table, row), row);
            foreach (var key in fresh)
            {
                if (!_keys.ContainsKey(key))
                    Track(key, null);
            }
        }

        public async ValueTask ApplyRowAsync(ObObj[] row, int index)
        {
            var rowNumber = index + 1;
            var key = MutationBuilder.RowKey(table, row);
            var state = _keys[key];
            if (state.Current is null)
            {
                state.Current = row;
                Affected++;
                return;
            }
            Duplicates++;
            if (insert.IsReplace)
            {
                state.Current = row;
                state.Replaced = true;
                Affected += 2;
                return;
            }
            if (assignments.Count == 0)
            {
                context.Warnings.Insert(warningEnds[index] + _inserted++, ErrorCodes.DuplicateEntry, DuplicateMessage(row));
                return;
            }
            var updated = Evaluate(state.Current, row, rowNumber);
            if (SameRow(updated, state.Current))
                return;
            Affected += 2;
            var newKey = MutationBuilder.RowKey(table, updated);
            if (ByteKeyComparer.Instance.Equals(newKey, key))
            {
                state.Current = updated;
                return;
            }
            // The update moved the row to another primary key: that key must be free.
            await LockAndReadAsync([newKey]);
            var target = _keys[newKey];
            if (target.Current is not null)
            {
                if (!insert.Ignore)
                    throw SqlError.FromCode(ErrorCodes.DuplicateEntry, DuplicateMessage(updated));
                Affected -= 2;
                context.Warnings.Add(ErrorCodes.DuplicateEntry, DuplicateMessage(updated));
                return;
            }
            state.Current = null;
            target.Current = updated;
        }

        // The ON DUPLICATE KEY UPDATE assignments over the existing row, left to right.
        private ObObj[] Evaluate(ObObj[] existing, ObObj[] proposed, int rowNumber)
        {
            var n = table.Columns.Count;
            var buffer = new ObObj[n * 2];
            existing.CopyTo(buffer, 0);
            proposed.CopyTo(buffer, n);
            foreach (var (column, value, setsLastInsertId) in assignments)
            {
                var schema = table.Columns[column];
                var v = value is null ? schema.Default ?? ObObj.Null : ExprEvaluator.Evaluate(value, buffer, context.Eval);
                if (setsLastInsertId && !v.IsNull)
                    LastInsertId = v.IsNumeric ? (ulong)Math.Max(0m, Math.Truncate(v.ToDecimal())) : 0;
                buffer[column] = insert.Ignore ? LenientColumnValues.Convert(v, table, schema, rowNumber, context.Warnings)
                    : ColumnValueConverter.Convert(v, schema, rowNumber);
            }
            return buffer[..n];
        }

        // Each row's index rows change with it (IndexWrites); a collision names the key's place (1-based).
        public void AddMutations(ApplyRequest request, IndexWrites indexes)
        {
            var place = 0;
            foreach (var key in _order)
            {
                place++;
                var state = _keys[key];
                switch (state.Original, state.Current)
                {
                    case (null, null):
                        break;
                    case (not null, null):
                        request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutDelete, key, state.Original, null));
                        indexes.Deleted(request, state.Original);
                        break;
                    case (null, not null):
                        request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutInsert, key, state.Current, null));
                        indexes.BaseRowAdded(request, state.Current, place);
                        indexes.Inserted(request, state.Current, place);
                        break;
                    case (not null, not null) when state.Replaced:
                        indexes.Deleted(request, state.Original);
                        request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutReplace, key, state.Current, null));
                        indexes.Inserted(request, state.Current, place);
                        break;
                    default:
                        var changed = Enumerable.Range(0, table.Columns.Count).Where(c => !StoredValueEquality.Same(state.Original![c], state.Current![c])).ToList();
                        if (changed.Count > 0)
                        {
                            request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutUpdate, key, state.Current, changed));
                            indexes.Updated(request, state.Original, state.Current, changed, place);
                        }
                        break;
                }
            }
        }

        private void Track(byte[] key, ObObj[]? row)
        {
            if (_keys.TryAdd(key, new KeyState(row)))
                _order.Add(key);
        }

        private string DuplicateMessage(ObObj[] row) =>
            $"Duplicate entry '{string.Join('-', table.RowKeyColumns.Select(c => row[c].ToText() ?? "NULL"))}' for key 'PRIMARY'";

        private bool SameRow(ObObj[] a, ObObj[] b)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (!StoredValueEquality.Same(a[c], b[c]))
                    return false;
            }
            return true;
        }
    }
}
