using System.Buffers;
using Google.Protobuf;

namespace OceanClassic.Common.Rpc;

// Type-erased handler so the server's dispatch table holds one kind of entry.
internal abstract class RpcHandler
{
    public abstract IMessage Parse(in ReadOnlySequence<byte> body);

    // The response when the handler finished at once (the session buffers it with the read's other
    // replies); otherwise null, and the reply (or the error) goes out through the session when ready.
    public abstract IMessage? Invoke(IMessage request, RpcCallContext context, RpcServerSession session, RpcFrameHeader header);
}

internal sealed class RpcHandler<TReq, TResp> : RpcHandler
    where TReq : IMessage<TReq>
    where TResp : IMessage<TResp>
{
    private readonly MessageParser<TReq> _parser;
    private readonly Func<TReq, RpcCallContext, ValueTask<TResp>> _handler;

    public RpcHandler(MessageParser<TReq> parser, Func<TReq, RpcCallContext, ValueTask<TResp>> handler)
    {
        _parser = parser;
        _handler = handler;
    }

    public override IMessage Parse(in ReadOnlySequence<byte> body) => _parser.ParseFrom(body);

    public override IMessage? Invoke(IMessage request, RpcCallContext context, RpcServerSession session, RpcFrameHeader header)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pending = _handler((TReq)request, context);
        // Synchronously finished handlers avoid the async state machine entirely.
        if (pending.IsCompletedSuccessfully)
        {
            OperationTimers.RpcServe(header.PacketCode).Stop(started);
            return pending.Result;
        }
        _ = ReplyLaterAsync(pending, session, header, started);
        return null;
    }

    // Typed, so a handler that goes async costs one state machine for its reply, not two.
    private static async Task ReplyLaterAsync(ValueTask<TResp> pending, RpcServerSession session, RpcFrameHeader header, long started)
    {
        IMessage? response = null;
        Exception? error = null;
        try
        {
            response = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }
        OperationTimers.RpcServe(header.PacketCode).Stop(started);
        await session.SendAsync(header, response, error).ConfigureAwait(false);
    }
}
