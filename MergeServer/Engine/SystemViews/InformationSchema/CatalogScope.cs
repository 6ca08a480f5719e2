using OceanClassic.Common.Types;
using OceanClassic.Common.Types.Collations;
using OceanClassic.MergeServer.Engine.Session;

namespace OceanClassic.MergeServer.Engine.SystemViews.InformationSchema;

// The part of the catalogue one information_schema read covers: every database and table the statement's
// schema holds, or only those whose names the WHERE pins (SystemViewFilter on the view's schema-name and
// table-name columns). A lookup value (`TABLE_NAME = 'x'`) names a database or table exactly, as MariaDB
// opens it by name with lower_case_table_names=0 (information_schema itself is found in any case); names of
// an IN list are looked up in each admitted database (an ASCII name through the case-insensitive lookup,
// trailing spaces dropped; another name against each table name by the collation). So a query about one
// table reads only that table's schema. Tables come database by database, by name within one; onTable
// counts each read.
public sealed class CatalogScope(StatementContext context, NamePin? schemas, NamePin? tables, Action onTable)
{
    public StatementContext Context => context;

    // The databases admitted (information_schema itself is not one: SchemaNames adds it), among those the
    // account may see.
    public IEnumerable<string> Databases => context.VisibleDatabases().Where(d => NamePin.Admits(schemas, d));

    // information_schema first, then the databases, as SCHEMATA lists them.
    public IEnumerable<string> SchemaNames =>
        NamePin.Admits(schemas, InfoColumns.Database, lookupIgnoresCase: true) ? Databases.Prepend(InfoColumns.Database) : Databases;

    public IEnumerable<TableSchema> Tables
    {
        get
        {
            foreach (var database in Databases)
            {
                foreach (var table in TablesOf(database))
                {
                    onTable();
                    yield return table;
                }
            }
        }
    }

    // Only the tables the account holds a privilege on (all of them for an account with every privilege).
    private IEnumerable<TableSchema> TablesOf(string database)
    {
        var found = tables switch
        {
            null => context.Schema.TablesOf(database),
            { Lookup: { } name } => context.Schema.FindTable(database, name) is { } t && t.Name == name && tables.Admits(name) ? [t] : [],
            { AnyOf: { } names } => names.SelectMany(name => Named(database, name)).DistinctBy(t => t.TableId).OrderBy(t => t.Name, StringComparer.Ordinal),
            _ => context.Schema.TablesOf(database),
        };
        var privileges = context.Privileges;
        return privileges.Unrestricted ? found : found.Where(t => privileges.SeesTable(t.Database, t.Name));
    }

    private IEnumerable<TableSchema> Named(string database, string name)
    {
        if (name.All(char.IsAscii))
            return context.Schema.FindTable(database, name.TrimEnd(' ')) is { } table ? [table] : [];
        return context.Schema.TablesOf(database).Where(t => Collation.Default.Equals(t.Name, name));
    }
}
