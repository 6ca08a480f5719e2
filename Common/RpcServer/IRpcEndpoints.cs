using Google.Protobuf;

namespace OceanClassic.Common.Rpc;

// The one way a role declares the RPC endpoints it serves: the class that answers a group of packets
// implements IRpcEndpoints and maps each packet code to its handler in MapTo; the role maps its groups
// once while it starts. The map is the server's registry, or a wrapper that guards every handler it is
// given (the RootServer's PrimaryRpc), so an endpoint group does not know how it is guarded.
public interface IRpcEndpoints
{
    void MapTo(IRpcEndpointMap map);
}

// Where endpoints are mapped: packet code → request parser and handler.
public interface IRpcEndpointMap
{
    void Register<TReq, TResp>(uint code, MessageParser<TReq> parser, Func<TReq, RpcCallContext, ValueTask<TResp>> handler)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp>;
}
