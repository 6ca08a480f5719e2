using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OceanClassic.Common.Tasks;

// The builder of an async ValueTask method whose result is awaited exactly once (the contract of the
// runtime's PoolingAsyncValueTaskMethodBuilder), for methods that many callers run at once on one thread.
// A MergeServer's socket thread holds a statement of each of its sessions waiting on an RPC at the same
// time, and the runtime's pool keeps one box per thread and one per core, so all but one or two of those
// statements allocated their state machine boxes anew (issue 21: about a third of what a point select
// allocated). Here a thread keeps up to PoolSize idle boxes per state machine type. A method that completes
// without waiting uses no box at all; one that waits takes a box on its first wait, and the box goes back
// to the pool of the thread that reads the result (in the roles: the socket thread that ran the method).
// Usage: [AsyncMethodBuilder(typeof(ThreadPooledValueTaskMethodBuilder<>))] on an async ValueTask<T> method.
[StructLayout(LayoutKind.Auto)]
public struct ThreadPooledValueTaskMethodBuilder<TResult>
{
    private PooledStateMachineBox<TResult>? _box;
    private TResult _result;
    private Exception? _error;

    public static ThreadPooledValueTaskMethodBuilder<TResult> Create() => default;

    public readonly ValueTask<TResult> Task => _box is { } box
        ? new ValueTask<TResult>(box, box.Version)
        : _error is null ? new ValueTask<TResult>(_result) : ValueTask.FromException<TResult>(_error);

    // The box once the method waited; null while it has run without waiting (for the non-generic builder).
    internal readonly PooledStateMachineBox<TResult>? Box => _box;

    internal readonly Exception? Error => _error;

    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        // The runtime's start: runs the first step with the caller's execution and synchronization
        // contexts restored afterwards.
        var start = AsyncValueTaskMethodBuilder<TResult>.Create();
        start.Start(ref stateMachine);
    }

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine) => _ = stateMachine;

    public void SetResult(TResult result)
    {
        if (_box is null)
            _result = result;
        else
            _box.SetResult(result);
    }

    public void SetException(Exception exception)
    {
        if (_box is null)
            _error = exception;
        else
            _box.SetException(exception);
    }

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(ResumeActionFor(ref stateMachine));

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        awaiter.UnsafeOnCompleted(ResumeActionFor(ref stateMachine));

    // What resumes the method after this wait: its box's MoveNext, the box taken on the first wait.
    private Action ResumeActionFor<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        var context = ExecutionContext.Capture();
        if (_box is PooledStateMachineBox<TResult, TStateMachine> waited)
        {
            waited.Context = context;
            return waited.MoveNextAction;
        }

        var box = PooledStateMachineBox<TResult, TStateMachine>.Rent();
        // Before the copy: the state machine moved into the box must carry the box in its builder, and
        // the caller's copy (on its stack, read by Task after the first step) must too.
        _box = box;
        box.StateMachine = stateMachine;
        box.Context = context;
        return box.MoveNextAction;
    }
}

// The same for async ValueTask methods without a result.
[StructLayout(LayoutKind.Auto)]
public struct ThreadPooledValueTaskMethodBuilder
{
    private ThreadPooledValueTaskMethodBuilder<NoResult> _inner;

    public static ThreadPooledValueTaskMethodBuilder Create() => default;

    public readonly ValueTask Task => _inner.Box is { } box
        ? new ValueTask(box, box.Version)
        : _inner.Error is null ? default : ValueTask.FromException(_inner.Error);

    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine =>
        _inner.Start(ref stateMachine);

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine) => _ = stateMachine;

    public void SetResult() => _inner.SetResult(default);

    public void SetException(Exception exception) => _inner.SetException(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        _inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine =>
        _inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);

    internal readonly struct NoResult;
}
