using System.Globalization;
using Google.Protobuf;
using OceanClassic.Common.Hosting;
using OceanClassic.Common.Rpc;

namespace OceanClassic.RootServer.Pair;

// The primary's RPC endpoints (everything but the pair's own calls) are mapped through this: the
// RPC gate refuses a request before its work unless the RS may serve; after the work, just before the
// reply goes out, the RS must still be able to serve, in the epoch the work began in (RsPair rule 1),
// so a pause anywhere in the handler makes its reply NotPrimary. The reply carries that epoch
// (its rs_epoch field), which the servers' RootServerClient compares with the newest it has seen.
public sealed class PrimaryRpc(IRpcEndpointMap rpc, RsPair pair) : IRpcEndpointMap
{
    public const string EpochField = "rs_epoch";

    public void Register<TReq, TResp>(uint code, MessageParser<TReq> parser, Func<TReq, RpcCallContext, ValueTask<TResp>> handler)
        where TReq : IMessage<TReq>
        where TResp : IMessage<TResp> =>
        rpc.Register(code, parser, async (TReq request, RpcCallContext call) =>
        {
            var epoch = pair.Epoch;
            var response = await handler(request, call).ConfigureAwait(false);
            await FaultPoints.ReachAsync(RsFaultPoints.WorkedNotReplied, code.ToString(CultureInfo.InvariantCulture), call.CancellationToken).ConfigureAwait(false);
            pair.CheckBeforeReply(epoch);
            response.Descriptor.FindFieldByName(EpochField)?.Accessor.SetValue(response, epoch);
            return response;
        });
}
