using System.Globalization;
using OceanClassic.Common.Expr;
using OceanClassic.Common.Types;
using OceanClassic.MergeServer.Engine.Errors;
using OceanClassic.MergeServer.Sql.Ast;

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
        foreach (var definition in SystemVariableCatalog.All)
            Store(definition.Name, definition.Default);
        Set("version", options.ServerVersion);
        Set("version_comment", options.VersionComment);
        Set("max_allowed_packet", options.MaxAllowedPacket);
        Set("max_connections", options.MaxConnections);
        Set("connect_timeout", options.ConnectTimeoutSeconds);
        Set("port", 2880);
    }

    // Changes with every value stored (system or user variable): a plan kept across executions of a
    // prepared statement is only reused while it is unchanged (Planning/Prepared).
    public long Version { get; private set; }

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
    // Known variables are checked as MariaDB checks them (1238 read-only, 1231 a value out of its domain);
    // `value` null is SET x = DEFAULT. Unknown names are kept as given (drivers set many we never read).
    public void SetBySession(string name, ObObj? value)
    {
        var definition = SystemVariableCatalog.Find(name);
        if (definition is { ReadOnly: true })
            throw SqlError.FromCode(ErrorCodes.ReadOnlyVariable, $"Variable '{definition.Name}' is a read only variable");
        if (value is not { } given)
        {
            if (definition is null)
                return;
            given = definition.Default;
        }
        else if (definition is not null)
        {
            given = Checked(definition, given);
        }
        Store(name, given);
        _setBySession.Add(name);
        if (definition?.Kind == SystemVariableCatalog.Kind.Isolation)
        {
            // tx_isolation and transaction_isolation are two names of one setting.
            Store("tx_isolation", given);
            Store("transaction_isolation", given);
        }
    }

    private static ObObj Checked(SystemVariableCatalog.Definition definition, ObObj value)
    {
        var text = value.ToText() ?? "";
        switch (definition.Kind)
        {
            case SystemVariableCatalog.Kind.Boolean:
                if (value.IsNumeric && value.ToDecimal() is 0m or 1m)
                    return ObObj.FromInt((long)value.ToDecimal());
                return text.ToUpperInvariant() switch
                {
                    "ON" or "TRUE" => ObObj.FromInt(1),
                    "OFF" or "FALSE" => ObObj.FromInt(0),
                    _ => throw WrongValue(definition.Name, text),
                };
            case SystemVariableCatalog.Kind.Isolation:
                {
                    var level = text.Trim().Replace(' ', '-').ToUpperInvariant();
                    return level is "READ-UNCOMMITTED" or "READ-COMMITTED" or "REPEATABLE-READ" or "SERIALIZABLE"
                        ? ObObj.FromString(level)
                        : throw WrongValue(definition.Name, text);
                }
            case SystemVariableCatalog.Kind.Integer:
                // Numbers are kept as given: a fractional innodb_lock_wait_timeout (0.1 s) is honoured.
                if (value.IsNumeric)
                    return value;
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    ? ObObj.FromInt(n)
                    : throw SqlError.FromCode(ErrorCodes.WrongVariableArgumentType, $"Incorrect argument type to variable '{definition.Name}'");
            default:
                if (value.IsNull)
                {
                    // Only character_set_results may be NULL (results then go out unconverted).
                    return definition.Name.Equals("character_set_results", StringComparison.OrdinalIgnoreCase)
                        ? ObObj.Null
                        : throw WrongValue(definition.Name, "NULL");
                }
                if (definition.Name.Equals("time_zone", StringComparison.OrdinalIgnoreCase))
                    return ObObj.FromString(TimeZoneSetting(text));
                return definition.Name.Equals("sql_mode", StringComparison.OrdinalIgnoreCase)
                    ? ObObj.FromString(text.ToUpperInvariant())
                    : ObObj.FromString(text);
        }
    }

    // time_zone as MariaDB without time zone tables takes it: SYSTEM or an offset [+-]h:mm from -12:59 to
    // +13:00, kept as [+-]hh:mm; anything else is 1298.
    private static string TimeZoneSetting(string text)
    {
        if (text.Equals("SYSTEM", StringComparison.OrdinalIgnoreCase))
            return "SYSTEM";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (text.Length > 0 && text[0] is '+' or '-' && colon is 2 or 3 && text.Length == colon + 3
            && int.TryParse(text.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes < 60)
        {
            var offset = (text[0] == '-' ? -1 : 1) * ((hours * 60) + minutes);
            if (offset is >= -(12 * 60) - 59 and <= 13 * 60)
                return $"{text[0]}{hours:00}:{minutes:00}";
        }
        throw SqlError.FromCode(ErrorCodes.UnknownTimeZone, $"Unknown or incorrect time zone: '{text}'");
    }

    private static SqlError WrongValue(string name, string text) =>
        SqlError.FromCode(ErrorCodes.WrongValueForVariable, $"Variable '{name}' can't be set to the value of '{text}'");

    // The value SHOW VARIABLES displays: booleans as ON/OFF.
    public static string DisplayText(string name, ObObj value) =>
        SystemVariableCatalog.Find(name)?.Kind == SystemVariableCatalog.Kind.Boolean
            ? (ExprValues.IsTrue(value) ? "ON" : "OFF")
            : Text(value);

    public bool WasSetBySession(string name) => _setBySession.Contains(name);

    public void Set(string name, string value) => Store(name, ObObj.FromString(value));

    public void Set(string name, long value) => Store(name, ObObj.FromInt(value));

    public void Set(string name, ulong value) => Store(name, ObObj.FromUInt(value));

    private void Store(string name, ObObj value)
    {
        _values[name] = value;
        Version++;
        if (name.Equals("autocommit", StringComparison.OrdinalIgnoreCase))
            Autocommit = ExprValues.IsTrue(value);
    }

    public ObObj GetUser(string name) => _user.TryGetValue(name, out var v) ? v : ObObj.Null;

    public void SetUser(string name, ObObj value)
    {
        _user[name] = value;
        Version++;
    }

    public static string Text(ObObj v) => v.ToText() ?? "";
}
