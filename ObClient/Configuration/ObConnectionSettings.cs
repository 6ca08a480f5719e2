using System.Data.Common;
using System.Globalization;

namespace OceanClassic.ObClient.Configuration;

// Parsed connection string. Server may list several MergeServers ("h1:p1,h2:p2"); they are tried in order.
// RootServer=h:p asks the RootServer for the live MergeServers instead.
public sealed record ObConnectionSettings
{
    public const int DefaultPort = 2880;

    public IReadOnlyList<ObServerAddress> Servers { get; init; } = [new("127.0.0.1", DefaultPort)];

    public string User { get; init; } = "root";

    public string Password { get; init; } = "";

    public string? Database { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public long MaxPacketBytes { get; init; } = 256L * 1024 * 1024;

    // RootServer=host:port[,host:port]: find MergeServers through the RS instead of Server.
    public IReadOnlyList<string> RootServers { get; init; } = [];

    // ClusterSecretFile=path: the file holding the cluster secret the RootServer's RPC port asks for
    // (the roles' cluster_secret_file); only RootServer discovery needs it.
    public string? ClusterSecretFile { get; init; }

    public static ObConnectionSettings Parse(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var settings = new ObConnectionSettings();
        var port = DefaultPort;
        string? servers = null;
        foreach (string key in builder.Keys)
        {
            var value = Convert.ToString(builder[key], CultureInfo.InvariantCulture) ?? "";
            switch (key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            {
                case "SERVER" or "HOST" or "DATASOURCE" or "ADDRESS":
                    servers = value;
                    break;
                case "PORT":
                    port = ParseInt(key, value);
                    break;
                case "USER" or "USERID" or "UID" or "USERNAME":
                    settings = settings with { User = value };
                    break;
                case "PASSWORD" or "PWD":
                    settings = settings with { Password = value };
                    break;
                case "DATABASE" or "INITIALCATALOG":
                    settings = settings with { Database = value.Length == 0 ? null : value };
                    break;
                case "CONNECTTIMEOUT" or "CONNECTIONTIMEOUT":
                    settings = settings with { ConnectTimeout = TimeSpan.FromSeconds(ParseInt(key, value)) };
                    break;
                case "COMMANDTIMEOUT" or "DEFAULTCOMMANDTIMEOUT":
                    settings = settings with { CommandTimeout = TimeSpan.FromSeconds(ParseInt(key, value)) };
                    break;
                case "ROOTSERVER" or "ROOTSERVERS" or "RS":
                    settings = settings with { RootServers = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "CLUSTERSECRETFILE":
                    settings = settings with { ClusterSecretFile = value.Length == 0 ? null : value };
                    break;
                case "MAXPACKETBYTES":
                    settings = settings with { MaxPacketBytes = ParseInt(key, value) };
                    break;
                default:
                    throw new ArgumentException($"Unknown connection string option '{key}'.", nameof(connectionString));
            }
        }

        return servers is null
            ? settings with { Servers = [new("127.0.0.1", port)] }
            : settings with { Servers = ParseServers(servers, port) };
    }

    private static List<ObServerAddress> ParseServers(string value, int defaultPort)
    {
        var list = new List<ObServerAddress>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = item.LastIndexOf(':');
            var bracketEnd = item.LastIndexOf(']');
            if (colon > 0 && colon > bracketEnd && item.IndexOf(':', StringComparison.Ordinal) == colon || (bracketEnd > 0 && colon == bracketEnd + 1))
            {
                list.Add(new(item[..colon].Trim('[', ']'), ParseInt("Server", item[(colon + 1)..])));
            }
            else
            {
                list.Add(new(item.Trim('[', ']'), defaultPort));
            }
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("Server lists no address.", nameof(value));
        }

        return list;
    }

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) && result >= 0
            ? result
            : throw new ArgumentException($"Connection string option '{key}' must be a non-negative integer, not '{value}'.");
}
