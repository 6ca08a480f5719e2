using Microsoft.Extensions.Configuration;

namespace OceanClassic.Common.Config;

// Every role reads, later sources winning: etc/<role>.json (optional; --config=FILE picks another),
// OB_-prefixed environment variables, then --key=value command-line overrides.
public static class ObConfiguration
{
    public static IConfiguration Build(string roleName, string[] args)
    {
        var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
        var file = commandLine["config"] ?? Path.Combine("etc", roleName + ".json");
        if (commandLine["config"] is not null && !File.Exists(file))
            throw new ConfigException($"config: file '{file}' not found");
        return new ConfigurationBuilder()
            .AddJsonFile(Path.GetFullPath(file), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables("OB_")
            .AddCommandLine(args)
            .Build();
    }

    public static T Bind<T>(IConfiguration configuration) where T : class, IValidatableOptions, new()
    {
        var options = new T();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key: "Failed to convert configuration value at 'port' to type ...".
            throw new ConfigException("config: " + (e.InnerException is null ? e.Message : e.Message + " (" + e.InnerException.Message + ")"));
        }
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
            throw new ConfigException("config: " + problems[0] + (problems.Count > 1 ? $" (and {problems.Count - 1} more)" : ""));
        return options;
    }
}
