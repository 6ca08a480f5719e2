namespace OceanClassic.UpdateServer.Engine;

// The newest commit version whose log entry (and every earlier one) is durable. Readers use it
// as the default snapshot, so a reader never sees a write that a crash could still take back,
// and a transaction (one version) becomes visible all at once.
public sealed class CommittedVersionWatermark(ulong initial)
{
    private readonly Lock _lock = new();
    private readonly List<(ulong Version, TaskCompletionSource Done)> _waiters = [];
    private ulong _version = initial;

    public ulong Version => Interlocked.Read(ref _version);

    public void Advance(ulong version)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_lock)
        {
            if (version <= _version)
                return;
            Interlocked.Exchange(ref _version, version);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Version <= version)
                {
                    (ready ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        if (ready is not null)
        {
            foreach (var done in ready)
                done.TrySetResult();
        }
    }

    // True once `version` is committed; false if that takes longer than `timeout`.
    public async ValueTask<bool> WaitForAsync(ulong version, TimeSpan timeout, CancellationToken ct)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (version <= _version)
                return true;
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((version, done));
        }
        try
        {
            await done.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }
            return Version >= version;
        }
    }
}
