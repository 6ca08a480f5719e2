using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace OceanClassic.Common.Tasks;

// What a waiting async method of ThreadPooledValueTaskMethodBuilder lives in: its state machine, the
// execution context it resumes in, and the completion its ValueTask reads. Reading the result (GetResult,
// once) resets the box and returns it to the reading thread's pool, so a ValueTask from it must be awaited
// exactly once and never after.
internal abstract class PooledStateMachineBox<TResult> : IValueTaskSource<TResult>, IValueTaskSource
{
    // A mutable struct: a field, never a property.
    private ManualResetValueTaskSourceCore<TResult> _completion;

    public short Version => _completion.Version;

    public void SetResult(TResult result) => _completion.SetResult(result);

    public void SetException(Exception error) => _completion.SetException(error);

    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    public TResult GetResult(short token)
    {
        try
        {
            return _completion.GetResult(token);
        }
        finally
        {
            _completion.Reset();
            Return();
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _completion.GetResult(token);
        }
        finally
        {
            _completion.Reset();
            Return();
        }
    }

    protected abstract void Return();
}

// The box of one state machine type, with each thread's pool of idle ones.
internal sealed class PooledStateMachineBox<TResult, TStateMachine> : PooledStateMachineBox<TResult>
    where TStateMachine : IAsyncStateMachine
{
    // Idle boxes a thread keeps per state machine type: more than the statements a socket thread has
    // waiting at once under sysbench's 16-64 connections per MergeServer.
    public const int PoolSize = 64;

    [ThreadStatic]
    private static PooledStateMachineBox<TResult, TStateMachine>?[]? t_idle;

    [ThreadStatic]
    private static int t_idleCount;

    private static readonly ContextCallback RunInContext = static box => ((PooledStateMachineBox<TResult, TStateMachine>)box!).StateMachine.MoveNext();

    private Action? _moveNext;

    public TStateMachine StateMachine = default!;

    public ExecutionContext? Context;

    // Made once per box, and boxes are reused: no delegate per wait.
    public Action MoveNextAction => _moveNext ??= MoveNext;

    public static PooledStateMachineBox<TResult, TStateMachine> Rent()
    {
        var idle = t_idle;
        if (idle is null || t_idleCount == 0)
            return new PooledStateMachineBox<TResult, TStateMachine>();
        var count = --t_idleCount;
        var box = idle[count]!;
        idle[count] = null;
        return box;
    }

    // Drops what the finished method held (its locals live in the state machine) before keeping the box.
    protected override void Return()
    {
        StateMachine = default!;
        Context = null;
        var idle = t_idle ??= new PooledStateMachineBox<TResult, TStateMachine>?[PoolSize];
        if (t_idleCount < PoolSize)
            idle[t_idleCount++] = this;
    }

    private void MoveNext()
    {
        var context = Context;
        if (context is null)
            StateMachine.MoveNext();
        else
            ExecutionContext.Run(context, RunInContext, this);
    }
}
