using Google.Protobuf;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Schema;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Ddl;
using OceanClassic.MergeServer.Engine.Values;

namespace OceanClassic.MergeServer.Engine.Statements;

// `UPDATE t SET col = expr, ... WHERE <primary key = constants>` sent to the UpdateServer to evaluate
// (ApplyRequest.update, UpdateServer/Engine/UpdateEngine.EvaluatedUpdate.cs): one request instead of a
// read at a snapshot and a conditional apply in autocommit, or instead of a lock, a read and an apply in
// a transaction (txId: the UPS locks the row for it and reads the transaction's own writes too); as
// 0.4's UPS executed a plan's write part.
// Taken only where the UPS computes exactly what UpdateExecutor would, else the statement goes the
// ordinary way (TryAsync answers null):
// - the row lies in one tablet; when its baseline is not empty at its version (TableScanner.Increments'
//   rule) the row's baseline is read from a replica without increments (BaselineRowReader: MS -> CS, no
//   CS -> UPS call) and sent along with the version it was read at, and the UPS folds its increments above
//   that version over it under the row's lock (a baseline never changes; 6101 once it released them);
// - no column has an ALTER fill or cast, the table has no CHECK, foreign key or
//   ON UPDATE column, and the key columns are integers compared with integer constants;
// - strict mode, no IGNORE, ORDER BY, LIMIT, subquery, DEFAULT or key change;
// - each value is a constant, converted here to its integer or CHAR/VARCHAR/TEXT column as UpdateExecutor
//   converts it (a conversion that fails goes the ordinary way, which fails it only when a row matches), or
//   + and - over signed integer columns and integer constants into a signed integer column, which the UPS
//   stores only inside the column's range (else it answers 6104 and the ordinary run gives 1264);
// - the indexes over an assigned column have integer and text columns only (their keys are encoded at
//   the UPS from the stored cells, as IndexLayout encodes them here).
// In a transaction the request is one of its statements; as its first write it carries the BEGIN too
// (ApplyRequest.begin, SqlSession.ApplyWriteAsync), one request instead of two.
// 6104 (not evaluated: a refused value, a locked index row, a UNIQUE collision, which the ordinary run
// names as 1062) and 6101 (increments released by a merge: the locations are reloaded) leave nothing
// applied, and the statement then runs the ordinary way.
// `DELETE FROM t WHERE <primary key = constants>` goes the same way (TryDeleteAsync, delete_row): no ORDER BY,
// LIMIT or filter the key does not decide, every index of the table over integer and text columns only (the
// UPS deletes the row and its index rows, keyed from the row it folded); affected rows = the row deleted.
public static class UpsEvaluatedUpdate
{
    // (rows matched, rows changed), or null when the statement is to run the ordinary way.
    public static async ValueTask<(int Matched, int Changed)?> TryAsync(
        StatementContext context, TableSchema table, BoundExpr? where, List<(int Column, BoundExpr? Value)> assignments, bool plain)
    {
        if (!plain || context.NonStrictWrite || !context.Engine.Gateway.ReadsIncrements || !TableQualifies(table))
            return null;
        if (RowKeyOf(table, where) is not { } rowKey)
            return null;
        var update = new EvaluatedUpdate { TableId = table.TableId, Rowkey = ByteString.CopyFrom(rowKey) };
        foreach (var column in table.Columns)
            update.ColumnIds.Add((uint)column.Id);
        var assigned = new HashSet<int>();
        foreach (var (column, value) in assignments)
        {
            if (Assignment(table, column, value, context) is not { } assignment)
                return null;
            update.Assignments.Add(assignment);
            assigned.Add(column);
        }
        foreach (var layout in context.Schema.IndexLayoutsOf(table))
        {
            if (!layout.BaseColumns.Any(assigned.Contains))
                continue;
            if (!layout.BaseColumns.All(c => IsInteger(table.Columns[c]) || IsText(table.Columns[c])))
                return null;
            update.Indexes.Add(Upkeep(layout));
        }
        return await SendAsync(context, table, update, rowKey);
    }

    // Rows deleted, or null when the statement is to run the ordinary way.
    public static async ValueTask<int?> TryDeleteAsync(StatementContext context, TableSchema table, BoundExpr? where, bool plain)
    {
        if (!plain || !context.Engine.Gateway.ReadsIncrements || !TableQualifies(table))
            return null;
        if (RowKeyOf(table, where) is not { } rowKey)
            return null;
        var delete = new EvaluatedUpdate { TableId = table.TableId, Rowkey = ByteString.CopyFrom(rowKey), DeleteRow = true };
        foreach (var column in table.Columns)
            delete.ColumnIds.Add((uint)column.Id);
        foreach (var layout in context.Schema.IndexLayoutsOf(table))
        {
            if (!layout.BaseColumns.All(c => IsInteger(table.Columns[c]) || IsText(table.Columns[c])))
                return null;
            delete.Indexes.Add(Upkeep(layout));
        }
        return (await SendAsync(context, table, delete, rowKey))?.Changed;
    }

    // In the session's transaction (WritesInTransaction) the request joins it, or begins it when it is its first write.
    private static async ValueTask<(int Matched, int Changed)?> SendAsync(StatementContext context, TableSchema table, EvaluatedUpdate update, byte[] rowKey)
    {
        var tablets = await context.Engine.Locations.GetAsync(table.TableId, context.Ct);
        var clipped = TabletLocationCache.Clip(tablets, ScanRange.Point(rowKey));
        if (clipped.Count != 1)
            return null;
        var tablet = clipped[0].Tablet;
        update.MinVersion = tablet.Version;
        if (!context.Session.WritesInTransaction)
            update.LockWaitTimeoutMs = context.Session.LockWaitTimeoutMs();
        if (!tablet.EmptyBaseline)
        {
            if (await BaselineRowReader.ReadAsync(context.Engine.Gateway, table, tablet, rowKey, context.Ct) is not { } baseline)
                return null;
            update.MinVersion = baseline.Version;
            update.Baseline = baseline.Rows;
        }
        try
        {
            var response = await context.Session.ApplyWriteAsync(new ApplyRequest { Update = update }, context.Ct);
            return ((int)response.MatchedRows, (int)response.ChangedRows);
        }
        catch (SqlError e) when (e.Code is WireErrorCodes.UpdateNotEvaluated or WireErrorCodes.IncrementsReleased)
        {
            if (e.Code == WireErrorCodes.IncrementsReleased)
                context.Engine.Locations.Invalidate(table.TableId);
            return null;
        }
    }

    private static bool TableQualifies(TableSchema table)
    {
        if (RowRules.NeedsWholeRow(table) || table.ForeignKeys.Count > 0)
            return false;
        foreach (var column in table.Columns)
        {
            if (column.FillValue is not null || column.Retyped || column.OnUpdateCurrentTimestamp)
                return false;
        }
        return true;
    }

    // The row's key when the condition is exactly `key column = integer constant` for each key column.
    private static byte[]? RowKeyOf(TableSchema table, BoundExpr? where)
    {
        var parts = Conjuncts.Split(where);
        if (parts.Count != table.RowKeyColumns.Count)
            return null;
        var row = new ObObj[table.Columns.Count];
        var bound = new bool[table.Columns.Count];
        foreach (var part in parts)
        {
            if (part is not BoundBinary { Op: BinaryOp.Eq } eq)
                return null;
            var (column, literal) = eq switch
            {
                { Left: BoundColumn c, Right: BoundLiteral l } => (c.Index, l.Value),
                { Left: BoundLiteral l, Right: BoundColumn c } => (c.Index, l.Value),
                _ => (-1, ObObj.Null),
            };
            if (column < 0 || column >= row.Length || bound[column] || !table.RowKeyColumns.Contains(column)
                || !IsInteger(table.Columns[column]) || literal.Type is not (ObType.Int or ObType.UInt))
            {
                return null;
            }
            if (Converted(literal, table.Columns[column]) is not { } value)
                return null;
            row[column] = value;
            bound[column] = true;
        }
        return MutationBuilder.RowKey(table, row);
    }

    private static UpdateAssignment? Assignment(TableSchema table, int column, BoundExpr? value, StatementContext context)
    {
        var schema = table.Columns[column];
        if (value is BoundLiteral literal)
        {
            if (!IsInteger(schema) && !IsText(schema) || Converted(literal.Value, schema, context.ZoneOffsetFor(schema)) is not { } stored)
                return null;
            return new UpdateAssignment
            {
                Column = (uint)column,
                Value = ByteString.CopyFrom(ExprSerializer.Serialize(new BoundLiteral(stored))),
                Store = AssignmentStore.StoreAsIs,
                Nullable = schema.Nullable,
            };
        }
        if (value is null || !IsSignedInteger(schema) || !IntegerArithmetic(value, table))
            return null;
        var (min, max) = ColumnValueConverter.IntegerRange(schema.Type, unsigned: false);
        return new UpdateAssignment
        {
            Column = (uint)column,
            Value = ByteString.CopyFrom(ExprSerializer.Serialize(value)),
            Store = AssignmentStore.StoreSignedInt,
            Min = min,
            Max = (long)max,
            Nullable = schema.Nullable,
        };
    }

    // + and - over signed integer columns and integer constants.
    private static bool IntegerArithmetic(BoundExpr e, TableSchema table) => e switch
    {
        BoundColumn c => c.Index >= 0 && c.Index < table.Columns.Count && IsSignedInteger(table.Columns[c.Index]),
        BoundLiteral l => l.Value.Type == ObType.Int,
        BoundBinary { Op: BinaryOp.Add or BinaryOp.Sub } b => IntegerArithmetic(b.Left, table) && IntegerArithmetic(b.Right, table),
        _ => false,
    };

    private static IndexUpkeep Upkeep(IndexLayout layout)
    {
        var upkeep = new IndexUpkeep { TableId = layout.Table.TableId, ValueCount = (uint)layout.ValueCount, Unique = layout.Index.Unique };
        for (var j = 0; j < layout.BaseColumns.Length; j++)
        {
            upkeep.BaseColumns.Add((uint)layout.BaseColumns[j]);
            upkeep.IndexColumnIds.Add((uint)layout.Table.Columns[j].Id);
            upkeep.Collations.Add((uint)layout.Table.Columns[layout.Table.RowKeyColumns[j]].Collation);
        }
        return upkeep;
    }

    // The value as UpdateExecutor would store it, or null where it would raise an error.
    private static ObObj? Converted(ObObj value, ColumnSchema schema, TimeSpan utcOffset = default)
    {
        try
        {
            return ColumnValueConverter.Convert(value, schema, 1, utcOffset);
        }
        catch (SqlError)
        {
            return null;
        }
    }

    private static bool IsInteger(ColumnSchema c) => c.Type is ColumnType.TinyInt or ColumnType.SmallInt or ColumnType.MediumInt or ColumnType.Int or ColumnType.BigInt;

    private static bool IsSignedInteger(ColumnSchema c) => IsInteger(c) && !c.Unsigned;

    private static bool IsText(ColumnSchema c) => c.Type is ColumnType.Char or ColumnType.VarChar or ColumnType.Text;
}
