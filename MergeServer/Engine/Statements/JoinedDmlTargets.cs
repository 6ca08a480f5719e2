using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Execution;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Statements;

// The tables a multi-table UPDATE or DELETE writes, among the tables of its join, and the join's rows.
// The join runs as a SELECT through the ordinary planner (every join strategy, pushed-down filters):
// its output is, per target table, all that table's columns (Target.Offset on), then `extra` items (an
// UPDATE's assigned values, computed over the joined row). A target row the join produces several times
// is written once, from its first join row; a target side an outer join left empty is skipped.
//
// Concurrency, as single-table UPDATE/DELETE (ConflictRetry): autocommit first runs the join at a
// snapshot and applies with expect_unchanged_since = that snapshot; a write conflict redoes the statement
// in a statement transaction: run the join, lock the target rows it found, run it again under the locks
// and apply. Inside a session transaction that locked form runs in it. The rows of the joined tables the
// statement only reads are not locked (READ COMMITTED reads them).
public sealed class JoinedDmlTargets
{
    public sealed record Target(string Name, TableSchema Table, int Offset);

    private readonly SqlList<TableReference> _from;

    private JoinedDmlTargets(SqlList<TableReference> from, List<Target> targets)
    {
        _from = from;
        Targets = targets;
        Width = targets.Sum(t => t.Table.Columns.Count);
    }

    public IReadOnlyList<Target> Targets { get; }

    // Where `extra` items start in a join row.
    public int Width { get; }

    // Every plain table of the join with the name its columns are qualified by (alias, else table name).
    public static async ValueTask<List<(string Name, TableName Source, TableSchema Table)>> SourcesAsync(
        SqlList<TableReference> from, StatementContext context)
    {
        var sources = new List<(string, TableName, TableSchema)>();
        async ValueTask Walk(TableReference reference)
        {
            switch (reference)
            {
                case TableSource t:
                    sources.Add((t.Alias ?? t.Name.Name, t.Name, await context.ResolveTableAsync(t.Name)));
                    break;
                case JoinedTable j:
                    await Walk(j.Left);
                    await Walk(j.Right);
                    break;
                default:
                    break;
            }
        }
        foreach (var reference in from)
            await Walk(reference);
        return sources;
    }

    public static JoinedDmlTargets Of(SqlList<TableReference> from, IEnumerable<(string Name, TableSchema Table)> targets)
    {
        var list = new List<Target>();
        var offset = 0;
        foreach (var (name, table) in targets)
        {
            list.Add(new Target(name, table, offset));
            offset += table.Columns.Count;
        }
        return new JoinedDmlTargets(from, list);
    }

    // The target's row in a join row, or null when the join has none there (outer join).
    public ObObj[]? RowOf(Target target, ObObj[] joinRow)
    {
        var row = joinRow[target.Offset..(target.Offset + target.Table.Columns.Count)];
        return target.Table.RowKeyColumns.All(c => row[c].IsNull) ? null : row;
    }

    // Runs `apply` over the join rows with the concurrency rule above; `apply` gets the rows and the
    // request to fill and send (ExpectUnchangedSince or TxId set).
    public async ValueTask<T> RunAsync<T>(Expr? where, IReadOnlyList<Expr> extra, StatementContext context,
        Func<StatementContext, List<ObObj[]>, Common.Protos.ApplyRequest, ValueTask<T>> apply)
    {
        async ValueTask<T> Locked(ulong txId)
        {
            var first = context.Rerun(new ReadSnapshot(0, txId));
            var found = await ReadAsync(where, extra, first);
            foreach (var target in Targets)
            {
                var keys = found.Select(r => RowOf(target, r)).OfType<ObObj[]>().Select(r => MutationBuilder.RowKey(target.Table, r))
                    .Distinct(ByteKeyComparer.Instance).Order(ByteKeyComparer.Instance).ToList();
                await RowLocker.LockAsync(first, target.Table, keys, shared: false, Common.Protos.LockWait.Queue, txId);
            }
            var locked = context.Rerun(new ReadSnapshot(0, txId));
            return await apply(locked, await ReadAsync(where, extra, locked), new Common.Protos.ApplyRequest { TxId = txId });
        }

        if (await context.Session.WriteTxIdAsync(context.Ct) != 0)
            return await StatementTransaction.RunAsync(context, commit: true, Locked);
        return await ConflictRetry.RunAsync(context, async snapshot =>
        {
            var run = context.Rerun(snapshot);
            var rows = await ReadAsync(where, extra, run);
            if (snapshot.Version == 0 && rows.Count > 0)
            {
                // No ChunkServer fixed the version: read again at an explicit one, so the check has a base.
                snapshot = new ReadSnapshot(await context.Engine.Writer.CommittedVersionAsync(context.Ct));
                run = context.Rerun(snapshot);
                rows = await ReadAsync(where, extra, run);
            }
            return await apply(run, rows, new Common.Protos.ApplyRequest { ExpectUnchangedSince = snapshot.Version });
        }, Locked);
    }

    private async ValueTask<List<ObObj[]>> ReadAsync(Expr? where, IReadOnlyList<Expr> extra, StatementContext context)
    {
        var items = new List<SelectItem>();
        foreach (var target in Targets)
        {
            foreach (var column in target.Table.Columns)
                items.Add(new SelectItem(new ColumnRef(target.Name, column.Name)));
        }
        items.AddRange(extra.Select(e => new SelectItem(e)));
        var select = new SelectStatement(false, SqlList.From(items), _from, where, SqlList<Expr>.Empty, null, SqlList<OrderByItem>.Empty, null);
        return await SelectExecutor.RunAsync(await QueryPlanner.PlanAsync(select, context), context);
    }
}
