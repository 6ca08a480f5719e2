namespace OceanClassic.UpdateServer.Transactions;

// The lock waits of one apply request: each wait is bounded by the lock wait timeout (the UPS's or the
// transaction's) and, when the request carries lock_wait_limit_ms, all of them together by that limit,
// counted from the request's arrival. The MergeServer sets the limit below its RPC timeout: a wait past it
// would answer nobody, and 1205 (lock wait timeout) is the answer MySQL gives a statement that waited too long.
public readonly struct LockWaitBudget
{
    private readonly TimeSpan _each;
    private readonly long _endMs;

    private LockWaitBudget(TimeSpan each, long endMs)
    {
        _each = each;
        _endMs = endMs;
    }

    public static LockWaitBudget Of(TimeSpan lockWait, uint limitMs) =>
        new(lockWait, limitMs == 0 ? long.MaxValue : Environment.TickCount64 + limitMs);

    // The timeout of the next wait: the lock wait, or less when the request's limit ends sooner (zero once
    // it has passed: a busy lock then answers 1205 at once).
    public TimeSpan Next()
    {
        if (_endMs == long.MaxValue)
            return _each;
        var left = TimeSpan.FromMilliseconds(Math.Max(0, _endMs - Environment.TickCount64));
        return left < _each ? left : _each;
    }
}
