using OceanClassic.Common.Protos;
using OceanClassic.MergeServer.Sql.Ast;

namespace OceanClassic.MergeServer.Engine.Accounts;

// One account's privileges as a statement checks them: global | database | table, names compared
// case-insensitively like the schema's. An account that no longer exists (dropped while connected)
// holds nothing.
public sealed class AccountPrivileges
{
    private readonly Dictionary<string, Privilege> _databases = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Privilege> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _databasesWithTableGrants = new(StringComparer.OrdinalIgnoreCase);

    public AccountPrivileges(UserRecord? record)
    {
        Record = record;
        if (record is null)
            return;
        Global = (Privilege)record.GlobalPrivileges;
        foreach (var grant in record.DbGrants)
            _databases[grant.Database] = (Privilege)grant.Privileges;
        foreach (var grant in record.TableGrants)
        {
            _tables[TableKey(grant.Database, grant.Table)] = (Privilege)grant.Privileges;
            if (grant.Privileges != 0)
                _databasesWithTableGrants.Add(grant.Database);
        }
        // Every table privilege everywhere: statements skip the checks.
        Unrestricted = (Global & PrivilegeCatalog.DatabaseLevel) == PrivilegeCatalog.DatabaseLevel;
    }

    public static AccountPrivileges None { get; } = new(null);

    public UserRecord? Record { get; }

    public Privilege Global { get; }

    public bool Unrestricted { get; }

    public Privilege OnDatabase(string database) => Global | _databases.GetValueOrDefault(database);

    public Privilege OnTable(string database, string table) =>
        OnDatabase(database) | _tables.GetValueOrDefault(TableKey(database, table));

    // USE, SHOW DATABASES, information_schema: any privilege on the database or on a table in it.
    public bool SeesDatabase(string database) =>
        Unrestricted || (OnDatabase(database) & PrivilegeCatalog.DatabaseLevel) != 0 || _databasesWithTableGrants.Contains(database);

    public bool SeesTable(string database, string table) =>
        Unrestricted || (OnTable(database, table) & PrivilegeCatalog.TableLevel) != 0;

    private static string TableKey(string database, string table) => $"{database}\0{table}";
}
