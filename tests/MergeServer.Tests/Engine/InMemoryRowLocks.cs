using OceanClassic.MergeServer.Engine.Errors;

namespace OceanClassic.MergeServer.Tests.Engine;

// Row locks of the in-memory UPS: one exclusive owner or many shared owners per (table, rowkey),
// re-entrant, a shared hold upgradable. A waiter sleeps until some owner releases, then looks again; it
// gets 1205 when its timeout passes (at once under NOWAIT), skips the row under SKIP LOCKED, and gets
// 1213 when waiting would close a cycle of waiters (deadlock).
public sealed class InMemoryRowLocks
{
    private readonly object _sync = new();
    private readonly Dictionary<(ulong Table, string Key), (long? Exclusive, HashSet<long> Shared)> _locks = [];
    private readonly Dictionary<long, HashSet<(ulong, string)>> _held = [];
    private readonly Dictionary<long, HashSet<long>> _waitsFor = [];
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Waits { get; private set; }

    public int LockedRows
    {
        get
        {
            lock (_sync)
                return _locks.Count;
        }
    }

    // Exclusive locks, waiting.
    public Task AcquireAsync(long owner, IEnumerable<(ulong Table, byte[] Key)> keys, TimeSpan timeout, CancellationToken ct) =>
        AcquireAsync(owner, keys.Select(k => (k.Table, k.Key, false)), RowWait.Wait, timeout, ct);

    // The keys it could not lock (SKIP LOCKED only).
    public async Task<List<byte[]>> AcquireAsync(
        long owner, IEnumerable<(ulong Table, byte[] Key, bool Shared)> keys, RowWait wait, TimeSpan timeout, CancellationToken ct)
    {
        var skipped = new List<byte[]>();
        var deadline = DateTime.UtcNow + timeout;
        foreach (var (table, key, shared) in keys)
        {
            var id = (table, Convert.ToHexString(key));
            while (true)
            {
                Task released;
                lock (_sync)
                {
                    var blockers = Blockers(owner, id, shared);
                    if (blockers.Count == 0)
                    {
                        Grant(owner, id, shared);
                        _waitsFor.Remove(owner);
                        break;
                    }
                    if (wait == RowWait.SkipLocked)
                    {
                        skipped.Add(key);
                        break;
                    }
                    if (wait == RowWait.NoWait)
                        throw SqlError.FromCode(1205, "Lock wait timeout exceeded; try restarting transaction");
                    _waitsFor[owner] = blockers;
                    if (ClosesCycle(owner))
                    {
                        _waitsFor.Remove(owner);
                        throw SqlError.FromCode(1213, "Deadlock found when trying to get lock; try restarting transaction");
                    }
                    Waits++;
                    released = _released.Task;
                }
                var remaining = deadline - DateTime.UtcNow;
                try
                {
                    if (remaining <= TimeSpan.Zero)
                        throw new TimeoutException();
                    await released.WaitAsync(remaining, ct);
                }
                catch (TimeoutException)
                {
                    lock (_sync)
                        _waitsFor.Remove(owner);
                    throw SqlError.FromCode(1205, "Lock wait timeout exceeded; try restarting transaction");
                }
            }
        }
        return skipped;
    }

    public void ReleaseAll(long owner)
    {
        TaskCompletionSource wake;
        lock (_sync)
        {
            _waitsFor.Remove(owner);
            if (!_held.Remove(owner, out var keys))
                return;
            foreach (var k in keys)
            {
                var (x, s) = _locks[k];
                s.Remove(owner);
                if (x == owner)
                    x = null;
                if (x is null && s.Count == 0)
                    _locks.Remove(k);
                else
                    _locks[k] = (x, s);
            }
            wake = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.SetResult();
    }

    private HashSet<long> Blockers(long owner, (ulong, string) id, bool shared)
    {
        if (!_locks.TryGetValue(id, out var l))
            return [];
        var blockers = new HashSet<long>();
        if (l.Exclusive is { } x && x != owner)
            blockers.Add(x);
        if (!shared && l.Exclusive != owner)
            blockers.UnionWith(l.Shared.Where(s => s != owner));
        return blockers;
    }

    private void Grant(long owner, (ulong, string) id, bool shared)
    {
        var (x, s) = _locks.TryGetValue(id, out var l) ? l : (null, new HashSet<long>());
        if (x != owner)
        {
            if (shared)
            {
                s.Add(owner);
            }
            else
            {
                s.Remove(owner);
                x = owner;
            }
        }
        _locks[id] = (x, s);
        (_held.TryGetValue(owner, out var list) ? list : _held[owner] = []).Add(id);
    }

    private bool ClosesCycle(long owner)
    {
        var visited = new HashSet<long>();
        var pending = new Stack<long>(_waitsFor[owner]);
        while (pending.TryPop(out var next))
        {
            if (next == owner)
                return true;
            if (visited.Add(next) && _waitsFor.TryGetValue(next, out var further))
            {
                foreach (var f in further)
                    pending.Push(f);
            }
        }
        return false;
    }
}

public enum RowWait
{
    Wait,
    NoWait,
    SkipLocked,
}
