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
    // Schema versions statements are running with (version → count): see Use.
    private readonly SortedDictionary<ulong, int> _inUse = [];

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

    // Taken by a statement BEFORE it gets its snapshot (GetAsync), released when it ends: it records a
    // version no newer than the snapshot the statement will use.
    public SchemaUse Use(ulong? held = null)
    {
        var version = held ?? _current.Version;
        lock (_inUse)
            _inUse[version] = _inUse.GetValueOrDefault(version) + 1;
        return new SchemaUse(this, version);
    }

    internal void Release(ulong version)
    {
        lock (_inUse)
        {
            if (_inUse.TryGetValue(version, out var n) && n > 1)
                _inUse[version] = n - 1;
            else
                _inUse.Remove(version);
        }
    }

    // No statement here runs with a schema older than this, and every statement that starts later
    // loads at least the version the RootServer last announced (GetAsync), so: the oldest in use, else
    // the newest known. Sent in the heartbeat (schema_in_use) for online index builds.
    public ulong OldestInUse
    {
        get
        {
            var known = Math.Max(_current.Version, (ulong)Interlocked.Read(ref _wantedVersion));
            lock (_inUse)
            {
                foreach (var (version, _) in _inUse)
                    return Math.Min(version, known);
            }
            return known;
        }
    }
}

// One statement's hold on a schema version (SchemaCache.Use); disposing twice is harmless.
public sealed class SchemaUse(SchemaCache cache, ulong version) : IDisposable
{
    private int _released;

    public ulong Version => version;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            cache.Release(version);
    }
}
