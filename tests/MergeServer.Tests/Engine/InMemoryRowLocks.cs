using OceanClassic.MergeServer.Engine;

namespace OceanClassic.MergeServer.Tests.Engine;

// Row write locks of the in-memory UPS: one owner per (table, rowkey), re-entrant for that owner. A
// waiter sleeps until some owner releases, then looks again; it gets 1205 when its timeout passes and
// 1213 when waiting would close a cycle of waiters (deadlock).
public sealed class InMemoryRowLocks
{
    private readonly object _sync = new();
    private readonly Dictionary<(ulong Table, string Key), long> _owners = [];
    private readonly Dictionary<long, List<(ulong, string)>> _held = [];
    private readonly Dictionary<long, long> _waitsFor = [];
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Waits { get; private set; }

    public int LockedRows
    {
        get
        {
            lock (_sync)
                return _owners.Count;
        }
    }

    public async Task AcquireAsync(long owner, IEnumerable<(ulong Table, byte[] Key)> keys, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var (table, key) in keys)
        {
            var id = (table, Convert.ToHexString(key));
            while (true)
            {
                Task released;
                lock (_sync)
                {
                    if (!_owners.TryGetValue(id, out var holder) || holder == owner)
                    {
                        if (holder != owner)
                        {
                            _owners[id] = owner;
                            (_held.TryGetValue(owner, out var list) ? list : _held[owner] = []).Add(id);
                        }
                        _waitsFor.Remove(owner);
                        break;
                    }
                    _waitsFor[owner] = holder;
                    if (ClosesCycle(owner, holder))
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
                _owners.Remove(k);
            wake = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.SetResult();
    }

    private bool ClosesCycle(long owner, long holder)
    {
        for (var (h, steps) = (holder, 0); steps < 1000; steps++)
        {
            if (h == owner)
                return true;
            if (!_waitsFor.TryGetValue(h, out h))
                return false;
        }
        return false;
    }
}
