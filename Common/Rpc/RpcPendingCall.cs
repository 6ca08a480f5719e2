using Google.Protobuf;
using OceanClassic.Common.Protos;

namespace OceanClassic.Common.Rpc;

// One outstanding client call, keyed by request id. Completed by the receive loop, the timeout sweep,
// the caller's cancellation or the connection's loss, whichever comes first.
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
                Fail(new RpcException(error.Code, error.Message));
            }
            else
            {
                SetResponse(frame);
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            Fail(new RpcException(RpcErrorCodes.ProtocolError, $"bad response body for packet 0x{PacketCode:X}: {ex.Message}", ex));
        }
    }

    protected abstract void SetResponse(in RpcFrame frame);

    public abstract void Fail(Exception error);

    public abstract void Cancel(CancellationToken token);
}

internal sealed class RpcPendingCall<TResp> : RpcPendingCall
    where TResp : IMessage<TResp>
{
    private readonly MessageParser<TResp> _parser;
    private readonly TaskCompletionSource<TResp> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RpcPendingCall(uint packetCode, MessageParser<TResp> parser, long deadlineMs, TimeSpan timeout)
        : base(packetCode, deadlineMs, timeout)
    {
        _parser = parser;
    }

    public Task<TResp> Task => _completion.Task;

    protected override void SetResponse(in RpcFrame frame) => _completion.TrySetResult(_parser.ParseFrom(frame.Body));

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override void Cancel(CancellationToken token) => _completion.TrySetCanceled(token);
}
