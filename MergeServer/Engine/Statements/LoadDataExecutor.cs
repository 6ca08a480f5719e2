using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.LoadData;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements;

// LOAD DATA LOCAL INFILE: the client sends the file (ILocalInfileSource); LoadDataReader splits it; each
// line becomes a row for the column list (a @variable target sets that user variable, and SET col = expr
// runs per line over the line's columns and variables); then the rows are written as one INSERT
// (InsertExecutor.WriteRowsAsync): one ApplyRequest, atomic. As in MySQL, LOCAL makes the load IGNORE
// (the client cannot be stopped mid-file): duplicates and values strict mode refuses become warnings,
// unless REPLACE is given; a non-strict sql_mode makes values and field counts lenient too. Otherwise
// (strict REPLACE, or neither LOCAL nor IGNORE) a line with too few or too many fields is an error (1261,
// 1262) as in MariaDB, and so is a \N field for a NOT NULL column (1263); leniently those are warnings and
// the column takes its type's implicit default ('' or 0).
// Server-side LOAD DATA INFILE (without LOCAL) is refused with 1290, as by a MariaDB whose
// secure_file_priv names no directory the file is in: a MergeServer is stateless and may run on any host,
// so it reads no files of its own (README).
public static class LoadDataExecutor
{
    public static async ValueTask ExecuteAsync(LoadDataStatement load, StatementContext context, IResultSink sink)
    {
        var table = await context.ResolveTableAsync(load.Table, Privilege.Insert);
        if (!load.Local)
            throw SqlError.FromCode(ErrorCodes.OptionPreventsStatement,
                "The MariaDB server is running with the --secure-file-priv option so it cannot execute this statement");
        var bytes = context.Session.LocalInfile is { } client ? await client.ReadLocalFileAsync(load.FileName, context.Ct) : null;
        if (bytes is null)
            throw SqlError.FromCode(ErrorCodes.LocalInfileDisabled,
                "The used command is not allowed because the MariaDB server or client has disabled the local infile capability");
        var lines = new LoadDataReader(load, LosslessUtf8.GetString(bytes)).ReadAll();

        var ignore = load.Duplicates == LoadDuplicates.Ignore || (load.Local && load.Duplicates != LoadDuplicates.Replace);
        var lenient = ignore || context.NonStrictWrite;
        var shape = new InsertStatement(load.Table, SqlList<string>.Empty, SqlList<SqlList<Expr>>.Empty, null, SqlList<Assignment>.Empty,
            Ignore: ignore, IsReplace: load.Duplicates == LoadDuplicates.Replace);
        var fieldTargets = load.Targets.Count > 0
            ? [.. load.Targets.Select(t => t is ColumnRef c ? new TableScope(table, null).Resolve(c, "field list") : -1)]
            : Enumerable.Range(0, table.Columns.Count).ToArray();
        var setColumns = load.Set.Select(a => new TableScope(table, null).Resolve(a.Column, "field list")).ToArray();
        int[] insertTargets = [.. fieldTargets.Where(c => c >= 0), .. setColumns.Where(c => !fieldTargets.Contains(c))];

        var rows = new List<ObObj?[]>(lines.Count);
        var notes = new Dictionary<int, List<(int Code, string Message)>>();
        for (var r = 0; r < lines.Count; r++)
        {
            var fields = lines[r];
            var row = RowOf(load, table, fields, fieldTargets, setColumns, insertTargets, context);
            NullsIntoNotNull(table, fields, fieldTargets, insertTargets, row, r, notes, lenient);
            // MariaDB warns once for each missing field.
            for (var missing = fields.Length; missing < fieldTargets.Length; missing++)
                Note(notes, r, lenient, ErrorCodes.TooFewFields, $"Row {r + 1} doesn't contain data for all columns");
            if (fields.Length > fieldTargets.Length)
                Note(notes, r, lenient, ErrorCodes.TooManyFields, $"Row {r + 1} was truncated; it contained more data than there were input columns");
            rows.Add(row);
        }
        var outcome = await InsertExecutor.WriteRowsAsync(shape, table, insertTargets, rows, context, r =>
        {
            foreach (var (code, message) in notes.GetValueOrDefault(r) ?? [])
                context.Warnings.Add(code, message);
        });
        var deleted = shape.IsReplace ? outcome.Duplicates : 0;
        var skipped = shape.IsReplace ? 0 : outcome.Duplicates;
        sink.Ok(outcome.Affected, outcome.InsertId, $"Records: {lines.Count}  Deleted: {deleted}  Skipped: {skipped}  Warnings: {context.Warnings.Count}");
    }

    private static void Note(Dictionary<int, List<(int, string)>> notes, int row, bool lenient, int code, string message)
    {
        if (!lenient)
            throw SqlError.FromCode(code, message);
        if (!notes.TryGetValue(row, out var list))
            notes[row] = list = [];
        list.Add((code, message));
    }

    // A \N field for a NOT NULL column (not the AUTO_INCREMENT one, where NULL asks for the next id):
    // MariaDB's 1263, the column set to its type's implicit default when lenient.
    private static void NullsIntoNotNull(TableSchema table, string?[] fields, int[] fieldTargets, int[] insertTargets, ObObj?[] row, int r,
        Dictionary<int, List<(int, string)>> notes, bool lenient)
    {
        for (var i = 0; i < Math.Min(fields.Length, fieldTargets.Length); i++)
        {
            var c = fieldTargets[i];
            if (fields[i] is not null || c < 0 || table.Columns[c] is not { Nullable: false } column || c == table.AutoIncrementIndex)
                continue;
            var at = Array.IndexOf(insertTargets, c);
            if (row[at] is not { IsNull: true } || LenientColumnValues.ImplicitDefault(column) is not { } implicitValue)
                continue;
            Note(notes, r, lenient, ErrorCodes.NullToNotNull, $"Column set to default value; NULL supplied to NOT NULL column '{column.Name}' at row {r + 1}");
            row[at] = implicitValue;
        }
    }

    // The line's values for `insertTargets` (null = DEFAULT: a column the line has no field for).
    private static ObObj?[] RowOf(LoadDataStatement load, TableSchema table, string?[] fields, int[] fieldTargets, int[] setColumns,
        int[] insertTargets, StatementContext context)
    {
        var row = new ObObj[table.Columns.Count];
        var given = new bool[table.Columns.Count];
        for (var i = 0; i < fieldTargets.Length; i++)
        {
            var value = i < fields.Length ? (fields[i] is { } text ? ObObj.FromString(text) : ObObj.Null) : (ObObj?)null;
            if (fieldTargets[i] >= 0)
            {
                if (value is { } v)
                {
                    row[fieldTargets[i]] = v;
                    given[fieldTargets[i]] = true;
                }
            }
            else
            {
                context.Session.Variables.SetUser(((UserVariable)load.Targets[i]).Name, value ?? ObObj.Null);
            }
        }
        for (var s = 0; s < setColumns.Length; s++)
        {
            // Bound per line: user variables are read when an expression is bound.
            var bound = context.Binder.Bind(load.Set[s].Value, new TableScope(table, null), "field list");
            row[setColumns[s]] = ExprEvaluator.Evaluate(bound, row, context.Eval);
            given[setColumns[s]] = true;
        }
        return [.. insertTargets.Select(c => given[c] ? row[c] : (ObObj?)null)];
    }
}
