using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Binding;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Engine.Session;
using OceanClassic.MergeServer.Engine.Values;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Ddl;

// ALTER TABLE's actions applied, in order, to a table definition, with MariaDB's errors. Online, the
// 0.4 way: no action rewrites stored rows.
// - ADD COLUMN takes a new column id (ids are never reused); rows written before read as its fill value:
//   its default when added (CURRENT_TIMESTAMP: the ALTER's time), or the type's zero for a NOT NULL column
//   without one (0, ''), as MariaDB fills existing rows.
// - DROP COLUMN removes the column from the definition: its cells stay in SSTables and the MemTable and
//   are never read again (no reader asks for the id).
// - MODIFY / CHANGE keep the column id; a changed type marks the column Retyped, so readers cast cells
//   written before (TabletScanRequest.column_casts). RetypedColumns lists them: AlterTableExecutor first
//   checks every stored value converts (MariaDB's strict-mode errors 1264, 1265, 1292, 1366).
// A primary-key change (ADD/DROP PRIMARY KEY, a key column's storage type or collation, dropping a key
// column) would rewrite every rowkey, and the same change to an indexed column every index row: 1235, not
// supported. Index column positions follow the columns (kept by id).
public sealed class AlterTablePlan
{
    private readonly List<ColumnSchema> _columns;
    private readonly List<int> _key;      // key column ids
    private readonly List<CheckConstraint> _checks;
    private readonly List<ForeignKey> _foreignKeys;
    private readonly List<(IndexSchema Index, List<int> ColumnIds)> _indexes;
    private readonly StatementContext _context;
    private TableSchema _table;
    private int _nextId;

    public AlterTablePlan(TableSchema table, StatementContext context)
    {
        _table = table;
        _context = context;
        _columns = [.. table.Columns];
        _key = [.. table.RowKeyColumns.Select(i => table.Columns[i].Id)];
        _checks = [.. table.Checks];
        _foreignKeys = [.. table.ForeignKeys];
        _indexes = [.. table.Indexes.Select(i => (i, i.Columns.Select(c => table.Columns[c].Id).ToList()))];
        _nextId = table.ColumnIdAfterLast;
    }

    // Columns whose type changed, as (old, new): their stored values must convert.
    public List<(ColumnSchema Old, ColumnSchema New)> RetypedColumns { get; } = [];

    // CHECKs added: existing rows must satisfy them.
    public List<CheckConstraint> AddedChecks { get; } = [];

    public TableName? NewName { get; private set; }

    public void Apply(AlterTableAction action)
    {
        switch (action)
        {
            case AddColumnAction a:
                AddColumn(a.Column, a.Position);
                break;
            case DropColumnAction d:
                DropColumn(d);
                break;
            case ModifyColumnAction m:
                ModifyColumn(m);
                break;
            case RenameColumnAction r:
                RenameColumn(r.OldName, r.NewName);
                break;
            case AlterDefaultAction a:
                AlterDefault(a);
                break;
            case RenameTableAction r:
                NewName = r.NewName;
                break;
            case TableOptionsAction o:
                _table = TableOptions.Apply(_table, o.Options, altering: true);
                break;
            case AddConstraintAction { Constraint.Kind: TableConstraintKind.Check } c:
                {
                    var check = TableDefinitionBuilder.NewCheck(c.Constraint, _checks);
                    _checks.Add(check);
                    AddedChecks.Add(check);
                    break;
                }
            case AddConstraintAction { Constraint.Kind: TableConstraintKind.ForeignKey } c:
                _foreignKeys.Add(TableDefinitionBuilder.NewForeignKey(Result(), c.Constraint, NextForeignKeyOrdinal()));
                break;
            case AddConstraintAction { Constraint.Kind: TableConstraintKind.PrimaryKey }:
                if (!_table.HiddenRowKey)
                    SqlError.Throw(ErrorCodes.MultiplePrimaryKey, "Multiple primary key defined");
                throw BindErrors.NotSupported("ALTER TABLE ADD PRIMARY KEY (it rewrites every rowkey)");
            case DropConstraintAction d:
                DropConstraint(d);
                break;
        }
    }

    public TableSchema Result()
    {
        var key = _key.Select(id => _columns.FindIndex(c => c.Id == id)).ToList();
        return _table with
        {
            Columns = [.. _columns],
            RowKeyColumns = key,
            Checks = [.. _checks],
            ForeignKeys = [.. _foreignKeys],
            Indexes = [.. _indexes.Select(x => x.Index with { Columns = [.. x.ColumnIds.Select(id => _columns.FindIndex(c => c.Id == id))] })],
            NextColumnId = _nextId,
        };
    }

    private int IndexOf(string name) => _columns.FindIndex(c => !c.Hidden && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    private int Require(string name)
    {
        var i = IndexOf(name);
        if (i < 0)
            SqlError.Throw(ErrorCodes.BadField, $"Unknown column '{name}' in '{_table.Name}'");
        return i;
    }

    private void AddColumn(ColumnDefinition def, ColumnPosition? position)
    {
        if (IndexOf(def.Name) >= 0)
            SqlError.Throw(ErrorCodes.DuplicateFieldName, $"Duplicate column name '{def.Name}'");
        if (def.PrimaryKey)
        {
            if (!_table.HiddenRowKey)
                SqlError.Throw(ErrorCodes.MultiplePrimaryKey, "Multiple primary key defined");
            throw BindErrors.NotSupported("ALTER TABLE ADD COLUMN ... PRIMARY KEY (it rewrites every rowkey)");
        }
        if (def.AutoIncrement)
            SqlError.Throw(ErrorCodes.WrongAutoKey, "Incorrect table definition; there can be only one auto column and it must be defined as a key");
        var column = TableDefinitionBuilder.BuildColumn(def, _nextId++, inKey: false, _table.DefaultCollation, _context.Eval.UtcOffset);
        column = column with { FillValue = FillFor(column) };
        Insert(column, position, defaultAt: VisibleEnd());
        if (def.Check is not null)
            AddColumnCheck(def);
    }

    private ObObj? FillFor(ColumnSchema column)
    {
        if (RowRules.StoredDefaultOf(column, _context) is { } value)
            return value.IsNull ? null : value;
        if (column.Nullable)
            return null;
        return column.StorageType switch
        {
            ObType.Int => ObObj.FromInt(0),
            ObType.UInt => ObObj.FromUInt(0),
            ObType.Decimal => ObObj.FromDecimal(0m),
            ObType.Double => ObObj.FromDouble(0),
            ObType.String => ObObj.FromString(""),
            ObType.Binary => ObObj.FromBinary([]),
            ObType.Bool => ObObj.FromBool(false),
            _ => null,
        };
    }

    private void AddColumnCheck(ColumnDefinition def)
    {
        var check = new CheckConstraint(def.Name, TableDefinitionBuilder.CheckText(def.Check!), def.Name);
        _checks.Add(check);
        AddedChecks.Add(check);
    }

    private int VisibleEnd()
    {
        var hidden = _columns.FindIndex(c => c.Hidden);
        return hidden < 0 ? _columns.Count : hidden;
    }

    private void Insert(ColumnSchema column, ColumnPosition? position, int defaultAt)
    {
        var at = position is null ? defaultAt : position.After is null ? 0 : Require(position.After) + 1;
        _columns.Insert(at, column);
    }

    private void DropColumn(DropColumnAction d)
    {
        var i = IndexOf(d.Name);
        if (i < 0)
        {
            var message = $"Can't DROP COLUMN `{d.Name}`; check that it exists";
            if (!d.IfExists)
                SqlError.Throw(ErrorCodes.CantDropFieldOrKey, message);
            _context.Warnings.Note(ErrorCodes.CantDropFieldOrKey, message); // IF EXISTS: a note, as MariaDB
            return;
        }
        if (_columns.Count(c => !c.Hidden) == 1)
            SqlError.Throw(ErrorCodes.CantRemoveAllFields, "You can't delete all columns with ALTER TABLE; use DROP TABLE instead");
        if (_key.Contains(_columns[i].Id))
            throw BindErrors.NotSupported("ALTER TABLE DROP COLUMN of a primary key column (it rewrites every rowkey)");
        if (IndexedBy(_columns[i].Id) is { } index)
            throw BindErrors.NotSupported($"ALTER TABLE DROP COLUMN of a column of index '{index}' (drop the index first)");
        var name = _columns[i].Name;
        _columns.RemoveAt(i);
        _checks.RemoveAll(c => string.Equals(c.Column, name, StringComparison.OrdinalIgnoreCase));
    }

    private void ModifyColumn(ModifyColumnAction m)
    {
        var i = Require(m.OldName ?? m.Column.Name);
        var old = _columns[i];
        var other = IndexOf(m.Column.Name);
        if (other >= 0 && other != i)
            SqlError.Throw(ErrorCodes.DuplicateFieldName, $"Duplicate column name '{m.Column.Name}'");
        var inKey = _key.Contains(old.Id);
        var column = TableDefinitionBuilder.BuildColumn(m.Column, old.Id, inKey, _table.DefaultCollation, _context.Eval.UtcOffset);
        if (column.AutoIncrement && !(inKey && _key.Count >= 1 && _key[0] == old.Id))
            SqlError.Throw(ErrorCodes.WrongAutoKey, "Incorrect table definition; there can be only one auto column and it must be defined as a key");
        var retyped = TypeChanged(old, column);
        if (inKey && (old.StorageType != column.StorageType || old.Collation != column.Collation))
            throw BindErrors.NotSupported("ALTER TABLE changing the type of a primary key column (it rewrites every rowkey)");
        if ((old.StorageType != column.StorageType || old.Collation != column.Collation) && IndexedBy(old.Id) is { } index)
            throw BindErrors.NotSupported($"ALTER TABLE changing the type of a column of index '{index}' (drop the index first)");
        if (retyped || (old.Nullable && !column.Nullable))
            RetypedColumns.Add((old, column));
        column = column with
        {
            Retyped = old.Retyped || retyped,
            FillValue = old.FillValue is { } fill ? ColumnValueConverter.Convert(fill, column with { Nullable = true }, 1) : null,
        };
        _columns.RemoveAt(i);
        if (m.Position is null)
            _columns.Insert(i, column);
        else
            Insert(column, m.Position, i);
        if (!string.Equals(old.Name, column.Name, StringComparison.Ordinal))
            RenameReferences(old.Name, column.Name);
        if (m.Column.Check is not null)
            AddColumnCheck(m.Column);
    }

    private static bool TypeChanged(ColumnSchema a, ColumnSchema b) =>
        a.Type != b.Type || a.Length != b.Length || a.Precision != b.Precision || a.Scale != b.Scale || a.Unsigned != b.Unsigned
        || a.FractionalDigits != b.FractionalDigits || (a.IsText && a.TextCollation != b.TextCollation);

    private void RenameColumn(string oldName, string newName)
    {
        var i = Require(oldName);
        var other = IndexOf(newName);
        if (other >= 0 && other != i)
            SqlError.Throw(ErrorCodes.DuplicateFieldName, $"Duplicate column name '{newName}'");
        var old = _columns[i].Name;
        _columns[i] = _columns[i] with { Name = newName };
        RenameReferences(old, newName);
    }

    // Column-level CHECKs and FOREIGN KEY columns follow a renamed column.
    private void RenameReferences(string oldName, string newName)
    {
        for (var c = 0; c < _checks.Count; c++)
        {
            if (string.Equals(_checks[c].Column, oldName, StringComparison.OrdinalIgnoreCase))
                _checks[c] = _checks[c] with { Column = newName, Name = newName };
        }
        for (var f = 0; f < _foreignKeys.Count; f++)
        {
            var fk = _foreignKeys[f];
            if (fk.Columns.Any(c => string.Equals(c, oldName, StringComparison.OrdinalIgnoreCase)))
            {
                _foreignKeys[f] = fk with
                {
                    Columns = [.. fk.Columns.Select(c => string.Equals(c, oldName, StringComparison.OrdinalIgnoreCase) ? newName : c)],
                };
            }
        }
    }

    private void AlterDefault(AlterDefaultAction a)
    {
        var i = Require(a.Column);
        var column = _columns[i];
        if (a.Default is null)
        {
            _columns[i] = column with { Default = null, DefaultFunction = null };
            return;
        }
        var def = new ColumnDefinition(column.Name, new SqlDataType(SqlTypeKind.Int), column.Nullable, a.Default);
        var typed = TableDefinitionBuilder.DefaultFor(def, column, _context.Eval.UtcOffset);
        _columns[i] = typed;
    }

    private void DropConstraint(DropConstraintAction d)
    {
        if (d.Kind == DropConstraintKind.PrimaryKey)
            throw BindErrors.NotSupported("ALTER TABLE DROP PRIMARY KEY (it rewrites every rowkey)");
        var removed = 0;
        if (d.Kind is DropConstraintKind.Check or DropConstraintKind.Constraint)
            removed += _checks.RemoveAll(c => string.Equals(c.Name, d.Name, StringComparison.OrdinalIgnoreCase));
        if (d.Kind is DropConstraintKind.ForeignKey or DropConstraintKind.Constraint && removed == 0)
            removed += _foreignKeys.RemoveAll(f => string.Equals(f.Name, d.Name, StringComparison.OrdinalIgnoreCase));
        if (removed == 0)
        {
            var what = d.Kind switch { DropConstraintKind.ForeignKey => "FOREIGN KEY", DropConstraintKind.Check => "CHECK", _ => "CONSTRAINT" };
            var message = $"Can't DROP {what} `{d.Name}`; check that it exists";
            if (!d.IfExists)
                SqlError.Throw(ErrorCodes.CantDropFieldOrKey, message);
            _context.Warnings.Note(ErrorCodes.CantDropFieldOrKey, message);
        }
    }

    private string? IndexedBy(int columnId) => _indexes.FirstOrDefault(x => x.ColumnIds.Contains(columnId)).Index?.Name;

    private int NextForeignKeyOrdinal()
    {
        var n = 1;
        while (_foreignKeys.Any(f => string.Equals(f.Name, $"{_table.Name}_ibfk_{n}", StringComparison.OrdinalIgnoreCase)))
            n++;
        return n;
    }
}
