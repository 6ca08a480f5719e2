namespace OceanClassic.MergeServer.Engine.Cluster;

// A role could not be reached (connection refused, timeout, no UPS master known): retryable.
public sealed class ClusterUnavailableException : Exception
{
    public ClusterUnavailableException()
    {
    }

    public ClusterUnavailableException(string message)
        : base(message)
    {
    }

    public ClusterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
