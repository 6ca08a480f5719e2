using Google.Protobuf;
using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Rpc;

// One outstanding client call, keyed by request id. Completed by the receive loop, the timeout sweep,
// the caller's cancellation or the connection's loss, whichever comes first. A response runs the
// caller's continuation right on the receive loop (a thread hop per call saved; callers never block a
// thread, they only await); failures come from timers, cancellation callbacks and Close, so they
// complete through the thread pool instead of running the caller inside those.
internal abstract class RpcPendingCall
{
    protected RpcPendingCall(uint packetCode, long deadlineMs, TimeSpan timeout)
    {
        PacketCode = packetCode;
        DeadlineMs = deadlineMs;
        Timeout = timeout;
    }

    public uint PacketCode { get; }

    public long DeadlineMs { get; }

    public TimeSpan Timeout { get; }

    // Runs on the receive loop while `frame.Body` is still valid.
    public void Complete(in RpcFrame frame)
    {
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

    protected abstract void SetResponse(in RpcFrame frame);

    protected abstract void FailInline(Exception error);

    public abstract void Fail(Exception error);

    public abstract void Cancel(CancellationToken token);
}

internal sealed class RpcPendingCall<TResp> : RpcPendingCall
    where TResp : IMessage<TResp>
{
    private readonly MessageParser<TResp> _parser;
    private readonly TaskCompletionSource<TResp> _completion = new();

    public RpcPendingCall(uint packetCode, MessageParser<TResp> parser, long deadlineMs, TimeSpan timeout)
        : base(packetCode, deadlineMs, timeout)
    {
        _parser = parser;
    }

    public Task<TResp> Task => _completion.Task;

    protected override void SetResponse(in RpcFrame frame) => _completion.TrySetResult(_parser.ParseFrom(frame.Body));

    protected override void FailInline(Exception error) => _completion.TrySetException(error);

    public override void Fail(Exception error) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Call._completion.TrySetException(state.Error), (Call: this, Error: error), preferLocal: false);

    public override void Cancel(CancellationToken token) =>
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Call._completion.TrySetCanceled(state.Token), (Call: this, Token: token), preferLocal: false);
}
