using OceanClassic.Common.Protos;
using OceanClassic.Common.Types;
using OceanClassic.RootServer.RootTable;

namespace OceanClassic.RootServer.Schema;

// The RootServer's durable state as a deterministic state machine: live DDL and log replay
// both go through Apply, so a restarted RS rebuilds exactly what it had. It holds the schema
// (databases, table definitions) and the root table (RootTable/TabletLocations.cs), whose tablets
// come and go with their tables. Epoch is the newest
// RootServer pair epoch the state holds (every entry carries its writer's; a new primary's first
// entry begins its own), and NextTableId only grows: ids come from the state the pair's winner holds.
public sealed class RsState
{
    private readonly SortedSet<string> _databases = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedDictionary<ulong, TableDef> _tables = [];
    private TabletLocations _rootTable = new();
    // MySQL accounts by AccountKey (user name exact, host pattern case-insensitive).
    private readonly SortedDictionary<string, UserRecord> _users = new(StringComparer.Ordinal);

    public ulong SchemaVersion { get; private set; } = 1;
    public ulong NextTableId { get; private set; } = TableSchema.FirstUserTableId;
    public ulong LastSeq { get; private set; }
    public ulong Epoch { get; private set; }
    public ulong RootTableVersion => _rootTable.Version;
    // The newest major freeze (ALTER SYSTEM MAJOR FREEZE): ChunkServers merge their tablets up to it.
    public ulong FrozenVersion { get; private set; }
    // Every tablet replica serves a baseline >= this: the UPS may drop increments <= it.
    public ulong ReleasedVersion { get; private set; }
    // The UPS master the RS last granted a lease and its confirmed sync set (empty before the first election).
    public UpsMasterRecord UpsMaster { get; private set; } = new();

    public IReadOnlyCollection<string> Databases => _databases;
    public IEnumerable<TableDef> Tables => _tables.Values;

    public IEnumerable<UserRecord> Users => _users.Values;

    public UserRecord? FindUser(string user, string host) => _users.GetValueOrDefault(AccountKey(user, host));

    public static string AccountKey(string user, string host) => $"{user}@{host.ToLowerInvariant()}";

    public bool HasDatabase(string name) => _databases.Contains(name);

    // Index tables (IndexTables.cs) are hidden: only the RootServer's own index DDL finds them by name.
    public TableDef? FindTable(string database, string name, bool includeIndexTables = false) =>
        _tables.Values.FirstOrDefault(t => (includeIndexTables || t.IndexOwnerTableId == 0)
            && string.Equals(t.Database, database, StringComparison.OrdinalIgnoreCase)
            && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<TabletInfo> TabletsOf(ulong tableId) => _rootTable.TabletsOf(tableId);

    public IEnumerable<TabletInfo> AllTablets => _rootTable.All;

    public void Apply(RsLogEntry entry)
    {
        if (entry.Seq != 0 && entry.Seq <= LastSeq)
            return; // already in the checkpoint
        switch (entry.OpCase)
        {
            case RsLogEntry.OpOneofCase.CreateDatabase:
                _databases.Add(entry.CreateDatabase.Name);
                break;
            case RsLogEntry.OpOneofCase.DropDatabase:
                _databases.Remove(entry.DropDatabase.Name);
                foreach (var t in _tables.Values.Where(t => string.Equals(t.Database, entry.DropDatabase.Name, StringComparison.OrdinalIgnoreCase)).ToList())
                    RemoveTable(t.TableId);
                break;
            case RsLogEntry.OpOneofCase.CreateTable:
                AddTableWithIndexes(entry.CreateTable);
                break;
            case RsLogEntry.OpOneofCase.AlterTables:
                foreach (var def in entry.AlterTables.Tables)
                    AlterTable(def);
                break;
            case RsLogEntry.OpOneofCase.TruncateTable:
                RemoveTableWithIndexes(entry.TruncateTable.OldTableId);
                AddTableWithIndexes(entry.TruncateTable.Table);
                break;
            case RsLogEntry.OpOneofCase.DropTable:
                {
                    // An index table is dropped by its hidden name (IndexTables.HiddenName); a base
                    // table takes its index tables with it.
                    var t = FindTable(entry.DropTable.Database, entry.DropTable.Name, includeIndexTables: true);
                    if (t is not null)
                        RemoveTableWithIndexes(t.TableId);
                    break;
                }
            case RsLogEntry.OpOneofCase.SetIndexes:
                SetIndexes(entry.SetIndexes);
                break;
            case RsLogEntry.OpOneofCase.SetTablet:
                _rootTable.Set(entry.SetTablet);
                break;
            case RsLogEntry.OpOneofCase.SetFrozenVersion:
                FrozenVersion = Math.Max(FrozenVersion, entry.SetFrozenVersion);
                break;
            case RsLogEntry.OpOneofCase.SplitTablet:
                _rootTable.Split(entry.SplitTablet);
                break;
            case RsLogEntry.OpOneofCase.SetUpsMaster:
                UpsMaster = entry.SetUpsMaster.Clone();
                break;
            case RsLogEntry.OpOneofCase.SetReleasedVersion:
                ReleasedVersion = Math.Max(ReleasedVersion, entry.SetReleasedVersion);
                break;
            case RsLogEntry.OpOneofCase.ChangeAccounts:
                foreach (var change in entry.ChangeAccounts.Changes)
                {
                    var key = AccountKey(change.User.User, change.User.Host);
                    if (change.Drop)
                        _users.Remove(key);
                    else
                        _users[key] = change.User;
                }
                break;
            case RsLogEntry.OpOneofCase.BeginEpoch:
                Epoch = Math.Max(Epoch, entry.BeginEpoch);
                break;
            default:
                throw new InvalidDataException($"unknown RootServer log entry {entry.OpCase}");
        }
        if (entry.SchemaVersion > SchemaVersion)
            SchemaVersion = entry.SchemaVersion;
        Epoch = Math.Max(Epoch, entry.Epoch);
        if (entry.Seq > LastSeq)
            LastSeq = entry.Seq;
    }

    // A new table starts as one tablet over the whole key range with an empty baseline. Its rows are
    // all written after the newest freeze, so the empty baseline is already that version (no merge
    // needed before the frozen increments are released).
    private void AddTable(TableDef def)
    {
        _tables[def.TableId] = def;
        NextTableId = Math.Max(NextTableId, def.TableId + 1);
        _rootTable.AddTable(def.TableId, FrozenVersion);
    }

    // The table's index list becomes exactly `change.Indexes`: index tables of new indexes are
    // created, those of indexes no longer listed are dropped, the rest (a state change) stay.
    private void SetIndexes(SetIndexes change)
    {
        if (!_tables.TryGetValue(change.TableId, out var table))
            return;
        var changed = table.Clone();
        changed.Indexes.Clear();
        changed.Indexes.AddRange(change.Indexes);
        _tables[changed.TableId] = changed;
        foreach (var gone in table.Indexes.Where(i => !change.Indexes.Any(n => n.IndexTableId == i.IndexTableId)))
            RemoveTable(gone.IndexTableId);
        foreach (var added in change.Indexes.Where(i => !_tables.ContainsKey(i.IndexTableId)))
            AddTable(IndexTables.Define(changed, added));
    }

    public TableDef? TableById(ulong tableId) => _tables.GetValueOrDefault(tableId);

    // A table's indexes are created with it, by the same entry.
    private void AddTableWithIndexes(TableDef def)
    {
        AddTable(def);
        foreach (var index in def.Indexes)
            AddTable(IndexTables.Define(def, index));
    }

    private void RemoveTableWithIndexes(ulong tableId)
    {
        foreach (var owned in _tables.Values.Where(x => x.IndexOwnerTableId == tableId).ToList())
            RemoveTable(owned.TableId);
        RemoveTable(tableId);
    }

    // ALTER / RENAME TABLE: the definition is replaced under its id, tablets unchanged; its index tables'
    // definitions follow (their column copies, database), keeping their ids and tablets.
    private void AlterTable(TableDef def)
    {
        if (!_tables.ContainsKey(def.TableId))
            return;
        _tables[def.TableId] = def;
        foreach (var index in def.Indexes)
        {
            if (_tables.ContainsKey(index.IndexTableId))
                _tables[index.IndexTableId] = IndexTables.Define(def, index);
        }
        _rootTable.TableChanged();
    }

    private void RemoveTable(ulong tableId)
    {
        _tables.Remove(tableId);
        _rootTable.RemoveTable(tableId);
    }

    public RsCheckpoint ToCheckpoint()
    {
        var cp = new RsCheckpoint
        {
            SchemaVersion = SchemaVersion, NextTableId = NextTableId, LastSeq = LastSeq, FrozenVersion = FrozenVersion,
            UpsMaster = UpsMaster.Clone(), ReleasedVersion = ReleasedVersion, Epoch = Epoch,
        };
        cp.Databases.AddRange(_databases);
        cp.Tables.AddRange(_tables.Values);
        cp.Tablets.AddRange(AllTablets);
        cp.Users.AddRange(_users.Values);
        return cp;
    }

    public static RsState FromCheckpoint(RsCheckpoint cp)
    {
        var state = new RsState
        {
            SchemaVersion = Math.Max(1, cp.SchemaVersion), NextTableId = Math.Max(TableSchema.FirstUserTableId, cp.NextTableId), LastSeq = cp.LastSeq,
            FrozenVersion = cp.FrozenVersion, UpsMaster = cp.UpsMaster?.Clone() ?? new(), ReleasedVersion = cp.ReleasedVersion,
            Epoch = cp.Epoch,
        };
        foreach (var d in cp.Databases)
            state._databases.Add(d);
        foreach (var t in cp.Tables)
            state._tables[t.TableId] = t;
        state._rootTable = TabletLocations.FromCheckpoint(cp.Tables.Select(t => t.TableId), cp.Tablets);
        foreach (var user in cp.Users)
            state._users[AccountKey(user.User, user.Host)] = user;
        return state;
    }
}
