using OceanClassic.Common.Types;

namespace OceanClassic.MergeServer.Engine.Session;

// The system variables this server knows, with their defaults: what mysqldump / mariadb-dump, the
// stock client and the common drivers (Connector/J, MySqlConnector, SQLAlchemy, knex, sequelize)
// read or set. Values are MariaDB 10.11's unless this design differs (READ-COMMITTED isolation, the
// utf8mb4-only character sets, the OceanClassic engine). Boolean variables read as 1/0 and are shown
// ON/OFF by SHOW VARIABLES; read-only ones refuse SET with 1238 (as MariaDB does).
public static class SystemVariableCatalog
{
    public enum Kind
    {
        Text,
        Integer,
        Boolean,
        Isolation,
    }

    public sealed record Definition(string Name, ObObj Default, Kind Kind, bool ReadOnly);

    public const string DefaultSqlMode = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";

    public static IEnumerable<Definition> All => Definitions.Values;

    public static Definition? Find(string name) => Definitions.GetValueOrDefault(name);

    // Settings a SET may change (session scope).
    private static readonly (string Name, object Value)[] Settable =
    [
        ("sql_mode", DefaultSqlMode), ("time_zone", "SYSTEM"), ("sql_select_limit", ulong.MaxValue),
        ("character_set_client", "utf8mb4"), ("character_set_connection", "utf8mb4"), ("character_set_results", "utf8mb4"),
        ("character_set_server", "utf8mb4"), ("character_set_database", "utf8mb4"), ("character_set_filesystem", "binary"),
        ("collation_connection", "utf8mb4_general_ci"), ("collation_server", "utf8mb4_general_ci"),
        ("collation_database", "utf8mb4_general_ci"), ("wait_timeout", 28800L), ("interactive_timeout", 28800L),
        ("net_write_timeout", 60L), ("net_read_timeout", 30L), ("net_buffer_length", 16384L), ("net_retry_count", 10L),
        ("auto_increment_increment", 1L), ("auto_increment_offset", 1L), ("default_storage_engine", "OceanClassic"),
        ("storage_engine", "OceanClassic"), ("default_tmp_storage_engine", "OceanClassic"), ("div_precision_increment", 4L),
        ("innodb_lock_wait_timeout", 50L), ("lock_wait_timeout", 86400L), ("max_statement_time", 0L),
        ("max_execution_time", 0L), ("group_concat_max_len", 1048576L), ("max_sort_length", 1024L),
        ("default_week_format", 0L), ("lc_time_names", "en_US"), ("lc_messages", "en_US"), ("completion_type", "NO_CHAIN"),
        ("note_verbosity", "basic,explain"), ("old_mode", ""), ("insert_id", 0L), ("identity", 0L), ("last_insert_id", 0L),
        ("timestamp", 0L), ("max_join_size", ulong.MaxValue), ("max_heap_table_size", 16777216L),
        ("tmp_table_size", 16777216L), ("sort_buffer_size", 2097152L), ("join_buffer_size", 262144L),
        ("optimizer_switch", "index_merge=on,index_merge_union=on,index_merge_sort_union=on,index_merge_intersection=on"),
        ("optimizer_search_depth", 62L), ("long_query_time", 10L), ("log_warnings", 2L), ("max_user_connections", 0L),
        ("session_track_system_variables", "autocommit,character_set_client,character_set_connection,character_set_results,time_zone"),
        ("session_track_transaction_info", "OFF"), ("init_connect", ""), ("query_cache_type", "OFF"),
        ("query_cache_size", 0L), ("time_format", "%H:%i:%s"), ("date_format", "%Y-%m-%d"),
        ("datetime_format", "%Y-%m-%d %H:%i:%s"), ("updatable_views_with_limit", "YES"), ("binlog_format", "MIXED"),
        ("server_id", 1L), ("max_connections", 10000L), ("default_password_lifetime", 0L),
        ("innodb_buffer_pool_size", 134217728L), ("innodb_flush_log_at_trx_commit", 1L), ("innodb_default_row_format", "dynamic"),
        ("table_open_cache", 2000L), ("default_authentication_plugin", "mysql_native_password"),
    ];

    private static readonly string[] SettableBooleans =
    [
        "autocommit", "unique_checks", "foreign_key_checks", "sql_notes", "sql_warnings", "sql_safe_updates", "sql_big_selects",
        "sql_auto_is_null", "sql_quote_show_create", "sql_log_bin", "sql_buffer_result", "sql_if_exists", "big_tables",
        "low_priority_updates", "explicit_defaults_for_timestamp", "innodb_strict_mode", "innodb_file_per_table", "tx_read_only",
        "transaction_read_only", "read_only", "profiling", "gtid_strict_mode", "session_track_schema",
        "session_track_state_change", "slow_query_log", "general_log", "old_passwords",
    ];

    private static readonly HashSet<string> TrueByDefault = new(StringComparer.OrdinalIgnoreCase)
    {
        "autocommit", "unique_checks", "foreign_key_checks", "sql_notes", "sql_big_selects", "sql_quote_show_create",
        "sql_log_bin", "explicit_defaults_for_timestamp", "innodb_strict_mode", "innodb_file_per_table", "session_track_schema",
    };

    // Fixed by the server: SET refuses them.
    private static readonly (string Name, object Value)[] ReadOnly =
    [
        ("version_compile_os", "Linux"), ("version_compile_machine", "x86_64"), ("protocol_version", 10L),
        ("license", "GPL"), ("character_set_system", "utf8"), ("character_sets_dir", "/usr/share/mysql/charsets/"),
        ("system_time_zone", "UTC"), ("lower_case_table_names", 1L), ("have_ssl", "DISABLED"), ("have_openssl", "NO"),
        ("have_query_cache", "NO"), ("have_dynamic_loading", "NO"), ("ssl_cipher", ""), ("log_bin", 0L),
        ("performance_schema", 0L), ("skip_networking", 0L), ("skip_name_resolve", 0L), ("in_transaction", 0L),
        ("innodb_version", "5.7.25"), ("innodb_page_size", 16384L), ("innodb_read_only", 0L), ("innodb_doublewrite", 1L),
        ("innodb_autoinc_lock_mode", 1L), ("innodb_log_file_size", 100663296L), ("open_files_limit", 20000L),
        ("thread_handling", "one-thread-per-connection"), ("version_malloc_library", "system"), ("warning_count", 0L),
        ("error_count", 0L), ("datadir", "/"), ("basedir", "/"), ("tmpdir", "/tmp"), ("socket", ""),
        ("hostname", Environment.MachineName),
    ];

    // Built after the tables above (static fields initialize in order).
    private static readonly Dictionary<string, Definition> Definitions = Build();

    private static Dictionary<string, Definition> Build()
    {
        var all = new Dictionary<string, Definition>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Settable)
            all[name] = new Definition(name, ValueOf(value), value is string ? Kind.Text : Kind.Integer, ReadOnly: false);
        foreach (var name in SettableBooleans)
            all[name] = new Definition(name, ObObj.FromInt(TrueByDefault.Contains(name) ? 1 : 0), Kind.Boolean, ReadOnly: false);
        foreach (var name in new[] { "tx_isolation", "transaction_isolation" })
            all[name] = new Definition(name, ObObj.FromString("READ-COMMITTED"), Kind.Isolation, ReadOnly: false);
        foreach (var (name, value) in ReadOnly)
            all[name] = new Definition(name, ValueOf(value), value is string ? Kind.Text : Kind.Integer, ReadOnly: true);
        foreach (var name in new[] { "log_bin", "performance_schema", "skip_networking", "skip_name_resolve", "in_transaction", "innodb_read_only", "innodb_doublewrite" })
            all[name] = all[name] with { Kind = Kind.Boolean };
        return all;
    }

    private static ObObj ValueOf(object value) => value switch
    {
        string s => ObObj.FromString(s),
        ulong u => ObObj.FromUInt(u),
        long l => ObObj.FromInt(l),
        _ => throw new ArgumentException($"unsupported default {value}"),
    };
}
