using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using OceanClassic.Common.Config;

namespace OceanClassic.MergeServer;

public sealed class MsOptions : IValidatableOptions
{
    [ConfigurationKeyName("mysql_port")] public int MySqlPort { get; set; } = 2880;
    [ConfigurationKeyName("mysql_user")] public string MySqlUser { get; set; } = "root";
    [ConfigurationKeyName("mysql_password")] public string MySqlPassword { get; set; } = "";
    [ConfigurationKeyName("max_allowed_packet")] public int MaxAllowedPacket { get; set; } = 64 << 20;
    [ConfigurationKeyName("max_connections")] public int MaxConnections { get; set; } = 10000;
    [ConfigurationKeyName("connect_timeout")] public int ConnectTimeoutSeconds { get; set; } = 10;
    [ConfigurationKeyName("ms_join_memory_limit")] public long JoinMemoryLimit { get; set; } = 256L << 20;
    [ConfigurationKeyName("ms_sort_memory_limit")] public long SortMemoryLimit { get; set; } = 256L << 20;
    // TLS on the MySQL port: a PEM certificate (chain) and its PEM private key; both or neither.
    [ConfigurationKeyName("ssl_cert")] public string SslCert { get; set; } = "";
    [ConfigurationKeyName("ssl_key")] public string SslKey { get; set; } = "";

    // The certificate ssl_cert and ssl_key name; null without them.
    public X509Certificate2? LoadTlsCertificate() =>
        SslCert.Length == 0 ? null : X509Certificate2.CreateFromPemFile(SslCert, SslKey.Length == 0 ? null : SslKey);

    private string? SslCheck()
    {
        if (SslCert.Length == 0 && SslKey.Length == 0)
            return null;
        if (SslCert.Length == 0)
            return "ssl_cert: ssl_key is set but ssl_cert is not";
        try
        {
            using var certificate = LoadTlsCertificate();
            return certificate is { HasPrivateKey: true } ? null : "ssl_key: the certificate has no private key (set ssl_key)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return $"ssl_cert: cannot load {SslCert} with ssl_key {SslKey}: {e.Message}";
        }
    }

    public IEnumerable<string> Validate()
    {
        if (MySqlPort is <= 0 or > 65535)
            yield return $"mysql_port: {MySqlPort} is not a TCP port (1-65535)";
        if (string.IsNullOrEmpty(MySqlUser))
            yield return "mysql_user: must not be empty";
        if (MaxAllowedPacket is < 1024 or > (1 << 30))
            yield return $"max_allowed_packet: {MaxAllowedPacket} must be between 1024 and 1073741824";
        if (MaxConnections is < 1 or > 100000)
            yield return $"max_connections: {MaxConnections} must be between 1 and 100000";
        if (ConnectTimeoutSeconds is < 2 or > 31536000)
            yield return $"connect_timeout: {ConnectTimeoutSeconds} must be between 2 and 31536000 seconds";
        if (JoinMemoryLimit < 1024)
            yield return $"ms_join_memory_limit: {JoinMemoryLimit} must be at least 1024 bytes";
        if (SortMemoryLimit < 1024)
            yield return $"ms_sort_memory_limit: {SortMemoryLimit} must be at least 1024 bytes";
        if (SslCheck() is { } ssl)
            yield return ssl;
    }
}
