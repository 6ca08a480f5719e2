namespace OceanClassic.MergeServer.Engine.Cluster;

// One tablet of a table as the root table describes it, with a round-robin replica cursor.
public sealed class TabletLocation(ScanRange range, IReadOnlyList<string> replicas)
{
    private int _next;

    public ScanRange Range { get; } = range;

    public IReadOnlyList<string> Replicas { get; } = replicas;

    // Replicas in the order to try them: a rotating start spreads reads over the replicas.
    public IEnumerable<string> ReplicaOrder()
    {
        if (Replicas.Count == 0)
            yield break;
        var first = (int)((uint)Interlocked.Increment(ref _next) % (uint)Replicas.Count);
        for (var i = 0; i < Replicas.Count; i++)
            yield return Replicas[(first + i) % Replicas.Count];
    }
}
