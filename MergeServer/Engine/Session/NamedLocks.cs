using System.Collections.Concurrent;

namespace OceanClassic.MergeServer.Engine.Session;

// User-level locks (GET_LOCK / RELEASE_LOCK / IS_FREE_LOCK / IS_USED_LOCK / RELEASE_ALL_LOCKS) as MariaDB
// keeps them: by exact name (case-sensitive), owned by one connection, taken again by their owner
// recursively (each GET_LOCK needs its RELEASE_LOCK), freed when the owner disconnects. They live in
// this MergeServer only: two clients on different MergeServers do not exclude each other (README).
public sealed class NamedLocks
{
    private readonly ConcurrentDictionary<string, NamedLock> _locks = new(StringComparer.Ordinal);

    // 1 once held, 0 after timeoutSeconds (a negative timeout waits without end); the wait ends early
    // when ct is cancelled (KILL QUERY).
    public async ValueTask<long> GetAsync(string name, uint owner, double timeoutSeconds, CancellationToken ct)
    {
        var l = _locks.GetOrAdd(name, static _ => new NamedLock());
        lock (l)
        {
            if (l.Owner == owner && l.Depth > 0)
            {
                l.Depth++;
                return 1;
            }
        }
        var timeout = timeoutSeconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(Math.Min(timeoutSeconds, int.MaxValue / 1000.0));
        if (!await l.Gate.WaitAsync(timeout, ct))
            return 0;
        lock (l)
        {
            l.Owner = owner;
            l.Depth = 1;
        }
        return 1;
    }

    // 1 released (one level), 0 held by another connection, null when nobody holds it.
    public long? Release(string name, uint owner)
    {
        if (!_locks.TryGetValue(name, out var l))
            return null;
        lock (l)
        {
            if (l.Depth == 0)
                return null;
            if (l.Owner != owner)
                return 0;
            if (--l.Depth == 0)
            {
                l.Owner = 0;
                l.Gate.Release();
            }
            return 1;
        }
    }

    // How many levels the connection held, all released.
    public long ReleaseAll(uint owner)
    {
        long released = 0;
        foreach (var l in _locks.Values)
        {
            lock (l)
            {
                if (l.Depth == 0 || l.Owner != owner)
                    continue;
                released += l.Depth;
                l.Depth = 0;
                l.Owner = 0;
                l.Gate.Release();
            }
        }
        return released;
    }

    // The holder's connection id, null when free.
    public uint? Holder(string name)
    {
        if (!_locks.TryGetValue(name, out var l))
            return null;
        lock (l)
            return l.Depth > 0 ? l.Owner : null;
    }

    private sealed class NamedLock
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public uint Owner;
        public int Depth;
    }
}
