using System.Buffers;
using Google.Protobuf;

namespace OceanClassic.Common.Rpc;

// Type-erased handler so the server's dispatch table holds one kind of entry.
internal abstract class RpcHandler
{
    public abstract IMessage Parse(in ReadOnlySequence<byte> body);

    public abstract ValueTask<IMessage> InvokeAsync(IMessage request, RpcCallContext context);
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

    public override ValueTask<IMessage> InvokeAsync(IMessage request, RpcCallContext context)
    {
        var pending = _handler((TReq)request, context);
        // Synchronously finished handlers avoid the async state machine entirely.
        return pending.IsCompletedSuccessfully ? new ValueTask<IMessage>(pending.Result) : AwaitAsync(pending);
    }

    private static async ValueTask<IMessage> AwaitAsync(ValueTask<TResp> pending) => await pending.ConfigureAwait(false);
}
