namespace OceanClassic.ObClient.Configuration;

// One MergeServer (or RootServer) endpoint as the connection string names it; an IPv6 host prints in brackets.
public sealed record ObServerAddress(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
