namespace OceanClassic.MergeServer.Sql.Ast;

// Privilege names as GRANT and REVOKE take them and SHOW GRANTS prints them, and which privileges each
// grant level holds (MariaDB 10.11): ALL [PRIVILEGES] means every privilege of the level, GRANT OPTION
// aside. A privilege outside its level is 1221 on a database and 1144 on a table, as MariaDB answers.
public static class PrivilegeCatalog
{
    private static readonly (Privilege Privilege, string Name)[] Names =
    [
        (Privilege.Select, "SELECT"), (Privilege.Insert, "INSERT"), (Privilege.Update, "UPDATE"), (Privilege.Delete, "DELETE"),
        (Privilege.Create, "CREATE"), (Privilege.Drop, "DROP"), (Privilege.Reload, "RELOAD"), (Privilege.Shutdown, "SHUTDOWN"),
        (Privilege.Process, "PROCESS"), (Privilege.File, "FILE"), (Privilege.GrantOption, "GRANT OPTION"),
        (Privilege.References, "REFERENCES"), (Privilege.Index, "INDEX"), (Privilege.Alter, "ALTER"),
        (Privilege.ShowDatabases, "SHOW DATABASES"), (Privilege.Super, "SUPER"),
        (Privilege.CreateTemporaryTables, "CREATE TEMPORARY TABLES"), (Privilege.LockTables, "LOCK TABLES"),
        (Privilege.Execute, "EXECUTE"), (Privilege.ReplicationSlave, "REPLICATION SLAVE"), (Privilege.BinlogMonitor, "BINLOG MONITOR"),
        (Privilege.CreateView, "CREATE VIEW"), (Privilege.ShowView, "SHOW VIEW"), (Privilege.CreateRoutine, "CREATE ROUTINE"),
        (Privilege.AlterRoutine, "ALTER ROUTINE"), (Privilege.CreateUser, "CREATE USER"), (Privilege.Event, "EVENT"),
        (Privilege.Trigger, "TRIGGER"), (Privilege.CreateTablespace, "CREATE TABLESPACE"), (Privilege.DeleteHistory, "DELETE HISTORY"),
        (Privilege.SetUser, "SET USER"), (Privilege.FederatedAdmin, "FEDERATED ADMIN"), (Privilege.ConnectionAdmin, "CONNECTION ADMIN"),
        (Privilege.ReadOnlyAdmin, "READ_ONLY ADMIN"), (Privilege.ReplicationSlaveAdmin, "REPLICATION SLAVE ADMIN"),
        (Privilege.ReplicationMasterAdmin, "REPLICATION MASTER ADMIN"), (Privilege.BinlogAdmin, "BINLOG ADMIN"),
        (Privilege.BinlogReplay, "BINLOG REPLAY"), (Privilege.SlaveMonitor, "SLAVE MONITOR"),
    ];

    // Older spellings MariaDB still accepts.
    private static readonly Dictionary<string, Privilege> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["REPLICATION CLIENT"] = Privilege.BinlogMonitor,
        ["BINLOG MONITOR"] = Privilege.BinlogMonitor,
    };

    private static readonly Dictionary<string, Privilege> ByName = BuildByName();

    public const Privilege TableLevel = Privilege.Select | Privilege.Insert | Privilege.Update | Privilege.Delete | Privilege.Create
        | Privilege.Drop | Privilege.GrantOption | Privilege.References | Privilege.Index | Privilege.Alter | Privilege.CreateView
        | Privilege.ShowView | Privilege.Trigger | Privilege.DeleteHistory;

    public const Privilege DatabaseLevel = TableLevel | Privilege.CreateTemporaryTables | Privilege.LockTables | Privilege.Execute
        | Privilege.CreateRoutine | Privilege.AlterRoutine | Privilege.Event;

    public const Privilege GlobalLevel = (Privilege)((1UL << 39) - 1);

    // What ALL [PRIVILEGES] grants at each level.
    public static Privilege AllAt(GrantLevel level) => level switch
    {
        GrantLevel.Global => GlobalLevel & ~Privilege.GrantOption,
        GrantLevel.Database => DatabaseLevel & ~Privilege.GrantOption,
        _ => TableLevel & ~Privilege.GrantOption,
    };

    public static Privilege AllowedAt(GrantLevel level) => level switch
    {
        GrantLevel.Global => GlobalLevel,
        GrantLevel.Database => DatabaseLevel,
        _ => TableLevel,
    };

    public static bool TryParse(string name, out Privilege privilege) => ByName.TryGetValue(name, out privilege);

    // "SELECT, INSERT" in SHOW GRANTS order, GRANT OPTION left out; ALL PRIVILEGES when the set holds
    // every privilege of its level; USAGE when empty.
    public static string Format(Privilege privileges, GrantLevel level)
    {
        var shown = privileges & ~Privilege.GrantOption;
        if (shown == Privilege.None)
            return "USAGE";
        if (shown == AllAt(level))
            return "ALL PRIVILEGES";
        return ListNames(shown);
    }

    // The names of a set, in order (also for the privileges a 1142 error lists).
    public static string ListNames(Privilege privileges) =>
        string.Join(", ", Names.Where(n => n.Privilege != Privilege.GrantOption && (privileges & n.Privilege) != 0).Select(n => n.Name));

    private static Dictionary<string, Privilege> BuildByName()
    {
        var byName = new Dictionary<string, Privilege>(Aliases, StringComparer.OrdinalIgnoreCase);
        foreach (var (privilege, name) in Names)
            byName[name] = privilege;
        return byName;
    }
}

public enum GrantLevel
{
    Global,
    Database,
    Table,
}
