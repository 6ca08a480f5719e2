using OceanClassic.Common.Expr;
using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Cluster;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Statements.Indexes;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql.Ast;
using OceanClassic.MergeServer.Engine.Schema.Display;

namespace OceanClassic.MergeServer.Engine.Statements.Upsert;

// One upsert statement's decisions, row by row, over the rows UpsertRows read under their locks
// (semantics in UpsertExecutor), and the mutations that carry them out. `generatedValues`: the
// AUTO_INCREMENT values the statement generated, in row order; each row that had one takes the next one
// not yet taken by an inserted row.
internal sealed class UpsertRun(
    InsertStatement insert, TableSchema table, IReadOnlyList<UpsertExecutor.UpsertAssignment> assignments, StatementContext context, ulong txId,
    int[] warningEnds, ObObj[] generatedValues)
{
    private readonly UpsertRows _rows = new(context, table, txId);
    private int _inserted;
    private int _generatedTaken;

    public ulong Affected { get; private set; }

    public int Duplicates { get; private set; }

    public ulong? LastInsertId { get; private set; }

    // The AUTO_INCREMENT value generated for the first row the statement inserted (or replaced): what
    // LAST_INSERT_ID() then returns; null when every generated row was skipped or updated an existing one.
    public ulong? FirstInsertedId { get; private set; }

    private string LastUniqueKey() => IndexDisplay.KeysOf(table).Last(k => k.Unique).Name;

    private bool Referenced() =>
        context.Schema.Databases.SelectMany(context.Schema.TablesOf).Any(t => t.ForeignKeys.Any(fk =>
            string.Equals(fk.RefDatabase, table.Database, StringComparison.OrdinalIgnoreCase)
            && string.Equals(fk.RefTable, table.Name, StringComparison.OrdinalIgnoreCase)));

    public ValueTask LockAndReadAsync(IReadOnlyList<ObObj[]> rows) => _rows.LockAndReadAsync(rows);

    // `generated`: the row's AUTO_INCREMENT value was generated.
    public async ValueTask ApplyRowAsync(ObObj[] row, int index, bool generated)
    {
        var rowNumber = index + 1;
        if (generated)
            row[table.AutoIncrementIndex] = generatedValues[_generatedTaken];
        var key = MutationBuilder.RowKey(table, row);
        var collisions = _rows.Collisions(row, key, except: null);
        if (generated && (collisions.Count == 0 || insert.IsReplace))
        {
            _generatedTaken++;
            var id = row[table.AutoIncrementIndex];
            FirstInsertedId ??= id.Type == ObType.UInt ? id.UInt : (ulong)Math.Max(0, id.Int);
        }
        if (collisions.Count == 0)
        {
            _rows.Set(key, row);
            Affected++;
            return;
        }
        Duplicates++;
        if (insert.IsReplace)
        {
            // MariaDB updates the row in place when the only collision is on the table's last unique key (and
            // no FOREIGN KEY references the table): a row replaced by an identical one counts 1, not 2.
            if (collisions is [var only] && only.KeyName == LastUniqueKey() && SameRow(_rows[only.RowKey].Current!, row) && !Referenced())
            {
                Affected++;
                return;
            }
            foreach (var collision in collisions.Where(c => !ByteKeyComparer.Instance.Equals(c.RowKey, key)))
            {
                _rows.Set(collision.RowKey, null);
                Affected++;
            }
            var own = _rows[key];
            if (own.Current is not null)
            {
                own.Replaced = true;
                Affected++;
            }
            _rows.Set(key, row);
            Affected++;
            return;
        }
        if (assignments.Count == 0)
        {
            context.Warnings.Insert(warningEnds[index] + _inserted++, ErrorCodes.DuplicateEntry, DuplicateMessage(collisions[0]));
            return;
        }
        var target = collisions[0].RowKey;
        var existing = _rows[target].Current!;
        var updated = Evaluate(existing, row, rowNumber);
        if (SameRow(updated, existing))
            return;
        // The updated row must not collide with another row (its new primary key and UNIQUE values).
        await _rows.LockAndReadAsync([updated]);
        var newKey = MutationBuilder.RowKey(table, updated);
        if (_rows.Collisions(updated, newKey, except: target) is [var clash, ..])
        {
            if (!insert.Ignore)
                throw IndexWrites.DuplicateError(clash.KeyName, rowNumber, clash.Values);
            context.Warnings.Add(ErrorCodes.DuplicateEntry, DuplicateMessage(clash));
            return;
        }
        Affected += 2;
        if (!ByteKeyComparer.Instance.Equals(newKey, target))
            _rows.Set(target, null);
        _rows.Set(newKey, updated);
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
            var v = value is null ? ColumnValueConverter.WrittenDefault(schema, context.ZoneOffsetFor(schema)) ?? ObObj.Null
                : ExprEvaluator.Evaluate(value, buffer, context.Eval);
            if (setsLastInsertId && !v.IsNull)
                LastInsertId = v.IsNumeric ? (ulong)Math.Max(0m, Math.Truncate(v.ToDecimal())) : 0;
            buffer[column] = Lenient(v, schema) ? LenientColumnValues.Convert(v, table, schema, rowNumber, context.Warnings, context.ZoneOffsetFor(schema))
                : ColumnValueConverter.Convert(v, schema, rowNumber, context.ZoneOffsetFor(schema));
        }
        return buffer[..n];
    }

    // IGNORE, or a non-strict sql_mode, stores an assigned value strict mode refuses adjusted with a warning;
    // not strict, a NULL into a NOT NULL column still fails with 1048 unless the statement is a VALUES list
    // of several rows (MariaDB: an INSERT ... SELECT or one-row INSERT's update refuses it).
    private bool Lenient(ObObj value, ColumnSchema column) =>
        insert.Ignore || (context.NonStrictWrite && !(value.IsNull && !column.Nullable && (insert.Select is not null || insert.Rows.Count == 1)));

    // Each row's index rows change with it (IndexWrites); a collision names the key's place (1-based).
    // Every removal goes before every addition: the UPS checks a UNIQUE value against the rows as the
    // request's earlier mutations leave them, so a value this statement frees is freed before it is
    // taken again (REPLACE of a row colliding on a UNIQUE key, an update moving a value between rows).
    public void AddMutations(ApplyRequest request, IndexWrites indexes)
    {
        var changes = new Dictionary<byte[], List<int>>(ByteKeyComparer.Instance);
        foreach (var (key, state) in _rows.InOrder)
        {
            switch (state.Original, state.Current)
            {
                case (not null, null):
                    request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutDelete, key, state.Original, null));
                    indexes.Deleted(request, state.Original);
                    break;
                case (not null, not null) when state.Replaced:
                    indexes.Deleted(request, state.Original);
                    break;
                case (not null, not null):
                    var changed = Enumerable.Range(0, table.Columns.Count).Where(c => !StoredValueEquality.Same(state.Original[c], state.Current[c])).ToList();
                    changes[key] = changed;
                    if (changed.Count > 0)
                        indexes.Removed(request, state.Original, changed);
                    break;
            }
        }
        var place = 0;
        foreach (var (key, state) in _rows.InOrder)
        {
            place++;
            switch (state.Original, state.Current)
            {
                case (null, not null):
                    request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutInsert, key, state.Current, null));
                    indexes.BaseRowAdded(request, state.Current, place);
                    indexes.Inserted(request, state.Current, place);
                    break;
                case (not null, not null) when state.Replaced:
                    request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutReplace, key, state.Current, null));
                    indexes.Inserted(request, state.Current, place);
                    break;
                case (not null, not null) when changes[key] is { Count: > 0 } changed:
                    request.Mutations.Add(MutationBuilder.Mutation(table, MutationOp.MutUpdate, key, state.Current, changed));
                    indexes.Added(request, state.Current, changed, place);
                    break;
            }
        }
    }

    private static string DuplicateMessage(UpsertRows.Collision collision) =>
        $"Duplicate entry '{string.Join('-', collision.Values.Select(v => v.ToText() ?? "NULL"))}' for key '{collision.KeyName}'";

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
