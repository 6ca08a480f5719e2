using Microsoft.Extensions.Configuration;
using OceanClassic.Common.Config;

namespace OceanClassic.MergeServer;

public sealed class MsOptions : IValidatableOptions
{
    [ConfigurationKeyName("mysql_port")] public int MySqlPort { get; set; } = 2880;
    [ConfigurationKeyName("mysql_user")] public string MySqlUser { get; set; } = "root";
    [ConfigurationKeyName("mysql_password")] public string MySqlPassword { get; set; } = "";
    [ConfigurationKeyName("max_allowed_packet")] public int MaxAllowedPacket { get; set; } = 64 << 20;
    [ConfigurationKeyName("ms_join_memory_limit")] public long JoinMemoryLimit { get; set; } = 256L << 20;

    public IEnumerable<string> Validate()
    {
        if (MySqlPort is <= 0 or > 65535)
            yield return $"mysql_port: {MySqlPort} is not a TCP port (1-65535)";
        if (string.IsNullOrEmpty(MySqlUser))
            yield return "mysql_user: must not be empty";
        if (MaxAllowedPacket is < 1024 or > (1 << 30))
            yield return $"max_allowed_packet: {MaxAllowedPacket} must be between 1024 and 1073741824";
        if (JoinMemoryLimit < 1024)
            yield return $"ms_join_memory_limit: {JoinMemoryLimit} must be at least 1024 bytes";
    }
}
