using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Planning.Access;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// ALTER TABLE: the actions build the new definition (AlterTablePlan); a changed column type or NOT NULL,
// or an added CHECK, is first checked against every stored row (read at the latest version, MariaDB's
// strict-mode errors; writes keep going meanwhile, and a row written between that check and the new
// definition reaching the MergeServers is cast at read like the others); then the RootServer replaces
// the definition (its table_version guards against a concurrent ALTER). Only a conversion that loses part
// of a value (fewer fraction digits, a smaller scale) writes the converted cells back (LossyRetypeRewriter).
// Affected rows are 0, as MariaDB reports for its in-place (instant) ALTERs; a type change or an added
// CHECK reports the rows MariaDB would have copied.
public static class AlterTableExecutor
{
    public static async ValueTask ExecuteAsync(AlterTableStatement s, StatementContext context, IResultSink sink)
    {
        var table = await context.ResolveTableAsync(s.Table, Privilege.Alter);
        var indexActions = s.Actions.Where(IndexDdlExecutor.IsIndexAction).ToList();
        var rows = await AlterColumnsAsync(table, [.. s.Actions.Where(a => !IndexDdlExecutor.IsIndexAction(a) && a is not KeysAction)], context);
        // Index additions and drops of the same statement follow, on the new definition.
        if (indexActions.Count > 0)
            await IndexDdlExecutor.AlterAsync(s with { Actions = SqlList.From(indexActions) }, context, sink);
        else
            sink.Ok(rows, 0);
    }

    // The column and table actions; returns the affected rows MariaDB reports.
    private static async ValueTask<ulong> AlterColumnsAsync(TableSchema table, List<AlterTableAction> actions, StatementContext context)
    {
        if (actions.Count == 0)
            return 0;
        var plan = new AlterTablePlan(table, context);
        foreach (var action in actions)
            plan.Apply(action);
        var altered = plan.Result();
        if (plan.NewName is { } newName)
            altered = Renamed(altered, table, newName, context);
        ValidateChecks(altered, context);
        await TableCopier.ValidateForeignKeysAsync(altered, context);
        var rows = 0;
        var lossy = new LossyRows();
        if (plan.RetypedColumns.Count > 0 || plan.AddedChecks.Count > 0)
            rows = await CheckStoredRowsAsync(table, altered, plan, lossy, context);
        altered = altered with { TableVersion = table.TableVersion + 1 };
        var request = new AlterTablesRequest();
        request.Tables.Add(SchemaConvert.ToProto(altered));
        await context.Engine.Gateway.AlterTablesAsync(request, context.Ct);
        if (altered.AutoIncrementStart != table.AutoIncrementStart)
            await TableCopier.RaiseAutoIncrementAsync(altered, context);
        await context.RefreshSchemaAsync();
        await LossyRetypeRewriter.RewriteAsync(altered.TableId, lossy.ColumnIds, lossy.Keys, context);
        return plan.AddedChecks.Count > 0 || plan.RetypedColumns.Any(c => Copies(c.Old, c.New)) ? (ulong)rows : 0;
    }

    // Whether MariaDB would copy the table for this column change (it then reports every row as affected):
    // a new type, sign, precision or scale, or a shorter length; lengthening and NOT NULL are in place.
    private static bool Copies(ColumnSchema old, ColumnSchema changed) =>
        old.Type != changed.Type || old.Unsigned != changed.Unsigned || old.Precision != changed.Precision || old.Scale != changed.Scale
        || changed.Length < old.Length || old.FractionalDigits != changed.FractionalDigits || (old.IsText && old.TextCollation != changed.TextCollation);

    private static TableSchema Renamed(TableSchema altered, TableSchema table, TableName newName, StatementContext context)
    {
        var database = context.RequireDatabase(newName.Schema);
        var canonical = context.Schema.CanonicalDatabase(database) ?? throw SqlError.FromCode(ErrorCodes.BadDatabase, $"Unknown database '{database}'");
        if (context.Schema.FindTable(canonical, newName.Name) is { } other && other.TableId != table.TableId)
            SqlError.Throw(ErrorCodes.TableExists, $"Table '{newName.Name}' already exists");
        return altered with { Database = canonical, Name = newName.Name };
    }

    // Every CHECK must bind against the new columns (1054 names the column, as MariaDB does).
    public static void ValidateChecks(TableSchema table, StatementContext context)
    {
        var row = new ObObj[table.Columns.Count];
        Array.Fill(row, ObObj.Null);
        RowRules.Check(table, row, context);
    }

    // The rows whose retyped values lose part of themselves, and those columns: rewritten after the ALTER.
    private sealed class LossyRows
    {
        public HashSet<int> ColumnIds { get; } = [];

        public List<byte[]> Keys { get; } = [];
    }

    // Converts every stored value of a retyped column and evaluates the added CHECKs; the first failure is
    // the statement's error. Collects the rows a conversion loses part of. Returns the row count.
    private static async ValueTask<int> CheckStoredRowsAsync(TableSchema table, TableSchema altered, AlterTablePlan plan, LossyRows lossy,
        StatementContext context)
    {
        var oldById = plan.RetypedColumns.ToDictionary(x => x.New.Id, x => x.Old);
        var all = Enumerable.Range(0, table.Columns.Count).ToList();
        var rows = await DmlRowReader.ReadAsync(context, table, null, all, new ReadSnapshot());
        var positions = altered.Columns.Select(c => table.Columns.ToList().FindIndex(o => o.Id == c.Id)).ToArray();
        var checkOnly = altered with { Checks = plan.AddedChecks };
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new ObObj[altered.Columns.Count];
            var loses = false;
            for (var c = 0; c < row.Length; c++)
            {
                var old = positions[c] < 0 ? altered.Columns[c].FillValue ?? ObObj.Null : rows[r][positions[c]];
                if (!oldById.TryGetValue(altered.Columns[c].Id, out var oldColumn))
                {
                    row[c] = old;
                    continue;
                }
                row[c] = ConvertStored(old, altered.Columns[c], r + 1, context);
                if (positions[c] >= 0 && LossyRetypeRewriter.Loses(old, row[c], oldColumn))
                {
                    lossy.ColumnIds.Add(altered.Columns[c].Id);
                    loses = true;
                }
            }
            if (loses)
                lossy.Keys.Add(MutationBuilder.RowKey(table, rows[r]));
            RowRules.Check(checkOnly, row, context);
        }
        return rows.Count;
    }

    // A stored value in the column's new type; a NULL in a column now NOT NULL is 1265, as MariaDB says.
    private static ObObj ConvertStored(ObObj value, ColumnSchema column, int row, StatementContext context)
    {
        if (value.IsNull && !column.Nullable)
            SqlError.Throw(ErrorCodes.DataTruncated, $"Data truncated for column '{column.Name}' at row {row}");
        try
        {
            return ColumnValueConverter.Convert(value, column, row);
        }
        catch (SqlError e) when (e.Code == ErrorCodes.DataTooLong || (e.Code == ErrorCodes.TruncatedWrongValue && !column.IsText))
        {
            // An ALTER reports a string cut as 1265 and text that is no number as 1292, where an INSERT says 1406 / 1366.
            throw e.Code == ErrorCodes.DataTooLong
                ? SqlError.FromCode(ErrorCodes.DataTruncated, $"Data truncated for column '{column.Name}' at row {row}")
                : SqlError.FromCode(ErrorCodes.TruncatedWrongValueForDate, $"Truncated incorrect {column.SqlTypeName.ToUpperInvariant()} value: '{value.ToText()}'");
        }
    }
}
