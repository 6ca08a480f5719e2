namespace OceanClassic.UpdateServer.Transactions;

// The deadlock check, run under the lock table's graph lock right after an owner queued. A queued
// owner waits for every holder its mode conflicts with and, as the queue is FIFO, for every
// conflicting request ahead of it; waiting deadlocks exactly when those edges lead back to the owner.
// A depth-first walk with a visited set finds any such cycle (2, 3 or more owners) and never reports
// one that is not there: a long queue on one hot row is a chain, not a cycle.
internal static class WaitForGraph
{
    public static bool ClosesCycle(LockOwner owner)
    {
        var visited = new HashSet<LockOwner>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<LockOwner>();
        PushBlockers(owner, pending);
        while (pending.TryPop(out var next))
        {
            if (next == owner)
                return true;
            if (visited.Add(next))
                PushBlockers(next, pending);
        }
        return false;
    }

    // The owners `waiter` waits for (none when it is not queued).
    private static void PushBlockers(LockOwner waiter, Stack<LockOwner> pending)
    {
        if (waiter.WaitingFor is not { } held || waiter.Waiting is not { } request)
            return;
        var exclusive = request.Mode == RowLockMode.Exclusive;
        if (held.Exclusive is { } x && x != waiter)
            pending.Push(x);
        if (exclusive && held.Shared is { } shared)
        {
            foreach (var s in shared)
            {
                if (s != waiter)
                    pending.Push(s);
            }
        }
        foreach (var ahead in held.Waiters!)
        {
            if (ahead == request)
                break;
            if (exclusive || ahead.Mode == RowLockMode.Exclusive)
                pending.Push(ahead.Owner);
        }
    }
}
