using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Schema;

// One immutable copy of the RootServer's schema; names compare case-insensitively (as MySQL on Linux
// with lower_case_table_names=1, which is what clients of this system expect). Index tables
// (IndexTables.cs) are hidden from name lookups and listings: reach them through their base table
// (Indexes, IndexLayoutOf) or by id.
public sealed class SchemaSnapshot
{
    // The database of the system views: always there, never in the RootServer's schema (SystemViews/).
    public const string InformationSchema = "information_schema";

    private readonly Dictionary<string, Dictionary<string, TableSchema>> _tables;
    private readonly Dictionary<ulong, TableSchema> _byId = [];
    private readonly Dictionary<ulong, IndexLayout> _layouts = [];
    private readonly Dictionary<ulong, IndexLayout[]> _readyLayouts = [];

    public SchemaSnapshot(ulong version, IEnumerable<string> databases, IEnumerable<TableSchema> tables, IReadOnlyList<UserRecord>? users = null)
    {
        Version = version;
        Users = users ?? [];
        _tables = new Dictionary<string, Dictionary<string, TableSchema>>(StringComparer.OrdinalIgnoreCase);
        foreach (var db in databases)
            _tables[db] = new Dictionary<string, TableSchema>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in tables)
        {
            _byId[t.TableId] = t;
            if (t.IsIndexTable)
                continue;
            if (!_tables.TryGetValue(t.Database, out var byName))
                _tables[t.Database] = byName = new Dictionary<string, TableSchema>(StringComparer.OrdinalIgnoreCase);
            byName[t.Name] = t;
        }
        foreach (var t in _byId.Values)
        {
            foreach (var index in t.Indexes)
            {
                if (_byId.TryGetValue(index.IndexTableId, out var indexTable))
                    _layouts[index.IndexTableId] = new IndexLayout(t, index, indexTable);
            }
        }
        foreach (var t in _byId.Values)
        {
            if (IndexLayoutsOf(t).Where(l => l.Index.IsReady).ToArray() is { Length: > 0 } ready)
                _readyLayouts[t.TableId] = ready;
        }
    }

    public static SchemaSnapshot Empty { get; } = new(0, [], []);

    public ulong Version { get; }

    // The MySQL accounts the RootServer holds (Accounts/AccountDirectory adds the config's bootstrap one).
    public IReadOnlyList<UserRecord> Users { get; }

    public IEnumerable<string> Databases => _tables.Keys.Order(StringComparer.Ordinal);

    public static SchemaSnapshot FromProto(SchemaResponse response) =>
        new(response.SchemaVersion, response.Databases, response.Tables.Select(SchemaConvert.FromProto), [.. response.Users]);

    public bool HasDatabase(string database) => _tables.ContainsKey(database);

    // The database's name as created (for messages and SHOW output).
    public string? CanonicalDatabase(string database) =>
        _tables.Keys.FirstOrDefault(k => string.Equals(k, database, StringComparison.OrdinalIgnoreCase));

    public TableSchema? FindTable(string database, string table) =>
        _tables.TryGetValue(database, out var byName) && byName.TryGetValue(table, out var t) ? t : null;

    public IEnumerable<TableSchema> TablesOf(string database) =>
        _tables.TryGetValue(database, out var byName) ? byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal) : [];

    // Any table by id, index tables included.
    public TableSchema? TableById(ulong tableId) => _byId.GetValueOrDefault(tableId);

    // Every index of the table with its layout (Building ones too: writers maintain those).
    public IEnumerable<IndexLayout> IndexLayoutsOf(TableSchema table)
    {
        foreach (var index in table.Indexes)
        {
            if (_layouts.TryGetValue(index.IndexTableId, out var layout))
                yield return layout;
        }
    }

    // The indexes a reader may use: Ready ones only.
    // (Listed once per snapshot: every SELECT asks.)
    public IReadOnlyList<IndexLayout> ReadyIndexLayoutsOf(TableSchema table)
    {
        if (!ReferenceEquals(_byId.GetValueOrDefault(table.TableId), table))
            return [.. IndexLayoutsOf(table).Where(l => l.Index.IsReady)];
        return _readyLayouts.TryGetValue(table.TableId, out var ready) ? ready : [];
    }

    public IndexLayout? IndexLayoutOf(TableSchema table, string indexName) =>
        IndexLayoutsOf(table).FirstOrDefault(l => string.Equals(l.Index.Name, indexName, StringComparison.OrdinalIgnoreCase));
}
