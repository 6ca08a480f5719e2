using OceanClassic.MergeServer.Engine.Cluster;

namespace OceanClassic.MergeServer.Engine.Schema;

// The MergeServer's copy of the schema. It is refreshed when the RootServer's heartbeat reports a newer
// schema version, after this server's own DDL, and once before a statement reports an unknown table
// (another MergeServer may have just created it).
public sealed class SchemaCache(IClusterGateway gateway)
{
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile SchemaSnapshot _current = SchemaSnapshot.Empty;
    private long _wantedVersion = 1; // > 0 so the first use loads the schema
    private volatile bool _loaded;

    public SchemaSnapshot Current => _current;

    // From the heartbeat reply; the next statement reloads when the version moved.
    public void OnSchemaVersion(ulong version)
    {
        if (version > (ulong)Interlocked.Read(ref _wantedVersion))
            Interlocked.Exchange(ref _wantedVersion, (long)version);
    }

    public ValueTask<SchemaSnapshot> GetAsync(CancellationToken ct)
    {
        var snapshot = _current;
        if (_loaded && snapshot.Version >= (ulong)Interlocked.Read(ref _wantedVersion))
            return ValueTask.FromResult(snapshot);
        return RefreshAsync(snapshot.Version, ct);
    }

    // Reloads unless someone else already loaded something newer than `seenVersion`.
    public async ValueTask<SchemaSnapshot> RefreshAsync(ulong seenVersion, CancellationToken ct)
    {
        await _refreshLock.WaitAsync(ct);
        try
        {
            if (_loaded && _current.Version > seenVersion && _current.Version >= (ulong)Interlocked.Read(ref _wantedVersion))
                return _current;
            var response = await gateway.GetSchemaAsync(ct);
            var snapshot = SchemaSnapshot.FromProto(response);
            _current = snapshot;
            _loaded = true;
            // The next heartbeat re-raises this if the RootServer moved on while we loaded.
            Interlocked.Exchange(ref _wantedVersion, (long)snapshot.Version);
            return snapshot;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    public ValueTask<SchemaSnapshot> ForceRefreshAsync(CancellationToken ct) => RefreshAsync(ulong.MaxValue, ct);
}
