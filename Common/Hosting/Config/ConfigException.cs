namespace OceanClassic.Common.Config;

// A configuration problem that stops a role at start with exit code 2 and this one-line message.
public sealed class ConfigException : Exception
{
    public ConfigException(string message) : base(message) { }
    public ConfigException() { }
    public ConfigException(string message, Exception inner) : base(message, inner) { }
}
