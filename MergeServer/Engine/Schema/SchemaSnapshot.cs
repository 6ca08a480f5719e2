using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Schema;

// One immutable copy of the RootServer's schema; names compare case-insensitively (as MySQL on Linux
// with lower_case_table_names=1, which is what clients of this system expect).
public sealed class SchemaSnapshot
{
    private readonly Dictionary<string, Dictionary<string, TableSchema>> _tables;

    public SchemaSnapshot(ulong version, IEnumerable<string> databases, IEnumerable<TableSchema> tables)
    {
        Version = version;
        _tables = new Dictionary<string, Dictionary<string, TableSchema>>(StringComparer.OrdinalIgnoreCase);
        foreach (var db in databases)
            _tables[db] = new Dictionary<string, TableSchema>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tables)
        {
            if (!_tables.TryGetValue(t.Database, out var byName))
                _tables[t.Database] = byName = new Dictionary<string, TableSchema>(StringComparer.OrdinalIgnoreCase);
            byName[t.Name] = t;
        }
    }

    public static SchemaSnapshot Empty { get; } = new(0, [], []);

    public ulong Version { get; }

    public IEnumerable<string> Databases => _tables.Keys.Order(StringComparer.Ordinal);

    public static SchemaSnapshot FromProto(SchemaResponse response) =>
        new(response.SchemaVersion, response.Databases, response.Tables.Select(SchemaConvert.FromProto));

    public bool HasDatabase(string database) => _tables.ContainsKey(database);

    // The database's name as created (for messages and SHOW output).
    public string? CanonicalDatabase(string database) =>
        _tables.Keys.FirstOrDefault(k => string.Equals(k, database, StringComparison.OrdinalIgnoreCase));

    public TableSchema? FindTable(string database, string table) =>
        _tables.TryGetValue(database, out var byName) && byName.TryGetValue(table, out var t) ? t : null;

    public IEnumerable<TableSchema> TablesOf(string database) =>
        _tables.TryGetValue(database, out var byName) ? byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal) : [];
}
