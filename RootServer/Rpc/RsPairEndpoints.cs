using OceanClassic.Common.Protos;
using OceanClassic.Common.Rpc;

using OceanClassic.RootServer.Pair;

namespace OceanClassic.RootServer.Rpc;

// The pair's own packets, answered by the primary and the backup alike (the RPC gate lets them
// through): the pair's status, and the primary's lease renewal with the log it ships.
public sealed class RsPairEndpoints(RsPair pair) : IRpcEndpoints
{
    public void MapTo(IRpcEndpointMap map)
    {
        map.Register(PacketCodes.RsPairStatus, Empty.Parser, (_, _) => ValueTask.FromResult(pair.Status()));
        map.Register(PacketCodes.RsPairRenew, RsPairRenewRequest.Parser, (r, c) => pair.OnRenewAsync(r, c.CancellationToken));
    }
}
