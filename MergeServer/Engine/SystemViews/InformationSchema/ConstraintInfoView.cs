using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Schema.Display;

namespace OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;

// information_schema views of constraints, as MariaDB fills them: TABLE_CONSTRAINTS (PRIMARY KEY unless the
// rowkey is hidden, UNIQUE keys, FOREIGN KEY, CHECK), KEY_COLUMN_USAGE (primary key, unique key and foreign
// key columns, the last with what they reference), REFERENTIAL_CONSTRAINTS (one row per FOREIGN KEY; an unspecified rule reads
// RESTRICT) and CHECK_CONSTRAINTS (column-level CHECKs named after their column, LEVEL Column / Table).
public static class ConstraintInfoView
{
    private const string Catalog = "def";

    public static IEnumerable<SchemaInfoView> All() =>
    [
        new(InfoColumns.Table("KEY_COLUMN_USAGE", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "TABLE_CATALOG",
            "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "#ORDINAL_POSITION", "#POSITION_IN_UNIQUE_CONSTRAINT", "REFERENCED_TABLE_SCHEMA",
            "REFERENCED_TABLE_NAME", "REFERENCED_COLUMN_NAME"), "TABLE_SCHEMA", "TABLE_NAME",
            c => c.Tables.SelectMany(KeyColumnUsage)),
        new(InfoColumns.Table("TABLE_CONSTRAINTS", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "TABLE_SCHEMA",
            "TABLE_NAME", "CONSTRAINT_TYPE"), "TABLE_SCHEMA", "TABLE_NAME",
            c => c.Tables.SelectMany(TableConstraints)),
        new(InfoColumns.Table("REFERENTIAL_CONSTRAINTS", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME",
            "UNIQUE_CONSTRAINT_CATALOG", "UNIQUE_CONSTRAINT_SCHEMA", "UNIQUE_CONSTRAINT_NAME", "MATCH_OPTION", "UPDATE_RULE", "DELETE_RULE",
            "TABLE_NAME", "REFERENCED_TABLE_NAME"), "CONSTRAINT_SCHEMA", "TABLE_NAME",
            c => c.Tables.SelectMany(t => t.ForeignKeys.Select(fk => SchemaInfoView.Row(Catalog, t.Database, fk.Name, Catalog, fk.RefDatabase,
                "PRIMARY", "NONE", fk.OnUpdate ?? "RESTRICT", fk.OnDelete ?? "RESTRICT", t.Name, fk.RefTable)))),
        new(InfoColumns.Table("CHECK_CONSTRAINTS", "CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "TABLE_NAME", "CONSTRAINT_NAME", "LEVEL",
            "+CHECK_CLAUSE"), "CONSTRAINT_SCHEMA", "TABLE_NAME",
            c => c.Tables.SelectMany(t => t.Checks.Select(k => SchemaInfoView.Row(Catalog, t.Database, t.Name, k.Name,
                k.Column is null ? "Table" : "Column", k.Expression)))),
    ];

    // PRIMARY and the UNIQUE keys, as SHOW INDEX orders them.
    private static IEnumerable<IndexDisplay.Key> UniqueKeys(TableSchema t) => IndexDisplay.KeysOf(t).Where(k => k.Unique);

    private static IEnumerable<ObObj[]> TableConstraints(TableSchema t)
    {
        foreach (var key in UniqueKeys(t))
            yield return SchemaInfoView.Row(Catalog, t.Database, key.Name, t.Database, t.Name, key.Name == "PRIMARY" ? "PRIMARY KEY" : "UNIQUE");
        foreach (var fk in t.ForeignKeys)
            yield return SchemaInfoView.Row(Catalog, t.Database, fk.Name, t.Database, t.Name, "FOREIGN KEY");
        foreach (var check in t.Checks)
            yield return SchemaInfoView.Row(Catalog, t.Database, check.Name, t.Database, t.Name, "CHECK");
    }

    private static IEnumerable<ObObj[]> KeyColumnUsage(TableSchema t)
    {
        foreach (var key in UniqueKeys(t))
        {
            for (var i = 0; i < key.Columns.Count; i++)
                yield return SchemaInfoView.Row(Catalog, t.Database, key.Name, Catalog, t.Database, t.Name, t.Columns[key.Columns[i]].Name,
                    (long)(i + 1), null, null, null, null);
        }
        foreach (var fk in t.ForeignKeys)
        {
            for (var i = 0; i < fk.Columns.Count; i++)
                yield return SchemaInfoView.Row(Catalog, t.Database, fk.Name, Catalog, t.Database, t.Name, fk.Columns[i], (long)(i + 1),
                    (long)(i + 1), fk.RefDatabase, fk.RefTable, fk.RefColumns[i]);
        }
    }
}
