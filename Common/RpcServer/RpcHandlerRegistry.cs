using System.Collections.Frozen;
using Google.Protobuf;

namespace OceanClassic.Common.Rpc;

// Packet code → handler. Filled while the role starts (each endpoint group maps itself onto it:
// IRpcEndpoints); frozen at the first lookup so dispatch is lock-free.
// A handler runs on the connection's read loop until its first await: do blocking work after an
// await (or on Task.Run), never before it, or it delays the other requests on that connection.
public sealed class RpcHandlerRegistry : IRpcEndpointMap
{
    private readonly Dictionary<uint, RpcHandler> _building = [];
    private readonly Lock _lock = new();
    private FrozenDictionary<uint, RpcHandler>? _frozen;

    public void Register<TReq, TResp>(
        uint code, MessageParser<TReq> parser, Func<TReq, RpcCallContext, ValueTask<TResp>> handler)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            if (_frozen is not null)
            {
                throw new InvalidOperationException($"packet 0x{code:X} registered after the RPC server started");
            }
            if (!_building.TryAdd(code, new RpcHandler<TReq, TResp>(parser, handler)))
            {
                throw new InvalidOperationException($"packet 0x{code:X} is already registered");
            }
        }
    }

    // Checked before every handler: an exception to answer instead of running it (a backup
    // RootServer refuses the primary's requests), or null to run it.
    public Func<uint, RpcException?>? Gate { get; set; }

    public bool IsRegistered(uint code) => Frozen.ContainsKey(code);

    internal bool TryGet(uint code, out RpcHandler handler) => Frozen.TryGetValue(code, out handler!);

    private FrozenDictionary<uint, RpcHandler> Frozen => _frozen ?? Freeze();

    private FrozenDictionary<uint, RpcHandler> Freeze()
    {
        lock (_lock)
        {
            return _frozen ??= _building.ToFrozenDictionary();
        }
    }
}
