using System.Runtime.CompilerServices;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Statements.Upsert;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;
using OceanClassic.MergeServer.Engine.Statements.Ddl;
using OceanClassic.Common.Tasks;

namespace OceanClassic.MergeServer.Engine.Statements;

// INSERT / REPLACE: every row is completed (defaults, AUTO_INCREMENT) and converted to the column types
// (INSERT IGNORE: with LenientColumnValues' warnings instead of strict-mode errors). A plain INSERT sends
// all rows to the UPS in one ApplyRequest, so the statement applies entirely or not at all, and a
// duplicate key comes back from the UPS as 1062. ON DUPLICATE KEY UPDATE, IGNORE and REPLACE must know
// which rows exist: UpsertExecutor applies those under row locks.
public static class InsertExecutor
{
    [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder))]
    public static async ValueTask ExecuteAsync(InsertStatement insert, StatementContext context, IResultSink sink)
    {
        // REPLACE also deletes, ON DUPLICATE KEY UPDATE also updates (MariaDB asks for both).
        var needed = Privilege.Insert | (insert.IsReplace ? Privilege.Delete : Privilege.None)
            | (insert.OnDuplicateKeyUpdate.Count > 0 ? Privilege.Update : Privilege.None);
        var table = await context.ResolveTableAsync(insert.Table, needed);
        var targets = TargetColumns(insert, table);
        var sourceRows = insert.Select is null ? ValueRows(insert, context) : await SelectRowsAsync(insert.Select, context, targets.Length);
        var outcome = await WriteRowsAsync(insert, table, targets, sourceRows, context);
        var info = sourceRows.Count > 1 || insert.Select is not null
            ? $"Records: {sourceRows.Count}  Duplicates: {outcome.Duplicates}  Warnings: {context.Warnings.Count}"
            : null;
        sink.Ok(outcome.Affected, outcome.InsertId, info);
    }

    public sealed record Outcome(ulong Affected, int Duplicates, ulong InsertId);

    // Writes `sourceRows` (values for `targets`, null = DEFAULT) as `insert` says (IGNORE, REPLACE, ON
    // DUPLICATE KEY UPDATE); `beforeRow(r)` runs before row r is converted (LOAD DATA's per-row warnings).
    public static async ValueTask<Outcome> WriteRowsAsync(
        InsertStatement insert, TableSchema table, int[] targets, List<ObObj?[]> sourceRows, StatementContext context, Action<int>? beforeRow = null)
    {
        var (rows, firstGenerated, maxExplicit, warningEnds, generated) = await CompleteRowsAsync(insert, table, targets, sourceRows, context, beforeRow);
        var request = new ApplyRequest();
        if (maxExplicit > 0)
        {
            request.AutoInc.Add(new AutoIncHighWater { TableId = table.TableId, Value = maxExplicit });
            context.Engine.AutoIncrement.ObserveExplicit(table.TableId, maxExplicit);
        }
        ulong affected;
        var duplicates = 0;
        var insertId = firstGenerated;
        if (UpsertExecutor.Applies(insert))
        {
            var outcome = await UpsertExecutor.ApplyAsync(insert, table, rows, warningEnds, generated, request, context);
            (affected, duplicates) = (outcome.Affected, outcome.Duplicates);
            var set = outcome.FirstInsertedId ?? outcome.LastInsertId;
            if (set is not null)
                context.Session.LastInsertId = set.Value;
            if (outcome.FirstInsertedId is not null)
                context.Eval.LastInsertIdSet = null;
            insertId = set ?? 0;
            return new Outcome(affected, duplicates, insertId);
        }
        else
        {
            var indexes = new IndexWrites(context.Schema, table);
            for (var r = 0; r < rows.Count; r++)
            {
                request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutInsert, rows[r]));
                if (indexes.HasIndexes)
                {
                    indexes.BaseRowAdded(request, rows[r], r + 1);
                    indexes.Inserted(request, rows[r], r + 1);
                }
            }
            if (request.Mutations.Count > 0)
            {
                // In a transaction the UPS locks the rows and checks for duplicates against committed data
                // plus the transaction's own writes (a first write begins the transaction: SqlSession.ApplyWriteAsync).
                if (indexes.HasIndexes)
                    await indexes.ApplyInSessionAsync(context, request);
                else
                    await context.Session.ApplyWriteAsync(request, context.Ct);
            }
            affected = (ulong)rows.Count;
        }
        if (firstGenerated != 0)
        {
            context.Session.LastInsertId = firstGenerated;
            context.Eval.LastInsertIdSet = null; // an id generated for an inserted row wins over LAST_INSERT_ID(expr)
        }
        return new Outcome(affected, duplicates, insertId);
    }

    // The rows to write, complete and converted, the first AUTO_INCREMENT id generated (0: none), the
    // largest explicit one, and per row the statement's warning count after converting it and whether its
    // AUTO_INCREMENT value was generated.
    private static async ValueTask<(List<ObObj[]> Rows, ulong FirstGenerated, ulong MaxExplicit, int[] WarningEnds, bool[] Generated)> CompleteRowsAsync(
        InsertStatement insert, TableSchema table, int[] targets, List<ObObj?[]> sourceRows, StatementContext context, Action<int>? beforeRow)
    {
        var rows = new List<ObObj[]>(sourceRows.Count);
        ulong firstGenerated = 0, maxExplicit = 0;
        var autoInc = table.AutoIncrementIndex;
        var given = new bool[table.Columns.Count];
        var warningEnds = new int[sourceRows.Count];
        var generated = new bool[sourceRows.Count];
        for (var r = 0; r < sourceRows.Count; r++)
        {
            beforeRow?.Invoke(r);
            var values = sourceRows[r];
            // `VALUES ()` without a column list (or with `()`) gives every column its default, as MariaDB.
            var rowTargets = values.Length == 0 && insert.Columns.Count == 0 ? [] : targets;
            if (values.Length != rowTargets.Length)
                SqlError.Throw(ErrorCodes.WrongValueCount, $"Column count doesn't match value count at row {r + 1}");
            var row = new ObObj[table.Columns.Count];
            Array.Clear(given);
            for (var i = 0; i < rowTargets.Length; i++)
            {
                var column = table.Columns[rowTargets[i]];
                var v = values[i];
                row[rowTargets[i]] = v ?? RowRules.DefaultOf(column, context) ?? ObObj.Null;
                given[rowTargets[i]] = v is not null || RowRules.HasDefault(column);
            }
            for (var c = 0; c < row.Length; c++)
            {
                var column = table.Columns[c];
                if (c == autoInc && (!given[c] || row[c].IsNull || IsZero(row[c])))
                {
                    var id = await context.Engine.AutoIncrement.NextAsync(table.TableId, context.Ct);
                    if (firstGenerated == 0)
                        firstGenerated = id;
                    generated[r] = true;
                    row[c] = column.Unsigned ? ObObj.FromUInt(id) : ObObj.FromInt((long)id);
                    continue;
                }
                if (column.Hidden)
                {
                    row[c] = await RowRules.HiddenRowKeyAsync(table, context);
                    continue;
                }
                if (!given[c])
                {
                    if (RowRules.DefaultOf(column, context) is { } d)
                        row[c] = d;
                    else if (column.Nullable)
                        row[c] = ObObj.Null;
                    else if ((insert.Ignore || context.NonStrictWrite) && LenientColumnValues.ImplicitDefault(column) is { } implicitValue)
                    {
                        context.Warnings.Add(ErrorCodes.NoDefault, $"Field '{column.Name}' doesn't have a default value");
                        row[c] = implicitValue;
                    }
                    else
                        SqlError.Throw(ErrorCodes.NoDefault, $"Field '{column.Name}' doesn't have a default value");
                }
                // Not strict: adjusted with a warning, but a NULL into NOT NULL of a one-row INSERT stays 1048 (MariaDB).
                var lenient = insert.Ignore || (context.NonStrictWrite && !(row[c].IsNull && !column.Nullable && insert.Select is null && insert.Rows.Count == 1));
                row[c] = lenient ? LenientColumnValues.Convert(row[c], table, column, r + 1, context.Warnings, context.ZoneOffsetFor(column))
                    : ColumnValueConverter.Convert(row[c], column, r + 1, context.ZoneOffsetFor(column));
                if (c == autoInc && !row[c].IsNull)
                    maxExplicit = Math.Max(maxExplicit, row[c].Type == ObType.UInt ? row[c].UInt : (ulong)Math.Max(0, row[c].Int));
            }
            RowRules.Check(table, row, context);
            rows.Add(row);
            warningEnds[r] = context.Warnings.Items.Count;
        }
        return (rows, firstGenerated, maxExplicit, warningEnds, generated);
    }

    public static int[] TargetColumns(InsertStatement insert, TableSchema table)
    {
        if (insert.Columns.Count == 0)
            return RowRules.VisibleColumns(table);
        var result = new int[insert.Columns.Count];
        for (var n = 0; n < result.Length; n++)
        {
            var name = insert.Columns[n];
            var index = table.IndexOf(name);
            if (index < 0)
                SqlError.Throw(ErrorCodes.BadField, $"Unknown column '{name}' in 'field list'");
            if (Array.IndexOf(result, index, 0, n) >= 0)
                SqlError.Throw(1110, $"Column '{name}' specified twice");
            result[n] = index;
        }
        return result;
    }

    // Each row's values; null = DEFAULT.
    private static List<ObObj?[]> ValueRows(InsertStatement insert, StatementContext context)
    {
        var result = new List<ObObj?[]>(insert.Rows.Count);
        foreach (var values in insert.Rows)
        {
            var row = new ObObj?[values.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = values[i] switch
                {
                    DefaultValue => null,
                    Literal l => ExprBinder.LiteralValue(l),
                    ParameterMarker p => context.Binder.Parameter(p),
                    var e => ExprEvaluator.Evaluate(context.Binder.Bind(e, EmptyScope.Instance, "field list"), [], context.Eval),
                };
            }
            result.Add(row);
        }
        return result;
    }

    private static async ValueTask<List<ObObj?[]>> SelectRowsAsync(QueryStatement select, StatementContext context, int width)
    {
        var plan = await QueryPlanner.PlanAsync(select, context);
        if (plan.Columns.Count != width)
            SqlError.Throw(ErrorCodes.WrongValueCount, "Column count doesn't match value count at row 1");
        var rows = await SelectExecutor.RunAsync(plan, context);
        return [.. rows.Select(r => Array.ConvertAll(r, v => (ObObj?)v))];
    }

    private static bool IsZero(ObObj v) => v.IsNumeric && v.ToDecimal() == 0m;
}
