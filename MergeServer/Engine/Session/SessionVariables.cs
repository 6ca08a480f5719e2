using System.Globalization;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Sql;

namespace OceanClassic.MergeServer.Engine.Session;

// System variables as clients read them on connect (@@version_comment, @@max_allowed_packet, …) plus
// whatever a session SETs. Unknown names read as error 1193, as in MySQL; SET accepts any name.
public sealed class SessionVariables
{
    private readonly Dictionary<string, ObObj> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ObObj> _user = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _setBySession = new(StringComparer.OrdinalIgnoreCase);

    public SessionVariables(EngineOptions options)
    {
        Set("version", options.ServerVersion);
        Set("version_comment", options.VersionComment);
        Set("max_allowed_packet", options.MaxAllowedPacket);
        Set("autocommit", 1);
        Set("sql_mode", "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION");
        foreach (var name in new[] { "character_set_client", "character_set_connection", "character_set_results", "character_set_server", "character_set_database" })
            Set(name, "utf8mb4");
        Set("character_set_system", "utf8");
        foreach (var name in new[] { "collation_connection", "collation_server", "collation_database" })
            Set(name, "utf8mb4_general_ci");
        Set("tx_isolation", "READ-COMMITTED");
        Set("transaction_isolation", "READ-COMMITTED");
        Set("tx_read_only", 0);
        Set("transaction_read_only", 0);
        Set("time_zone", "SYSTEM");
        Set("system_time_zone", "UTC");
        Set("lower_case_table_names", 1);
        Set("wait_timeout", 28800);
        Set("interactive_timeout", 28800);
        Set("net_write_timeout", 60);
        Set("net_read_timeout", 30);
        Set("net_buffer_length", 16384);
        Set("license", "GPL");
        Set("init_connect", "");
        Set("sql_auto_is_null", 0);
        Set("performance_schema", 0);
        Set("query_cache_size", 0);
        Set("query_cache_type", "OFF");
        Set("have_query_cache", "NO");
        Set("auto_increment_increment", 1);
        Set("auto_increment_offset", 1);
        Set("default_storage_engine", "OceanClassic");
        Set("storage_engine", "OceanClassic");
        Set("sql_select_limit", ulong.MaxValue);
        Set("max_connections", 10000);
        Set("port", 2880);
        Set("hostname", Environment.MachineName);
        Set("default_authentication_plugin", "mysql_native_password");
        Set("div_precision_increment", 4);
        Set("group_concat_max_len", 1048576);
        Set("innodb_lock_wait_timeout", 50);
        Set("lock_wait_timeout", 31536000);
        Set("protocol_version", 10);
        Set("warning_count", 0);
        Set("error_count", 0);
        Set("version_compile_os", "Linux");
        Set("version_compile_machine", "x86_64");
    }

    public IEnumerable<KeyValuePair<string, ObObj>> All => _values.OrderBy(kv => kv.Key, StringComparer.Ordinal);

    public bool TryGet(string name, out ObObj value) => _values.TryGetValue(name, out value);

    public ObObj Get(VariableScope scope, string name)
    {
        _ = scope;
        if (_values.TryGetValue(name, out var v))
            return v;
        throw SqlError.FromCode(ErrorCodes.UnknownSystemVariable, $"Unknown system variable '{name}'");
    }

    // @@autocommit, kept apart because every statement and every reply's status flags read it.
    public bool Autocommit { get; private set; }

    public void Set(string name, ObObj value) => Store(name, value);

    // A SET from the client (as opposed to a default): some settings are only passed on when given.
    public void SetBySession(string name, ObObj value)
    {
        Store(name, value);
        _setBySession.Add(name);
    }

    public bool WasSetBySession(string name) => _setBySession.Contains(name);

    public void Set(string name, string value) => Store(name, ObObj.FromString(value));

    public void Set(string name, long value) => Store(name, ObObj.FromInt(value));

    public void Set(string name, ulong value) => Store(name, ObObj.FromUInt(value));

    private void Store(string name, ObObj value)
    {
        _values[name] = value;
        if (name.Equals("autocommit", StringComparison.OrdinalIgnoreCase))
            Autocommit = ExprValues.IsTrue(value);
    }

    public ObObj GetUser(string name) => _user.TryGetValue(name, out var v) ? v : ObObj.Null;

    public void SetUser(string name, ObObj value) => _user[name] = value;

    public static string Text(ObObj v) => v.ToText() ?? "";

    public static ObObj Normalize(string name, ObObj value)
    {
        // ON/OFF/TRUE/FALSE for boolean variables read back as 1/0 (SELECT @@autocommit).
        if (value.Type == ObType.String && name.Equals("autocommit", StringComparison.OrdinalIgnoreCase))
        {
            return value.String.ToUpperInvariant() switch
            {
                "ON" or "TRUE" => ObObj.FromInt(1),
                "OFF" or "FALSE" => ObObj.FromInt(0),
                _ => ObObj.FromInt(long.TryParse(value.String, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1),
            };
        }
        return value;
    }
}
