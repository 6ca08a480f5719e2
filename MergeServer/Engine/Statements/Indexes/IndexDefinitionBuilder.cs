using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Statements.Indexes;

// KEY / INDEX / UNIQUE definitions → IndexSchema, as MariaDB names and checks them: an unnamed key
// takes its first column's name (then name_2, name_3 … when that is taken or is PRIMARY); a key
// column must exist (1072) and appear once (1060); a name may not repeat (1061) or be PRIMARY (1280).
// Prefix lengths and DESC are accepted; the index orders and compares whole values ascending (so a
// TEXT/BLOB column needs no prefix length, as MariaDB 10.11 takes it too).
public static class IndexDefinitionBuilder
{
    private const int MaxKeyParts = 32;

    // The KEY/INDEX/UNIQUE definitions of a CREATE TABLE: column-level UNIQUE first, then the table's
    // constraints in order.
    public static List<IndexSchema> FromCreateTable(CreateTableStatement create, IReadOnlyList<ColumnSchema> columns)
    {
        var indexes = new List<IndexSchema>();
        foreach (var c in create.Columns.Where(c => c.Unique))
            indexes.Add(Build(new TableConstraint(TableConstraintKind.Unique, null, SqlList.From([new IndexColumn(c.Name)])), columns, indexes));
        foreach (var constraint in create.Constraints.Where(c => c.Kind is TableConstraintKind.Unique or TableConstraintKind.Index))
            indexes.Add(Build(constraint, columns, indexes));
        return indexes;
    }

    // One new index of a table that has `existing` indexes.
    public static IndexSchema Build(TableConstraint constraint, IReadOnlyList<ColumnSchema> columns, IReadOnlyList<IndexSchema> existing)
    {
        if (constraint.Columns.Count > MaxKeyParts)
            SqlError.Throw(ErrorCodes.TooManyKeyParts, $"Too many key parts specified; max {MaxKeyParts} parts allowed");
        var positions = new List<int>(constraint.Columns.Count);
        foreach (var part in constraint.Columns)
        {
            var position = IndexOf(columns, part.Name);
            if (position < 0)
                SqlError.Throw(ErrorCodes.KeyColumnDoesNotExist, $"Key column '{part.Name}' doesn't exist in table");
            if (positions.Contains(position))
                SqlError.Throw(ErrorCodes.DuplicateFieldName, $"Duplicate column name '{columns[position].Name}'");
            positions.Add(position);
        }
        var name = constraint.Name ?? UnusedName(columns[positions[0]].Name, existing);
        if (string.Equals(name, "PRIMARY", StringComparison.OrdinalIgnoreCase))
            SqlError.Throw(ErrorCodes.WrongNameForIndex, $"Incorrect index name '{name}'");
        if (existing.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)))
            SqlError.Throw(ErrorCodes.DuplicateKeyName, $"Duplicate key name '{name}'");
        return new IndexSchema(name, 0, positions, constraint.Kind == TableConstraintKind.Unique, IndexPhase.Ready);
    }

    private static string UnusedName(string first, IReadOnlyList<IndexSchema> existing)
    {
        bool Taken(string n) => string.Equals(n, "PRIMARY", StringComparison.OrdinalIgnoreCase)
            || existing.Any(i => string.Equals(i.Name, n, StringComparison.OrdinalIgnoreCase));
        if (!Taken(first))
            return first;
        for (var i = 2; ; i++)
        {
            var candidate = $"{first}_{i}";
            if (!Taken(candidate))
                return candidate;
        }
    }

    private static int IndexOf(IReadOnlyList<ColumnSchema> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }
}
