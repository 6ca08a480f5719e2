using System.Diagnostics;
using OceanClassic.UpdateServer.CommitLog;

namespace OceanClassic.UpdateServer.Transactions;

// One UPS session (0.4's ObUpsSession): its id, the version it began at, its private write set,
// the row locks it holds, and a gate that runs its statements one at a time. Ended once it
// committed or rolled back; any later call on it fails with 6010.
public sealed class UpsTransaction
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _abort = new();
    private readonly List<AutoIncMark> _autoInc = [];
    private long _lastActiveTicks = Stopwatch.GetTimestamp();
    private volatile bool _ended;
    private CancellationTokenRegistration _orphaned;

    public UpsTransaction(ulong id, ulong readVersion, TimeSpan idleTimeout, TimeSpan lockWaitTimeout)
    {
        Id = id;
        ReadVersion = readVersion;
        IdleTimeout = idleTimeout;
        LockWaitTimeout = lockWaitTimeout;
        Owner = new LockOwner(id);
    }

    public ulong Id { get; }
    public ulong ReadVersion { get; }
    public TimeSpan IdleTimeout { get; }
    public TimeSpan LockWaitTimeout { get; }
    public LockOwner Owner { get; }
    public TxWriteSet WriteSet { get; } = new();
    public bool Ended => _ended;

    // Fires when the transaction is rolled back from outside (EndTx rollback, idle sweep), so a
    // statement waiting for a lock gives up at once.
    public CancellationToken AbortToken => _abort.Token;

    public IReadOnlyList<AutoIncMark> AutoInc => _autoInc;

    public TimeSpan IdleFor => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastActiveTicks));

    public void Touch() => Interlocked.Exchange(ref _lastActiveTicks, Stopwatch.GetTimestamp());

    // Statement gate. Throws 6010 if the transaction ended while the caller waited.
    public async ValueTask EnterAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        if (_ended)
        {
            _gate.Release();
            TxErrors.ThrowNotFound(Id);
        }
        Touch();
    }

    // For the idle sweep: the gate if no statement is running right now.
    public bool TryEnter() => !_ended && _gate.Wait(0);

    public void Exit()
    {
        Touch();
        _gate.Release();
    }

    // Under the gate (the statement that just checked the marks).
    public void AddAutoInc(IEnumerable<AutoIncMark> marks) => _autoInc.AddRange(marks);

    // Runs `rollback` (once, from the canceling thread: keep it short) when `closed` fires before
    // the transaction ends.
    public void RollBackWhen(CancellationToken closed, Action rollback)
    {
        try
        {
            _orphaned = closed.UnsafeRegister(static state => ((Action)state!)(), rollback);
        }
        catch (ObjectDisposedException)
        {
            rollback(); // the connection is already gone
        }
    }

    // Under the gate: no statement can start after this.
    public void MarkEnded()
    {
        _ended = true;
        _orphaned.Dispose();
    }

    public void Abort()
    {
        _abort.Cancel();
    }
}
