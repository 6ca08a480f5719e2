using Google.Protobuf;
using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Rpc;

// One outstanding client call, keyed by request id. Completed by the receive loop, the timeout sweep,
// the caller's cancellation or the connection's loss, whichever first removes it from its connection's
// table (that removal makes the completion exactly-once). Completing it also ends its bookkeeping (the
// cancellation registration, the rpc_call timer), so the caller gets the call's own task back and no
// async frame of the connection's wraps it. A response runs the caller's continuation right on the
// receive loop (a thread hop per call saved; callers never block a thread, they only await); failures
// come from timers, cancellation callbacks and Close, so they complete through the thread pool instead
// of running the caller inside those.
internal abstract class RpcPendingCall
{
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private CancellationTokenRegistration _registration;
    private int _settled;

    protected RpcPendingCall(RpcConnection owner, ulong requestId, uint packetCode, long deadlineMs, TimeSpan timeout)
    {
        Owner = owner;
        RequestId = requestId;
        PacketCode = packetCode;
        DeadlineMs = deadlineMs;
        Timeout = timeout;
    }

    public RpcConnection Owner { get; }

    public ulong RequestId { get; }

    public uint PacketCode { get; }

    public long DeadlineMs { get; }

    public TimeSpan Timeout { get; }

    // After the call is in its connection's table: a cancellation then finds it there.
    public void WatchCancellation(CancellationToken token)
    {
        _registration = token.UnsafeRegister(static (state, token) => ((RpcPendingCall)state!).OnCanceled(token), this);
        // Settled meanwhile (Close, the sweep): the registration made after it is dropped here.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _settled) != 0)
        {
            _registration.Unregister();
        }
    }

    // Runs on the receive loop while `frame.Body` is still valid, after the loop removed the call.
    public void Complete(in RpcFrame frame)
    {
        Settle();
        try
        {
            if (frame.Header.IsError)
            {
                var error = RpcError.Parser.ParseFrom(frame.Body);
                FailInline(new RpcException(error.Code, error.Message) { Item = error.Item });
            }
            else
            {
                SetResponse(frame);
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            FailInline(new RpcException(RpcErrorCodes.ProtocolError, $"bad response body for packet 0x{PacketCode:X}: {ex.Message}", ex));
        }
    }

    // After the caller removed the call from the table (the sweep, Close, a lost race with Close).
    public void Fail(Exception error)
    {
        Settle();
        FailLater(error);
    }

    // The call never reached the wire and the caller gets the error itself (not through the call's task).
    public void Abandon() => Settle();

    private void OnCanceled(CancellationToken token)
    {
        if (Owner.Forget(RequestId))
        {
            Settle();
            CancelLater(token);
        }
    }

    private void Settle()
    {
        Interlocked.Exchange(ref _settled, 1);
        _registration.Unregister();
        OperationTimers.RpcCall(PacketCode).Stop(_started);
    }

    protected abstract void SetResponse(in RpcFrame frame);

    protected abstract void FailInline(Exception error);

    protected abstract void FailLater(Exception error);

    protected abstract void CancelLater(CancellationToken token);
}

internal sealed class RpcPendingCall<TResp> : RpcPendingCall
    where TResp : IMessage<TResp>
{
    private readonly MessageParser<TResp> _parser;
    private readonly TaskCompletionSource<TResp> _completion = new();

    public RpcPendingCall(RpcConnection owner, ulong requestId, uint packetCode, MessageParser<TResp> parser, long deadlineMs, TimeSpan timeout)
        : base(owner, requestId, packetCode, deadlineMs, timeout)
    {
        _parser = parser;
    }

    public Task<TResp> Task => _completion.Task;

    protected override void SetResponse(in RpcFrame frame) => _completion.TrySetResult(_parser.ParseFrom(frame.Body));

    protected override void FailInline(Exception error) => _completion.TrySetException(error);

    protected override void FailLater(Exception error) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Call._completion.TrySetException(state.Error), (Call: this, Error: error), preferLocal: false);

    protected override void CancelLater(CancellationToken token) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Call._completion.TrySetCanceled(state.Token), (Call: this, Token: token), preferLocal: false);
}
