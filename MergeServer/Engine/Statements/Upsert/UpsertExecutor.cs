using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Upsert;

// INSERT … ON DUPLICATE KEY UPDATE, INSERT IGNORE and REPLACE: statements whose effect depends on which
// of their rows already exist.
//
// Safety rule: the existence check and the write happen under the rows' UPS locks, in one transaction.
// The statement locks the primary keys of all its rows and every UNIQUE value they carry (MUT_LOCK, one
// request, which the UPS takes in key order, so two upserts of overlapping keys queue FIFO instead of
// deadlocking), then reads those rows and the rows holding those values at the latest committed version
// plus the transaction's own writes (UpsertRows), decides per row (insert / update / replace / skip,
// UpsertRun) and applies every mutation in one ApplyRequest of that transaction. While the locks are
// held no other writer can insert, change or delete those rows or give a row those values, so the
// decision stays true until commit: two sessions upserting one key each see the other's committed row,
// never a 1062, and no update is lost. Autocommit statements run in a statement transaction of their
// own (StatementTransaction); inside a session transaction the locks last until it ends. The statement
// is atomic either way: all its mutations go in one request, and a failure before it writes nothing.
//
// A row collides by its primary key or by any UNIQUE index, as in MariaDB: ON DUPLICATE KEY UPDATE
// updates the row of the first colliding key (PRIMARY, then the UNIQUE keys in SHOW INDEX order),
// REPLACE deletes every colliding row and inserts, IGNORE skips the row with warning 1062 naming the
// first colliding key. MySQL's affected rows: 1 per inserted row, 2 per row ON DUPLICATE KEY UPDATE
// changed (0 when the update left it as it was), 1 per row REPLACE deleted plus 1 for its insert (1 in all
// for an identical row colliding only on the last unique key, which MariaDB updates in place), 0 per row
// IGNORE skipped. LAST_INSERT_ID() becomes the generated value of the first row inserted; a statement
// whose generated rows were all skipped or updated leaves it as it was. Rows of one statement see the earlier ones (a key inserted twice is updated by
// the second).
public static class UpsertExecutor
{
    // LastInsertId: a LAST_INSERT_ID(expr) of the ON DUPLICATE KEY UPDATE; FirstInsertedId: the generated value of the
    // first row inserted (it wins over the former, as in MariaDB).
    public sealed record Outcome(ulong Affected, int Duplicates, ulong? LastInsertId, ulong? FirstInsertedId);

    public static bool Applies(InsertStatement insert) => insert.Ignore || insert.IsReplace || insert.OnDuplicateKeyUpdate.Count > 0;

    // `request` already carries the statement's AUTO_INCREMENT high water; `warningEnds[r]`: how many
    // warnings converting rows 0..r raised (a skipped row's 1062 goes after its own); `generated[r]`:
    // row r's AUTO_INCREMENT value was generated (as in MariaDB, the statement's generated values go to
    // the rows it inserts, in order: a row updated or skipped leaves its value to the next one).
    public static async ValueTask<Outcome> ApplyAsync(
        InsertStatement insert, TableSchema table, List<ObObj[]> rows, int[] warningEnds, bool[] generated, ApplyRequest request, StatementContext context)
    {
        var assignments = await BindAssignmentsAsync(insert, table, context);
        if (rows.Count == 0)
            return new Outcome(0, 0, null, null);
        return await StatementTransaction.RunAsync(context, commit: true, async txId =>
        {
            request.TxId = txId;
            var run = new UpsertRun(insert, table, assignments, context, txId, warningEnds, GeneratedValues(table, rows, generated));
            await run.LockAndReadAsync(rows);
            for (var r = 0; r < rows.Count; r++)
                await run.ApplyRowAsync(rows[r], r, generated[r]);
            var indexes = new IndexWrites(context.Schema, table);
            run.AddMutations(request, indexes);
            if (request.Mutations.Count > 0 || request.AutoInc.Count > 0)
                await indexes.ApplyAsync(context, request);
            return new Outcome(run.Affected, run.Duplicates, run.LastInsertId, run.FirstInsertedId);
        });
    }

    private static ObObj[] GeneratedValues(TableSchema table, List<ObObj[]> rows, bool[] generated) =>
        [.. rows.Where((_, r) => generated[r]).Select(row => row[table.AutoIncrementIndex])];

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

    internal sealed record UpsertAssignment(int Column, BoundExpr? Value, bool SetsLastInsertId);
}
