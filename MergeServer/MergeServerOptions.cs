using Microsoft.Extensions.Configuration;
using OceanClassic.Common.Config;

namespace OceanClassic.MergeServer;

public sealed class MergeServerOptions : IValidatableOptions
{
    // The MySQL listener (RPC port + 80 by default: 2800 → 2880, 2810 → 2890).
    [ConfigurationKeyName("sql_port")] public int SqlPort { get; set; }
    [ConfigurationKeyName("sql_user")] public string User { get; set; } = "root";
    [ConfigurationKeyName("sql_password")] public string Password { get; set; } = "";
    [ConfigurationKeyName("auto_increment_block")] public int AutoIncrementBlock { get; set; } = 100;

    public IEnumerable<string> Validate()
    {
        if (SqlPort is < 0 or > 65535)
            yield return $"sql_port: {SqlPort} is not a port number";
        if (AutoIncrementBlock is < 1 or > 1_000_000)
            yield return $"auto_increment_block: {AutoIncrementBlock} must be between 1 and 1000000";
    }
}
