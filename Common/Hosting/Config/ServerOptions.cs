using System.Net;
using Microsoft.Extensions.Configuration;

namespace OceanClassic.Common.Config;

// Keys every role shares. Port 0 means "the role's default port".
public sealed class ServerOptions : IValidatableOptions
{
    [ConfigurationKeyName("port")] public int Port { get; set; }
    [ConfigurationKeyName("listen")] public string Listen { get; set; } = "127.0.0.1";
    [ConfigurationKeyName("advertise")] public string? AdvertiseHost { get; set; }
    [ConfigurationKeyName("data_dir")] public string? DataDir { get; set; }
    [ConfigurationKeyName("rs")] public string Rs { get; set; } = "127.0.0.1:2500";
    [ConfigurationKeyName("heartbeat_interval")] public string HeartbeatInterval { get; set; } = "500ms";
    [ConfigurationKeyName("rpc_max_frame_bytes")] public int RpcMaxFrameBytes { get; set; } = 64 << 20;
    [ConfigurationKeyName("rpc_timeout")] public string RpcTimeout { get; set; } = "10s";
    [ConfigurationKeyName("rpc_connections_per_peer")] public int RpcConnectionsPerPeer { get; set; } = 1;
    // Connections this role accepts at once from one peer address (RpcOptions.MaxConnectionsPerPeer).
    [ConfigurationKeyName("rpc_max_connections_per_peer")] public int RpcMaxConnectionsPerPeer { get; set; } = 256;
    // The cluster secret every RPC connection proves on both ends (RpcHandshake): given inline, or as a
    // file holding it (cluster.sh writes one per cluster directory). Required off loopback.
    [ConfigurationKeyName("cluster_secret")] public string? ClusterSecretText { get; set; }
    [ConfigurationKeyName("cluster_secret_file")] public string? ClusterSecretFile { get; set; }
    // RPC between roles on one host through Unix sockets (RpcLocalSocket); false = TCP only.
    [ConfigurationKeyName("rpc_local_socket")] public bool RpcLocalSocket { get; set; } = true;
    // Socket-engine threads (epoll loops that also run handlers inline); 0 = one per 4 cores, at least 1.
    [ConfigurationKeyName("io_threads")] public int IoThreads { get; set; }
    [ConfigurationKeyName("log_level")] public string LogLevel { get; set; } = "Information";

    public const int MinClusterSecretLength = 16;

    // The secret's bytes (UTF-8, surrounding whitespace trimmed), or empty when none is configured and
    // the role listens on a loopback address; ConfigException when it is unreadable or too short, or
    // missing on any other address (anyone who can reach the port could otherwise run the cluster).
    public byte[] ResolveClusterSecret()
    {
        var text = ClusterSecretText;
        if (!string.IsNullOrEmpty(ClusterSecretFile))
        {
            try
            {
                text = File.ReadAllText(ClusterSecretFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"cluster_secret_file: cannot read {ClusterSecretFile} ({e.GetType().Name})");
            }
        }
        text = text?.Trim() ?? "";
        if (text.Length == 0)
        {
            if (IPAddress.TryParse(Listen, out var ip) && IPAddress.IsLoopback(ip))
                return [];
            throw new ConfigException($"cluster_secret or cluster_secret_file is required to listen on {Listen} (not a loopback address): without it anyone who reaches the RPC port can run the cluster");
        }
        if (text.Length < MinClusterSecretLength)
            throw new ConfigException($"cluster secret: at least {MinClusterSecretLength} characters are required");
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    public int EffectiveIoThreads => IoThreads > 0 ? IoThreads : Math.Max(1, Environment.ProcessorCount / 4);

    public string Advertise => $"{AdvertiseHost ?? Listen}:{Port}";
    public IReadOnlyList<string> RootServers => Rs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<string> Validate()
    {
        if (Port is < 0 or > 65535)
            yield return $"port: {Port} is not a TCP port (0-65535)";
        if (!IPAddress.TryParse(Listen, out _))
            yield return $"listen: '{Listen}' is not an IP address";
        if (RootServers.Count == 0 || RootServers.Any(a => !TryParseEndpoint(a, out _, out _)))
            yield return $"rs: '{Rs}' is not a list of host:port";
        foreach (var p in ConfigDuration.Check("heartbeat_interval", HeartbeatInterval, TimeSpan.FromMilliseconds(10)))
            yield return p;
        foreach (var p in ConfigDuration.Check("rpc_timeout", RpcTimeout, TimeSpan.FromMilliseconds(10)))
            yield return p;
        if (RpcMaxFrameBytes < 4096)
            yield return $"rpc_max_frame_bytes: {RpcMaxFrameBytes} is below 4096";
        if (RpcConnectionsPerPeer is < 1 or > 64)
            yield return $"rpc_connections_per_peer: {RpcConnectionsPerPeer} is not between 1 and 64";
        if (RpcMaxConnectionsPerPeer < 1)
            yield return $"rpc_max_connections_per_peer: {RpcMaxConnectionsPerPeer} is below 1";
        if (IoThreads is < 0 or > 64)
            yield return $"io_threads: {IoThreads} is not between 0 (automatic) and 64";
        if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(LogLevel, true, out _))
            yield return $"log_level: '{LogLevel}' is not a log level (Trace, Debug, Information, Warning, Error)";
    }

    public static bool TryParseEndpoint(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var i = text.LastIndexOf(':');
        if (i <= 0 || !int.TryParse(text.AsSpan(i + 1), out port) || port is <= 0 or > 65535)
            return false;
        host = text[..i];
        return true;
    }
}
