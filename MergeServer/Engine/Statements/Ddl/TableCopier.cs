using OceanClassic.Common.MySql;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Planning;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.MySql;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Execution.Select;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// CREATE TABLE ... LIKE (the source's definition under the new name: columns, key, CHECKs, FOREIGN KEYs
// and options, no rows) and CREATE TABLE ... [AS] SELECT (columns from the query: a column read straight
// from a table keeps its type, NOT NULL and default, an expression gets the type MariaDB derives for its
// result (ExprTyping: INT or BIGINT, DECIMAL(p,s), VARCHAR(n) from the operands, BINARY(0) for NULL); explicit
// column definitions come first and override same-named query columns; no PRIMARY KEY unless defined, so
// usually a hidden rowkey; the rows go in as one INSERT, and a failure drops the new table, as MariaDB).
// Also the FOREIGN KEY check (the referenced table and columns must exist: 1005) and AUTO_INCREMENT=n.
public static class TableCopier
{
    public static async ValueTask CreateLikeAsync(CreateTableStatement s, string database, StatementContext context, IResultSink sink)
    {
        var source = await context.ResolveTableAsync(s.Like!);
        var copy = source with { TableId = 0, Database = database, Name = s.Table.Name, TableVersion = 0 };
        var created = await context.Engine.Gateway.CreateTableAsync(new CreateTableRequest { Table = SchemaConvert.ToProto(copy), IfNotExists = s.IfNotExists }, context.Ct);
        if (created.Noop)
            context.Warnings.Note(ErrorCodes.TableExists, $"Table '{s.Table.Name}' already exists");
        await context.RefreshSchemaAsync();
        sink.Ok(0, 0);
    }

    public static async ValueTask CreateAsSelectAsync(CreateTableStatement s, string database, StatementContext context, IResultSink sink)
    {
        if (context.Schema.FindTable(database, s.Table.Name) is not null)
        {
            if (s.IfNotExists)
            {
                context.Warnings.Note(ErrorCodes.TableExists, $"Table '{s.Table.Name}' already exists");
                sink.Ok(0, 0);
                return;
            }
            SqlError.Throw(ErrorCodes.TableExists, $"Table '{s.Table.Name}' already exists");
        }
        var plan = await QueryPlanner.PlanAsync(s.AsSelect!, context);
        var rows = await SelectExecutor.RunAsync(plan, context);
        var table = Definition(s, database, plan.Columns, context);
        var created = await context.Engine.Gateway.CreateTableAsync(new CreateTableRequest { Table = SchemaConvert.ToProto(table) }, context.Ct);
        await context.RefreshSchemaAsync();
        table = context.Schema.FindTable(database, s.Table.Name) ?? table with { TableId = created.TableId };
        try
        {
            await InsertAsync(table, plan.Columns, rows, context);
        }
        catch (SqlError)
        {
            await context.Engine.Gateway.DropTableAsync(new DropTableRequest { Database = database, Name = s.Table.Name, IfExists = true }, context.Ct);
            await context.RefreshSchemaAsync();
            throw;
        }
        sink.Ok((ulong)rows.Count, 0, $"Records: {rows.Count}  Duplicates: 0  Warnings: 0");
    }

    // The new table: explicit columns not in the query, then the query's columns (an explicit definition of
    // the same name wins); keys, indexes and constraints resolve against that whole list.
    private static TableSchema Definition(CreateTableStatement s, string database, IReadOnlyList<ResultColumn> columns, StatementContext context)
    {
        var tableCollation = CollationNames.ForTable(s.Options);
        var keyNames = s.Columns.Where(c => c.PrimaryKey).Select(c => c.Name)
            .Concat(s.Constraints.Where(c => c.Kind == TableConstraintKind.PrimaryKey).SelectMany(c => c.Columns.Select(k => k.Name)))
            .ToList();
        var given = s.Columns.Select(c => TableDefinitionBuilder.BuildColumn(c, 0, keyNames.Contains(c.Name, StringComparer.OrdinalIgnoreCase), tableCollation, context.Eval.UtcOffset)).ToList();
        var result = new List<ColumnSchema>();
        result.AddRange(given.Where(c => !columns.Any(q => Same(q.Name, c.Name))));
        foreach (var q in columns)
        {
            if (result.Any(c => Same(c.Name, q.Name)))
                SqlError.Throw(ErrorCodes.DuplicateFieldName, $"Duplicate column name '{q.Name}'");
            result.Add(given.FirstOrDefault(c => Same(c.Name, q.Name)) ?? FromQuery(q, context));
        }
        for (var i = 0; i < result.Count; i++)
        {
            var inKey = keyNames.Contains(result[i].Name, StringComparer.OrdinalIgnoreCase);
            result[i] = result[i] with { Id = i + 1, Nullable = result[i].Nullable && !inKey };
        }
        var key = new List<int>();
        foreach (var name in keyNames)
        {
            var position = result.FindIndex(c => Same(c.Name, name));
            if (position < 0)
                SqlError.Throw(ErrorCodes.KeyColumnDoesNotExist, $"Key column '{name}' doesn't exist in table");
            key.Add(position);
        }
        var table = new TableSchema(0, database, s.Table.Name, result, key, tableCollation)
        {
            Indexes = IndexDefinitionBuilder.FromCreateTable(s, result),
            CompressMethod = TableDefinitionBuilder.CompressMethod(s.Options),
        };
        return TableOptions.Apply(TableDefinitionBuilder.WithConstraints(table, s), s.Options);
    }

    // A query column: a base table's column keeps its definition; an expression gets its result type.
    private static ColumnSchema FromQuery(ResultColumn q, StatementContext context)
    {
        // (A column under another name is recognised only when its type is the query column's.)
        if (q.Table.Length > 0 && context.Schema.FindTable(q.Database, q.Table) is { } source
            && source.VisibleColumns.FirstOrDefault(c => Same(c.Name, q.Name)) is { } column
            && ResultType.OfColumn(column) is var own && own.Type == q.Type && own.Length == q.Length && own.Decimals == q.Decimals)
            return column with { AutoIncrement = false, FillValue = null, Retyped = false, OnUpdateCurrentTimestamp = column.OnUpdateCurrentTimestamp };
        var c = new ColumnSchema(0, q.Name, ColumnType.VarChar, Nullable: !q.NotNull, Unsigned: q.Unsigned,
            TextCollation: q.BinaryCollation ? CollationId.Utf8mb4Bin : CollationId.Utf8mb4GeneralCi);
        return q.Type switch
        {
            MySqlColumnType.Tiny => c with { Type = ColumnType.TinyInt },
            MySqlColumnType.Short => c with { Type = ColumnType.SmallInt },
            MySqlColumnType.Int24 => c with { Type = ColumnType.MediumInt },
            MySqlColumnType.Long => c with { Type = ColumnType.Int },
            MySqlColumnType.LongLong => c with { Type = ColumnType.BigInt },
            MySqlColumnType.Float => Approximate(c with { Type = ColumnType.Float }, q),
            MySqlColumnType.Double => Approximate(c with { Type = ColumnType.Double }, q),
            MySqlColumnType.NewDecimal or MySqlColumnType.Decimal => c with
            {
                Type = ColumnType.Decimal,
                Scale = q.Decimals,
                Precision = Math.Max(1, (int)q.Length - (q.Decimals > 0 ? 1 : 0) - (q.Unsigned ? 0 : 1)),
            },
            MySqlColumnType.Date => c with { Type = ColumnType.Date },
            MySqlColumnType.Time => c with { Type = ColumnType.Time, Precision = q.Decimals is > 0 and <= 6 ? q.Decimals : 0 },
            MySqlColumnType.DateTime => c with { Type = ColumnType.DateTime, FractionalDigits = q.Decimals is > 0 and <= 6 ? q.Decimals : 0 },
            MySqlColumnType.Timestamp => c with { Type = ColumnType.Timestamp, FractionalDigits = q.Decimals is > 0 and <= 6 ? q.Decimals : 0 },
            MySqlColumnType.Null => c with { Type = ColumnType.Binary, Length = 0 }, // SELECT NULL: BINARY(0), as MariaDB
            MySqlColumnType.Blob or MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob => Lob(c, q),
            _ => Text(c, q),
        };
    }

    // A FLOAT / DOUBLE result with fixed decimals (ROUND(x, 1), a DOUBLE(M,D) column) declares FLOAT(M,D) /
    // DOUBLE(M,D) with its display length as M, as MariaDB does; one without is a plain FLOAT / DOUBLE.
    // (A plain one keeps the result's length as its display length, information_schema's NUMERIC_PRECISION.)
    private static ColumnSchema Approximate(ColumnSchema c, ResultColumn q) =>
        q.Decimals < 31 && q.Length is > 0 and <= 255 && q.Length >= q.Decimals ? c with { Precision = (int)q.Length, Scale = q.Decimals }
        : c with { Length = (int)Math.Min(q.Length, 255) };

    // A string result of more than 512 characters is a TEXT / BLOB, as MariaDB makes it (CONVERT_IF_BIGGER_TO_BLOB).
    private const int MaxVarcharCharsInCopy = 512;

    private static ColumnSchema Text(ColumnSchema c, ResultColumn q)
    {
        var chars = q.Binary ? (int)q.Length : (int)(q.Length / 4);
        if (chars > MaxVarcharCharsInCopy)
            return Lob(c, q);
        return c with { Type = q.Binary ? ColumnType.VarBinary : ColumnType.VarChar, Length = chars };
    }

    // TINY / plain / MEDIUM / LONG TEXT or BLOB by the result's length in bytes (IF over a TEXT column is
    // MEDIUMTEXT: its 65,535 characters take up to four bytes each), as MariaDB sizes them.
    private static ColumnSchema Lob(ColumnSchema c, ResultColumn q) => c with
    {
        Type = q.Binary ? ColumnType.Blob : ColumnType.Text,
        Length = q.Length switch
        {
            <= ColumnSchema.TinyBytes => ColumnSchema.TinyBytes,
            <= ColumnSchema.PlainBytes => ColumnSchema.PlainBytes,
            <= ColumnSchema.MediumBytes => ColumnSchema.MediumBytes,
            _ => ColumnSchema.LongBytes,
        },
    };

    private static async ValueTask InsertAsync(TableSchema table, IReadOnlyList<ResultColumn> columns, List<ObObj[]> rows, StatementContext context)
    {
        if (rows.Count == 0)
            return;
        var positions = columns.Select(q => table.IndexOf(q.Name)).ToArray();
        var request = new ApplyRequest();
        var indexes = new IndexWrites(context.Schema, table);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new ObObj[table.Columns.Count];
            var given = new bool[row.Length];
            for (var i = 0; i < positions.Length; i++)
            {
                row[positions[i]] = rows[r][i];
                given[positions[i]] = true;
            }
            for (var c = 0; c < row.Length; c++)
            {
                var column = table.Columns[c];
                if (column.Hidden)
                    row[c] = await RowRules.HiddenRowKeyAsync(table, context);
                else if (!given[c])
                    row[c] = RowRules.DefaultOf(column, context) ?? ObObj.Null;
                row[c] = ColumnValueConverter.Convert(row[c], column, r + 1, context.ZoneOffsetFor(column));
            }
            RowRules.Check(table, row, context);
            request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutInsert, row));
            if (indexes.HasIndexes)
            {
                indexes.BaseRowAdded(request, row, r + 1);
                indexes.Inserted(request, row, r + 1);
            }
        }
        request.TxId = await context.Session.WriteTxIdAsync(context.Ct);
        if (indexes.HasIndexes)
            await indexes.ApplyAsync(context, request);
        else
            await context.Engine.Writer.ApplyAsync(request, context.Ct);
    }

    // Every FOREIGN KEY must name an existing table (or this one) and its columns: 1005 otherwise, as InnoDB.
    public static ValueTask ValidateForeignKeysAsync(TableSchema table, StatementContext context)
    {
        foreach (var fk in table.ForeignKeys)
        {
            var target = Same(fk.RefTable, table.Name) && Same(fk.RefDatabase, table.Database) ? table : context.Schema.FindTable(fk.RefDatabase, fk.RefTable);
            if (target is null || fk.RefColumns.Count != fk.Columns.Count || fk.RefColumns.Any(c => target.IndexOf(c) < 0))
                SqlError.Throw(ErrorCodes.CantCreateTable, $"Can't create table `{table.Database}`.`{table.Name}` (errno: 150 \"Foreign key constraint is incorrectly formed\")");
        }
        return ValueTask.CompletedTask;
    }

    // AUTO_INCREMENT=n: ids handed out from now on are at least n (the UPS high-water mark moves to n - 1).
    public static async ValueTask RaiseAutoIncrementAsync(TableSchema table, StatementContext context)
    {
        if (table.AutoIncrementStart <= 1 || table.AutoIncrementColumn is null)
            return;
        var request = new ApplyRequest();
        request.AutoInc.Add(new AutoIncHighWater { TableId = table.TableId, Value = table.AutoIncrementStart - 1 });
        await context.Engine.Writer.ApplyAsync(request, context.Ct);
        context.Engine.AutoIncrement.ObserveExplicit(table.TableId, table.AutoIncrementStart - 1);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
