namespace OceanClassic.MergeServer.Engine.Cluster;

// One tablet of a table as the root table describes it, with a round-robin replica cursor. Version is
// the baseline version the tablet serves; EmptyBaseline says the root table counts no row in that
// baseline (row_count 0), so its rows are the UpdateServer's increments newer than Version alone
// (TableScanner.Increments reads such a tablet from the UpdateServer without a ChunkServer hop).
public sealed class TabletLocation(ScanRange range, IReadOnlyList<string> replicas, ulong version = 0, bool emptyBaseline = false)
{
    private int _next;

    public ScanRange Range { get; } = range;

    public IReadOnlyList<string> Replicas { get; } = replicas;

    public ulong Version { get; } = version;

    public bool EmptyBaseline { get; } = emptyBaseline;

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
