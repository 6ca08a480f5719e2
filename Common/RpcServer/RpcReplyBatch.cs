namespace OceanClassic.Common.Rpc;

// A thread that completes many RPC handlers at once (the UpdateServer's group commit completing a
// batch of writes) opens a batch: replies written meanwhile are buffered in their connections and
// each connection is flushed once when the batch ends, so the replies of one batch to one caller
// leave in one send instead of one send each.
public static class RpcReplyBatch
{
    [ThreadStatic]
    private static List<RpcServerSession>? t_sessions;
    [ThreadStatic]
    private static int t_depth;
    [ThreadStatic]
    private static bool t_inHandler;

    // True while this thread runs the synchronous part of an RPC handler: whatever awaits a task
    // made now is that handler's own chain up to its reply (server code that never blocks), so
    // the task may run its continuations inline when it completes.
    public static bool InHandler => t_inHandler;

    internal static bool EnterHandler()
    {
        var outer = t_inHandler;
        t_inHandler = true;
        return outer;
    }

    internal static void ExitHandler(bool outer) => t_inHandler = outer;

    // The scope must end on the thread that began it (no await inside a batch).
    public static Scope Begin()
    {
        t_depth++;
        return new Scope(Environment.CurrentManagedThreadId);
    }

    // True when the reply will be flushed by the batch (the session is registered once per batch).
    internal static bool Defer(RpcServerSession session)
    {
        if (t_depth == 0)
            return false;
        var sessions = t_sessions ??= [];
        if (!sessions.Contains(session))
            sessions.Add(session);
        return true;
    }

    private static void End()
    {
        if (--t_depth > 0 || t_sessions is not { Count: > 0 } sessions)
            return;
        // A flush may complete other work inline that opens a batch of its own: take the list first.
        var flushing = sessions.ToArray();
        sessions.Clear();
        foreach (var session in flushing)
            session.FlushDeferred();
    }

    public readonly struct Scope(int threadId) : IDisposable
    {
        public void Dispose()
        {
            if (Environment.CurrentManagedThreadId != threadId)
                throw new InvalidOperationException("an RpcReplyBatch ended on another thread than it began");
            End();
        }
    }
}
