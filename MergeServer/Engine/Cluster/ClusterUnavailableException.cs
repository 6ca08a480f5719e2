namespace OceanClassic.MergeServer.Engine.Cluster;

// A role could not be reached (connection refused, timeout, no UPS master known). MayHaveApplied says
// whether the request might have reached the server before the failure, so a write must not be resent.
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

    public ClusterUnavailableException(string message, bool mayHaveApplied, Exception? innerException = null)
        : base(message, innerException)
    {
        MayHaveApplied = mayHaveApplied;
    }

    public bool MayHaveApplied { get; }
}
